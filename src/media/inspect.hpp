#pragma once
// What an upload really is (internal to src/media): its type by extension and by content
// (libmagic), the checks each kind must pass (polyglots, zip bombs, image dimensions, text
// encodings, EICAR), and a video's duration from its header. media.cpp stores what passes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "media/media.hpp"

namespace cityskills::media::detail {


inline constexpr std::size_t kMB = 1024 * 1024;
inline constexpr std::uint32_t kMaxPixels = 10000;       // per side, checked before any decoding
inline constexpr std::size_t kZipMaxEntries = 2000;
inline constexpr std::uint64_t kZipMaxUncompressed = 200 * kMB;
inline constexpr std::size_t kMagicWindow = kMB;         // libmagic looks at the head only

struct Type {
  std::string_view ext;
  Kind kind;
  std::string_view mime;                       // what we store and serve
  std::vector<std::string_view> detected;      // libmagic answers that match the extension
};

// The type of an extension (lower case), or nullptr for one the platform never stores.
const Type* type_of(std::string_view ext);
// The lower-case extension of a raw name: letters and digits after the last dot, else "".
std::string extension(std::string_view name);
Result refuse(int status, std::string key, std::vector<std::pair<std::string, std::string>> args = {});
// Not empty, an extension on the policy, within the size for its kind.
std::optional<Result> check_shape(const Input& in, const Policy& policy);
// Checks the content against its extension and kind; a refusal, or nullopt when acceptable.
std::optional<Result> check_content(std::string_view data, const Type& t);
// The movie header's duration (ISO BMFF moov/mvhd).
std::optional<std::int64_t> mp4_duration(std::string_view d);

}  // namespace cityskills::media::detail
