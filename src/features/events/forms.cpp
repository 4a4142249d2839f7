#include "features/events/forms.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "i18n/zones.hpp"
#include "util/strings.hpp"
#include "web/validate.hpp"

namespace cityskills::events {
namespace {

bool is_reminder_choice(std::optional<std::int64_t> hours) {
  return hours && (*hours == 0 || std::find(std::begin(kReminderChoices), std::end(kReminderChoices), *hours) !=
                                      std::end(kReminderChoices));
}

// The UTC instant of a local date and time in `zone`, when it exists (a repeated autumn time
// is its first occurrence).
std::optional<std::int64_t> instant(const std::string& date, const std::string& time, const std::string& zone) {
  return web::resolve_local_time(date, time, zone).first();
}

}  // namespace

void EventForm::read(web::FormInput& in) {
  org_id = in.id("org_id");
  kind = in.text("kind");
  title = in.trimmed("title");
  summary = in.trimmed("summary");
  description = in.trimmed("description");
  lang = in.text("lang");
  theme = in.text("theme");
  audience = in.text("audience");
  age_group = in.text("age_group");
  time_zone = in.text("time_zone");
  online = in.flag("online");
  join_url = in.trimmed("join_url");
  venue = in.trimmed("venue");
  address = in.trimmed("address");
  speakers = in.trimmed("speakers");
  capacity = in.integer("capacity");
  reminder_hours = in.integer("reminder_hours");
  when.date = in.text("date");
  when.start_time = in.text("start_time");
  when.end_date = in.text("end_date");
  if (when.end_date.empty()) when.end_date = when.date;
  when.end_time = in.text("end_time");
  publish = in.text("publish");
}

void EventForm::apply(Event& e) const {
  e.org_id = org_id.value_or(0);
  std::tie(e.kind, e.title, e.summary, e.description, e.lang, e.theme, e.audience, e.age_group, e.time_zone) =
      std::tie(kind, title, summary, description, lang, theme, audience, age_group, time_zone);
  e.online = online;
  std::tie(e.join_url, e.venue, e.address, e.speakers) = std::tie(join_url, venue, address, speakers);
  if (is_reminder_choice(reminder_hours)) e.reminder_hours = static_cast<int>(*reminder_hours);
  if (capacity && *capacity >= 1 && *capacity <= kMaxCapacity) e.capacity = static_cast<int>(*capacity);
  auto start = instant(when.date, when.start_time, time_zone), end = instant(when.end_date, when.end_time, time_zone);
  if (start && end && *end > *start && *end - *start <= kLongestEvent) std::tie(e.starts_at, e.ends_at) = std::tie(*start, *end);
}

web::FormErrors check(const EventForm& form, bool org_allowed, std::int64_t confirmed) {
  web::FormErrors errors;
  if (!form.org_id || !org_allowed) errors.add("org_id", "validation.choice.invalid");
  web::check_choice(errors, "kind", form.kind, kKinds);
  if (auto e = web::check_name(form.title, kTitleMax)) errors.add("title", *e, {{"max", std::to_string(kTitleMax)}});
  if (auto e = web::check_name(form.summary, kSummaryMax)) errors.add("summary", *e, {{"max", std::to_string(kSummaryMax)}});
  if (!util::valid_utf8(form.description) || util::utf8_length(form.description) > kDescriptionMax)
    errors.add("description", "events.validation.description", {{"max", std::to_string(kDescriptionMax)}});
  web::check_choice(errors, "lang", form.lang, i18n::kLocales);
  web::check_choice(errors, "theme", form.theme, kThemes);
  web::check_choice(errors, "audience", form.audience, kAudiences);
  web::check_choice(errors, "age_group", form.age_group, kAgeGroups);
  bool zone_ok = i18n::is_offered_zone(form.time_zone);
  if (!zone_ok) errors.add("time_zone", "validation.choice.invalid");
  if (util::utf8_length(form.speakers) > kSpeakersMax) errors.add("speakers", "validation.text.too_long");
  if (form.online) {
    web::check_url(errors, "join_url", form.join_url, true);
  } else {
    if (auto e = web::check_name(form.venue, kVenueMax)) errors.add("venue", *e);
    if (auto e = web::check_name(form.address, kAddressMax)) errors.add("address", *e);
  }
  if (!is_reminder_choice(form.reminder_hours)) errors.add("reminder_hours", "validation.choice.invalid");
  if (!form.capacity || *form.capacity < 1 || *form.capacity > kMaxCapacity)
    errors.add("capacity", "events.validation.capacity", {{"max", std::to_string(kMaxCapacity)}});
  else if (*form.capacity < confirmed)
    errors.add("capacity", "events.validation.capacity_taken", {{"n", std::to_string(confirmed)}});

  // A zone not offered is the zone's error alone; the times are checked in an offered one.
  const std::string zone = zone_ok ? form.time_zone : "UTC";
  const auto& w = form.when;
  auto start = web::check_local_time(errors, "date", "start_time", w.date, w.start_time, zone, web::RepeatedTime::kFirst);
  auto end = web::check_local_time(errors, "end_time", "end_time", w.end_date, w.end_time, zone, web::RepeatedTime::kFirst);
  if (start && end && zone_ok) {
    if (*end <= *start) errors.add("end_time", "events.validation.end_before_start");
    else if (*end - *start > kLongestEvent) errors.add("end_time", "events.validation.too_long");
  }
  return errors;
}

void SessionForm::read(web::FormInput& in) {
  title = in.trimmed("session_title");
  date = in.text("session_date");
  start = in.text("session_start");
  end = in.text("session_end");
  zone = in.text("session_zone");
}

Session SessionForm::session(std::int64_t event_id) const {
  Session x{0, event_id, title, 0, 0, zone};
  auto s = instant(date, start, zone), e = instant(date, end, zone);
  if (s && e) std::tie(x.starts_at, x.ends_at) = std::tie(*s, *e);
  return x;
}

web::FormErrors check(const SessionForm& form, std::int64_t event_starts, std::int64_t event_ends) {
  web::FormErrors errors;
  if (auto e = web::check_name(form.title, kTitleMax)) errors.add("session_title", *e);
  bool zone_ok = i18n::is_offered_zone(form.zone);
  if (!zone_ok) errors.add("session_zone", "validation.choice.invalid");
  const std::string zone = zone_ok ? form.zone : "UTC";
  auto start = web::check_local_time(errors, "session_date", "session_start", form.date, form.start, zone,
                                     web::RepeatedTime::kFirst);
  if (errors.has("session_date")) return errors;  // one message for a date or times that do not read
  auto end = web::check_local_time(errors, "session_date", "session_end", form.date, form.end, zone,
                                   web::RepeatedTime::kFirst);
  if (!start || !end || !zone_ok) return errors;
  if (*end <= *start) errors.add("session_end", "events.validation.end_before_start");
  else if (*start < event_starts || *end > event_ends) errors.add("session_date", "events.sessions.outside");
  return errors;
}

void CancelForm::read(web::FormInput& in) { reason = in.trimmed("reason"); }

web::FormErrors check(const CancelForm& form) {
  web::FormErrors errors;
  if (auto e = web::check_name(form.reason, kReasonMax)) errors.add("reason", *e);
  return errors;
}

}  // namespace cityskills::events
