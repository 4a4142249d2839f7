// Request paths (http::decode_path) and percent-decoding: a path that is accepted is decoded
// exactly once, starts with '/', and holds no dot segment, backslash, control byte or '%';
// percent_decode(percent_encode(x)) == x for every UTF-8 text without NUL.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common.hpp"
#include "http/url.hpp"
#include "util/strings.hpp"

using namespace cityskills;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (auto p = http::decode_path(input)) {
    fuzz::require(p->starts_with("/"), "path starts with /");
    fuzz::require(util::valid_utf8(*p), "path is UTF-8");
    for (unsigned char c : *p) fuzz::require(c >= 0x20 && c != 0x7f && c != '\\' && c != '%', "path bytes");
    for (auto seg : util::split(std::string_view(*p).substr(1), '/'))
      fuzz::require(seg != "." && seg != "..", "no dot segments");
    // Encoding the decoded path gives a path that decodes to the same (decode once).
    auto again = http::decode_path(http::percent_encode(*p));
    fuzz::require(again && *again == *p, "encoded path decodes to itself");
  }
  for (bool plus : {false, true}) {
    auto d = http::percent_decode(input, plus);
    if (!d) continue;
    fuzz::require(util::valid_utf8(*d) && d->find('\0') == std::string::npos, "decoded text is UTF-8 without NUL");
    fuzz::require(d->size() <= input.size(), "decoding never grows");
  }
  if (util::valid_utf8(input) && input.find('\0') == std::string_view::npos) {
    auto d = http::percent_decode(http::percent_encode(input), false);
    fuzz::require(d && *d == input, "decode(encode(x)) == x");
  }
  return 0;
}
