#pragma once
// Time zones as people read them: the zone's city in the reader's language and its offset from
// UTC at a given moment ("Roma (GMT+01:00)", "Helsingfors (GMT+02:00)"), never a raw IANA id.
#include <cstdint>
#include <string>
#include <string_view>

namespace cityskills::i18n {

std::string zone_city_label(std::string_view locale, std::int64_t unix_seconds, std::string_view zone);

}  // namespace cityskills::i18n
