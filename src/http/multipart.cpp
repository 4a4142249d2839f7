#include "http/multipart.hpp"

#include <utility>

#include "http/url.hpp"
#include "util/strings.hpp"

namespace cityskills::http {
namespace {

using ParamList = std::vector<std::pair<std::string, std::string>>;

bool tchar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// `; name=value; name="quoted \" value"` after the media type (RFC 9110 5.6.6).
// nullopt on malformed syntax or a parameter given twice.
std::optional<ParamList> parse_params(std::string_view s) {
  ParamList out;
  std::size_t i = 0;
  auto skip_ws = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
  };
  while (true) {
    skip_ws();
    if (i >= s.size()) return out;
    if (s[i] != ';') return std::nullopt;
    ++i;
    skip_ws();
    if (i >= s.size()) return out;  // a trailing ';' is tolerated, as browsers do
    std::size_t start = i;
    while (i < s.size() && tchar(s[i])) ++i;
    if (i == start || i >= s.size() || s[i] != '=') return std::nullopt;
    std::string name = util::to_lower(s.substr(start, i - start));
    ++i;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        char c = s[i++];
        if (c == '"') { closed = true; break; }
        if (c == '\\' && i < s.size()) c = s[i++];
        value += c;
      }
      if (!closed) return std::nullopt;
    } else {
      std::size_t vs = i;
      while (i < s.size() && tchar(s[i])) ++i;
      if (i == vs) return std::nullopt;
      value = std::string(s.substr(vs, i - vs));
    }
    for (const auto& [k, v] : out)
      if (k == name) return std::nullopt;
    out.emplace_back(std::move(name), std::move(value));
  }
}

const std::string* param(const ParamList& p, std::string_view name) {
  for (const auto& [k, v] : p)
    if (k == name) return &v;
  return nullptr;
}

bool boundary_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("'()+_,-./:=? ").find(c) != std::string_view::npos;
}

// RFC 5987 ext-value: only UTF-8 is accepted (the only charset browsers send).
std::optional<std::string> decode_ext_value(std::string_view v) {
  auto q1 = v.find('\'');
  if (q1 == std::string_view::npos) return std::nullopt;
  auto q2 = v.find('\'', q1 + 1);
  if (q2 == std::string_view::npos) return std::nullopt;
  if (util::to_lower(v.substr(0, q1)) != "utf-8") return std::nullopt;
  return percent_decode(v.substr(q2 + 1), false);
}

MultipartResult fail(int status, std::string reason) {
  MultipartResult r;
  r.status = status;
  r.reason = std::move(reason);
  return r;
}

struct PartHeaders {
  std::string disposition, content_type, encoding;
  int dispositions = 0, types = 0;
};

// Header lines of one part; false on obs-fold, a line without ':' or a repeated field.
bool read_part_headers(std::string_view block, PartHeaders& h) {
  std::size_t pos = 0;
  while (pos < block.size()) {
    auto end = block.find("\r\n", pos);
    if (end == std::string_view::npos) end = block.size();
    auto line = block.substr(pos, end - pos);
    pos = end + 2;
    if (line.empty()) continue;
    if (line[0] == ' ' || line[0] == '\t') return false;
    auto colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    auto name = util::to_lower(line.substr(0, colon));
    for (char c : name)
      if (!tchar(c)) return false;
    auto value = std::string(util::trim(line.substr(colon + 1)));
    for (unsigned char c : value)
      if (c == 0 || c == '\r' || c == '\n') return false;
    if (name == "content-disposition") { h.disposition = value; ++h.dispositions; }
    else if (name == "content-type") { h.content_type = util::to_lower(value); ++h.types; }
    else if (name == "content-transfer-encoding") h.encoding = util::to_lower(value);
  }
  return h.dispositions <= 1 && h.types <= 1;
}

// Fills name, filename and content type of `part` from its headers; a reason on failure.
std::optional<std::string> describe_part(const PartHeaders& h, Part& part) {
  if (h.dispositions != 1) return "part without content-disposition";
  if (!h.encoding.empty() && h.encoding != "7bit" && h.encoding != "8bit" && h.encoding != "binary")
    return "content-transfer-encoding";
  auto semi = h.disposition.find(';');
  auto kind = util::to_lower(util::trim(std::string_view(h.disposition).substr(0, semi)));
  if (kind != "form-data") return "disposition is not form-data";
  auto params = parse_params(semi == std::string::npos ? "" : std::string_view(h.disposition).substr(semi));
  if (!params) return "malformed disposition parameters";
  auto* name = param(*params, "name");
  if (!name || name->empty() || name->size() > 200 || !util::valid_utf8(*name)) return "bad part name";
  for (unsigned char c : *name)
    if (c < 0x20 || c == 0x7f) return "bad part name";
  part.name = *name;
  if (auto* ext = param(*params, "filename*")) {
    auto decoded = decode_ext_value(*ext);
    if (!decoded) return "bad filename*";
    part.filename = std::move(*decoded);
  } else if (auto* fn = param(*params, "filename")) {
    part.filename = *fn;
  }
  part.content_type = h.content_type;
  if (part.content_type.starts_with("multipart/")) return "nested multipart";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  auto semi = content_type.find(';');
  auto type = util::to_lower(util::trim(content_type.substr(0, semi)));
  if (type != "multipart/form-data" || semi == std::string_view::npos) return std::nullopt;
  auto params = parse_params(content_type.substr(semi));
  if (!params) return std::nullopt;
  auto* b = param(*params, "boundary");
  if (!b || b->empty() || b->size() > 70 || b->back() == ' ') return std::nullopt;
  for (char c : *b)
    if (!boundary_char(c)) return std::nullopt;
  return *b;
}

MultipartResult parse_multipart(std::string_view content_type, std::string_view body, const MultipartLimits& limits) {
  auto boundary = multipart_boundary(content_type);
  if (!boundary) return fail(400, "missing or invalid boundary");
  const std::string delim = "--" + *boundary;
  const std::string next_delim = "\r\n" + delim;

  std::size_t pos;
  if (body.starts_with(delim)) {
    pos = 0;
  } else {
    auto at = body.find(next_delim);  // after a preamble, which is ignored
    if (at == std::string_view::npos) return fail(400, "no delimiter");
    pos = at + 2;
  }
  MultipartResult out;
  while (true) {
    pos += delim.size();
    if (body.substr(pos, 2) == "--") return out;  // close delimiter; the epilogue is ignored
    while (pos < body.size() && (body[pos] == ' ' || body[pos] == '\t')) ++pos;  // transport padding
    if (body.substr(pos, 2) != "\r\n") return fail(400, "delimiter not followed by CRLF");
    pos += 2;
    if (out.parts.size() >= limits.max_parts) return fail(413, "too many parts");

    std::string_view headers;
    std::size_t content;
    if (body.substr(pos, 2) == "\r\n") {
      content = pos + 2;  // no header lines at all
    } else {
      auto end = body.substr(pos, limits.max_part_header_bytes + 4).find("\r\n\r\n");
      if (end == std::string_view::npos)
        return body.size() - pos > limits.max_part_header_bytes ? fail(413, "part headers too large")
                                                                 : fail(400, "unterminated part headers");
      headers = body.substr(pos, end);
      content = pos + end + 4;
    }
    PartHeaders h;
    if (!read_part_headers(headers, h)) return fail(400, "malformed part headers");
    Part part;
    if (auto reason = describe_part(h, part)) return fail(400, *reason);
    auto end = body.find(next_delim, content);
    if (end == std::string_view::npos) return fail(400, "unterminated part");
    part.data = body.substr(content, end - content);
    out.parts.push_back(std::move(part));
    pos = end + 2;
  }
}

}  // namespace cityskills::http
