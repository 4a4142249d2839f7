#pragma once
// GZIP (RFC 1952) with no file name and time 0, so the same input gives the same bytes.
#include <string>
#include <string_view>

namespace cityskills::util {

// `level` 1 (fastest) to 9 (smallest).
std::string gzip(std::string_view data, int level = 6);

}  // namespace cityskills::util
