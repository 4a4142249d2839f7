#pragma once
// Time zones as people read them: the zone's city in the reader's language and its offset from
// UTC at a given moment ("Roma (GMT+01:00)", "Helsingfors (GMT+02:00)"), never a raw IANA id.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cityskills::i18n {

// The site's time zone until administrators choose one (/admin/settings), and the zone a new
// event or article starts in then.
inline constexpr std::string_view kDefaultZone = "Europe/Rome";

std::string zone_city_label(std::string_view locale, std::int64_t unix_seconds, std::string_view zone);

// The one list of time zones people choose from: an event's, an article's publication time and
// the site's own (IANA ids, UTC last).
const std::vector<std::string>& offered_zones();
bool is_offered_zone(std::string_view zone);
// The offered zones as (id, "Roma (GMT+01:00)") at `unix_seconds`, in the reader's language.
std::vector<std::pair<std::string, std::string>> zone_choices(std::string_view locale, std::int64_t unix_seconds);

}  // namespace cityskills::i18n
