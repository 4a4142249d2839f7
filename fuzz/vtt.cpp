// WebVTT captions (catalog::vtt::parse), as uploaded or found in a course package: a file
// accepted has at most kMaxCues cues, each ending after it starts, with UTF-8 text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common.hpp"
#include "features/catalog/vtt.hpp"
#include "util/strings.hpp"

using namespace cityskills;
namespace vtt = cityskills::catalog::vtt;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto f = vtt::parse(input);
  if (!f.ok) {
    fuzz::require(f.error.starts_with("catalog.vtt."), "refusal names a translation key");
    fuzz::require(f.cues.empty(), "a refused file has no cues");
    return 0;
  }
  fuzz::require(f.cues.size() <= vtt::kMaxCues, "cue count within the limit");
  for (const auto& c : f.cues) {
    fuzz::require(c.start >= 0 && c.end > c.start, "cue ends after it starts");
    fuzz::require(util::valid_utf8(c.text), "cue text is UTF-8");
    fuzz::require(c.text.find('<') == std::string::npos || input.find("&lt;") != std::string_view::npos,
                  "tags are removed from cue text");
    auto shown = vtt::clock(c.start);
    fuzz::require(!shown.empty() && shown.size() < 32, "clock text");
  }
  return 0;
}
