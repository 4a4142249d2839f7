#include "http/url.hpp"

#include "util/strings.hpp"

namespace cityskills::http {
namespace {
int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      int h = hexval(s[i + 1]), l = hexval(s[i + 2]);
      if (h < 0 || l < 0) return std::nullopt;
      out += static_cast<char>(h * 16 + l);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  for (unsigned char c : out)
    if (c == 0) return std::nullopt;
  if (!util::valid_utf8(out)) return std::nullopt;
  return out;
}

std::string percent_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '_' || c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::optional<std::string> decode_path(std::string_view raw) {
  if (raw.empty() || raw[0] != '/') return std::nullopt;
  auto decoded = percent_decode(raw, false);
  if (!decoded) return std::nullopt;
  const std::string& p = *decoded;
  if (p.find('\\') != std::string::npos) return std::nullopt;
  for (unsigned char c : p)
    if (c < 0x20 || c == 0x7f) return std::nullopt;
  // A '%' left after one decoding means the client encoded twice (%252e): refuse.
  if (p.find('%') != std::string::npos) return std::nullopt;
  for (auto seg : util::split(std::string_view(p).substr(1), '/'))
    if (seg == ".." || seg == ".") return std::nullopt;
  return decoded;
}

std::optional<Params> parse_form(std::string_view s) {
  Params out;
  if (s.empty()) return out;
  for (auto pair : util::split(s, '&')) {
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto k = percent_decode(pair.substr(0, eq), true);
    auto v = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
    if (!k || !v) return std::nullopt;
    out.emplace_back(std::move(*k), std::move(*v));
  }
  return out;
}

}  // namespace cityskills::http
