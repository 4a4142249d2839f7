#pragma once
// The events feature's SQL. Registration and cancellation hold the capacity invariant inside
// one transaction: the event row is locked (PostgreSQL FOR UPDATE, SQLite BEGIN IMMEDIATE),
// so a seat is never given twice, on one node or many.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/events/model.hpp"

namespace cityskills::events::store {

struct Filter {
  std::string kind, theme, audience, age_group, lang, mode;  // mode: online, in_person
  std::optional<std::int64_t> org_id;
  bool past = false;
  // Keyset paging of upcoming events (the API's cursor): only events after (starts_at, id).
  std::optional<std::pair<std::int64_t, std::int64_t>> after;
};

std::vector<Event> list(db::Connection& c, const Filter& f, std::int64_t now, int limit, int offset);
std::vector<Event> between(db::Connection& c, std::int64_t from, std::int64_t to);
std::optional<Event> find(db::Connection& c, std::int64_t id);
std::vector<Event> for_org(db::Connection& c, std::int64_t org_id);
// Creates the event as it is given: published, or a draft when e.status is "draft" (a draft
// is in no list, search, feed or calendar and takes no registrations until it is published).
std::int64_t create(db::Connection& c, const Event& e, std::int64_t created_by);
// Publishes a draft; false when the event is not a draft.
bool publish(db::Connection& c, std::int64_t id);
void update(db::Connection& c, const Event& e);  // bumps the iCalendar SEQUENCE
// Puts the event in the search index while it is published, else removes it; create, update
// and cancel_event call it.
void index(db::Connection& c, std::int64_t id);
void index_all(db::Connection& c);
// Marks the event cancelled; returns the e-mail addresses (and languages) to notify.
std::vector<std::pair<std::string, std::string>> cancel_event(db::Connection& c, std::int64_t id,
                                                              const std::string& reason);

// Called inside the registration's transaction for the person whose place changed (status
// "confirmed", "waitlisted" or "promoted"), so that what they are sent (a queued e-mail job) is
// written together with the registration, or not at all.
using Notify = std::function<void(db::Connection&, std::int64_t user_id, const std::string& status)>;

RegisterResult register_user(db::Database& db, std::int64_t event_id, std::int64_t user_id,
                             const Notify& notify = {});
// `notify` is called for the person promoted from the waiting list, if any.
CancelResult cancel_registration(db::Database& db, std::int64_t event_id, std::int64_t user_id,
                                 const Notify& notify = {});

struct Registration {
  std::string status;
  std::int64_t position = 0;  // on the waiting list
  bool attended = false;      // attendance recorded
};
std::optional<Registration> registration_of(db::Connection& c, std::int64_t event_id, std::int64_t user_id);
// The event and the person's registration that is not cancelled (`user_id` 0: nobody), in one statement.
std::optional<Event> find_for(db::Connection& c, std::int64_t id, std::int64_t user_id, std::optional<Registration>& mine);

struct Registrant {
  std::int64_t user_id = 0;
  std::string display_name, email, status;
  std::int64_t registered_at = 0, queue_seq = 0;
  std::optional<bool> attended;
};
std::vector<Registrant> registrants(db::Connection& c, std::int64_t event_id);

// One event of an organisation with its figures, for the organisation's events report.
struct EventFigures {
  std::int64_t id = 0;
  std::string title, lang, status, time_zone;
  std::int64_t starts_at = 0;
  std::int64_t registered = 0, waiting = 0, attended = 0;  // confirmed, on the waiting list, marked present
};
// Every event of the organisation, the latest first, with its counts (one query).
std::vector<EventFigures> org_figures(db::Connection& c, std::int64_t org_id);
// How many confirmed registrations of the event were marked present.
std::int64_t attended_count(db::Connection& c, std::int64_t event_id);

// Marks who came: `present` lists the confirmed people who attended; every other confirmed
// registration is marked absent. Those present get their attendance certificate (an award
// already given stays when someone is later marked absent; its issuer may revoke it). False, and
// nothing changed, when anyone in `present` has no confirmed registration.
bool mark_attendance(db::Connection& c, std::int64_t event_id, const std::vector<std::int64_t>& present);
// Gives everyone marked present the event's attendance certificate (once each: credentials::award).
void award_attendance(db::Connection& c, std::int64_t event_id);

// The code people enter at the event to record their attendance ("" when none was made).
void set_checkin_code(db::Connection& c, std::int64_t event_id, const std::string& code);
std::string checkin_code(db::Connection& c, std::int64_t event_id);
enum class CheckIn { kRecorded, kAlready, kNotRegistered };
// Records the person's attendance, once (and gives the attendance certificate): only a confirmed
// registration can check in.
CheckIn check_in(db::Connection& c, std::int64_t event_id, std::int64_t user_id);
void set_recording(db::Connection& c, std::int64_t event_id, const std::string& url);
// Everyone registered gets the reminder again (the event moved): the reminder job sends to
// registrations not yet reminded.
void reset_reminders(db::Connection& c, std::int64_t event_id);
// The confirmed registrants of `event_id` not reminded yet, in queue order (the reminder job).
struct Reminded {
  std::int64_t registration_id = 0;
  std::string email, lang, name;
};
std::vector<Reminded> to_remind(db::Connection& c, std::int64_t event_id);
void mark_reminded(db::Connection& c, std::int64_t registration_id, std::int64_t at);

std::vector<Session> sessions(db::Connection& c, std::int64_t event_id);
std::int64_t add_session(db::Connection& c, const Session& s);
bool delete_session(db::Connection& c, std::int64_t event_id, std::int64_t session_id);

// Events a person is registered for (confirmed or waiting), for the personal feed.
std::vector<Event> registered_events(db::Connection& c, std::int64_t user_id);
// Creates or replaces the personal feed token; returns the new token (only its hash is kept).
std::string rotate_feed(db::Connection& c, std::int64_t user_id);
void revoke_feed(db::Connection& c, std::int64_t user_id);
bool has_feed(db::Connection& c, std::int64_t user_id);
std::optional<std::int64_t> feed_owner(db::Connection& c, std::string_view token);

}  // namespace cityskills::events::store
