#pragma once
// iCalendar (RFC 5545) output: UTC times, stable UIDs, escaped text, lines folded at 75 octets
// without splitting a UTF-8 character.
#include <string>
#include <string_view>
#include <vector>

#include "features/events/model.hpp"

namespace cityskills::events::ical {

std::string escape_text(std::string_view s);
// Folds one content line (without CRLF) into CRLF-separated lines of at most 75 octets.
std::string fold(std::string_view line);
std::string utc_stamp(std::int64_t unix_seconds);  // 20261124T090000Z

struct Options {
  std::string method = "PUBLISH";  // REQUEST for an invitation, CANCEL for a cancellation
  std::string name;                // X-WR-CALNAME
  std::string base_url;            // for the event URL
  bool include_join_url = false;   // only in a registered person's own invitation or feed
};
std::string calendar(const std::vector<Event>& events, const Options& opt, std::int64_t now);

}  // namespace cityskills::events::ical
