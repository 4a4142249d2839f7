// multipart/form-data (http::parse_multipart). Input: the Content-Type value, a newline, the
// body. A body that parses keeps the limits, its parts point into the body, and the parts
// written out again with the same boundary parse to the same parts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common.hpp"
#include "http/multipart.hpp"
#include "util/strings.hpp"

using namespace cityskills;

namespace {

std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string write(const std::vector<http::Part>& parts, const std::string& boundary) {
  std::string out;
  for (const auto& p : parts) {
    out += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(p.name);
    if (p.filename) out += "; filename=" + quoted(*p.filename);
    out += "\r\n";
    if (!p.content_type.empty()) out += "Content-Type: " + p.content_type + "\r\n";
    out += "\r\n";
    out += p.data;
    out += "\r\n";
  }
  return out + "--" + boundary + "--\r\n";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto nl = input.find('\n');
  if (nl == std::string_view::npos) return 0;
  auto content_type = input.substr(0, nl);
  auto body = input.substr(nl + 1);
  http::MultipartLimits limits;
  limits.max_parts = 8;
  limits.max_part_header_bytes = 256;
  auto r = http::parse_multipart(content_type, body, limits);
  if (!r.ok()) {
    fuzz::require(r.status == 400 || r.status == 413, "refusal is 400 or 413");
    fuzz::require(r.parts.empty(), "a refusal carries no parts");
    return 0;
  }
  fuzz::require(r.parts.size() <= limits.max_parts, "part count within the limit");
  auto boundary = http::multipart_boundary(content_type);
  fuzz::require(boundary.has_value(), "a parsed body has a boundary");
  for (const auto& p : r.parts) {
    fuzz::require(p.data.data() >= body.data() && p.data.data() + p.data.size() <= body.data() + body.size(),
                  "part data inside the body");
    fuzz::require(!p.name.empty() && p.name.size() <= 200 && util::valid_utf8(p.name), "part name");
    fuzz::require(!p.content_type.starts_with("multipart/"), "no nested multipart");
    fuzz::require(p.data.find("\r\n--" + *boundary) == std::string_view::npos, "part data holds no delimiter");
  }
  // Written out again (header values that cannot be written as they were are left out).
  for (const auto& p : r.parts) {
    if (p.filename && p.filename->find_first_of("\r\n") != std::string::npos) return 0;
    if (p.content_type != util::trim(p.content_type) || p.content_type.find_first_of("\r\n") != std::string::npos)
      return 0;
  }
  auto again_body = write(r.parts, *boundary);
  auto roomy = limits;
  roomy.max_part_header_bytes = 64 * 1024;  // quoting may lengthen the header lines
  auto again = http::parse_multipart("multipart/form-data; boundary=" + quoted(*boundary), again_body, roomy);
  fuzz::require(again.ok(), "parts written out again parse");
  fuzz::require(again.parts.size() == r.parts.size(), "same number of parts");
  for (std::size_t i = 0; i < r.parts.size(); ++i) {
    const auto& a = r.parts[i];
    const auto& b = again.parts[i];
    fuzz::require(a.name == b.name && a.filename == b.filename && a.content_type == b.content_type && a.data == b.data,
                  "same part after writing it out again");
  }
  return 0;
}
