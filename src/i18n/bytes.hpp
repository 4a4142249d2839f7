#pragma once
// Sizes for people: decimal units with the locale's decimal mark and unit names.
#include <cstdint>
#include <string>
#include <string_view>

namespace cityskills::i18n {

// "1,5 MB", "1.5 MB", "1,5 Mt" (Finnish); whole bytes below 1,000.
std::string format_bytes(std::string_view locale, std::int64_t bytes);

}  // namespace cityskills::i18n
