// application/x-www-form-urlencoded bodies and query strings (http::parse_form): whatever
// decodes is UTF-8 without NUL, and encoding the pairs again decodes to the same pairs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common.hpp"
#include "http/url.hpp"
#include "util/strings.hpp"

using namespace cityskills;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto form = http::parse_form(input);
  if (!form) return 0;
  std::string again;
  for (const auto& [k, v] : *form) {
    fuzz::require(util::valid_utf8(k) && util::valid_utf8(v), "decoded pair is UTF-8");
    fuzz::require(k.find('\0') == std::string::npos && v.find('\0') == std::string::npos, "decoded pair has no NUL");
    if (!again.empty()) again += '&';
    again += http::percent_encode(k) + "=" + http::percent_encode(v);
  }
  auto round = http::parse_form(again);
  fuzz::require(round.has_value(), "re-encoded form parses");
  fuzz::require(*round == *form, "re-encoded form gives the same pairs");
  return 0;
}
