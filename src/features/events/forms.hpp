#pragma once
// The organiser's forms: an event, a session of a multi-day event and a cancellation. Each
// reads its fields once (which makes them the form's allow-list); the checks are pure — what
// needs the database comes in as plain data — and unit-tested without a server.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/events/model.hpp"
#include "web/forms.hpp"

namespace cityskills::events {

inline constexpr std::size_t kTitleMax = 200;
inline constexpr std::size_t kSummaryMax = 500;
inline constexpr std::size_t kDescriptionMax = 20000;
inline constexpr std::size_t kSpeakersMax = 1000;
inline constexpr std::size_t kVenueMax = 200;
inline constexpr std::size_t kAddressMax = 300;
inline constexpr std::size_t kReasonMax = 500;
inline constexpr std::int64_t kLongestEvent = 14 * 86400;

// The date and time fields as entered (shown again as they were when the form has errors).
struct WhenTexts {
  std::string date, start_time, end_date, end_time;
};

struct EventForm {
  std::optional<std::int64_t> org_id;
  std::string kind, title, summary, description, lang, theme, audience, age_group, time_zone;
  bool online = false;
  std::string join_url, venue, address, speakers;
  std::optional<std::int64_t> capacity, reminder_hours;
  WhenTexts when;  // an empty end date means the start date
  // "0" saves a draft, "1" (or nothing) publishes; anything else is a bad request.
  std::string publish;

  void read(web::FormInput& in);
  // Copies the fields into `e`; its start and end only when they are a valid span, its
  // capacity and reminder only when they are allowed values.
  void apply(Event& e) const;
  bool publish_valid() const { return publish.empty() || publish == "0" || publish == "1"; }
};

// `org_allowed`: whether the person may publish events in the organisation chosen;
// `confirmed`: the seats already taken (an edit may not bring the capacity below them).
web::FormErrors check(const EventForm& form, bool org_allowed, std::int64_t confirmed);

struct SessionForm {
  std::string title, date, start, end, zone;

  void read(web::FormInput& in);
  // The session as entered, its times set when they resolve in the zone.
  Session session(std::int64_t event_id) const;
};

// A session lies within its event (`event_starts` to `event_ends`), on one day, ending after it starts.
web::FormErrors check(const SessionForm& form, std::int64_t event_starts, std::int64_t event_ends);

struct CancelForm {
  std::string reason;  // told to everyone registered
  void read(web::FormInput& in);
};
web::FormErrors check(const CancelForm& form);

}  // namespace cityskills::events
