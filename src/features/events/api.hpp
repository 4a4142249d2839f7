#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/events/model.hpp"
#include "web/app.hpp"

namespace cityskills::events {
void register_routes(web::App& app);
// Listeners the feature adds to others (once per process): a password reset revokes the
// person's private calendar feed address.
void register_extensions();
// Demo events for `seed --demo`, relative to `now` (idempotent).
void seed_demo(db::Tx& c, std::int64_t now);
// Puts every public event in the search index (rebuilding it).
void index_search(db::Connection& c);

struct Upcoming {
  std::int64_t id;
  std::string title;
  std::int64_t starts_at, ends_at;
  std::string time_zone;
  std::string lang, theme;
};
// The next published events (for the home page).
std::vector<Upcoming> upcoming(db::Connection& c, int n);
// The next published events on any of `themes` (kThemes: the DigComp areas), those in
// `lang` first, then the soonest (for the assessment's recommendations, which order them).
std::vector<Upcoming> upcoming_on(db::Connection& c, const std::vector<std::string>& themes, const std::string& lang, int n);

// An event as other features name it (a learning path's step).
struct EventRef {
  std::int64_t id = 0, org_id = 0;
  std::string title, lang, kind, time_zone;
  std::int64_t starts_at = 0, ends_at = 0;
  bool published = false;  // published and not cancelled
};
std::vector<EventRef> events_by_id(db::Connection& c, const std::vector<std::int64_t>& ids);
// Events of these organisations that have not ended more than a year ago, soonest first, at most `limit`.
std::vector<EventRef> events_of_orgs(db::Connection& c, const std::vector<std::int64_t>& org_ids, int limit);
// An event by its exact title (demo content refers to events this way), the oldest first.
std::optional<std::int64_t> event_id_by_title(db::Connection& c, const std::string& title);
// Where the event's recording is watched: an http(s) address, or a lesson of this site ("/courses/…").
void set_recording(db::Connection& c, std::int64_t event_id, const std::string& url);
// The events whose attendance was recorded for the person (marked by the organiser or checked
// in with the event's code), each with its start.
std::map<std::int64_t, std::int64_t> attended(db::Connection& c, std::int64_t user_id);

// Queues the durable reminder job for an event, `reminder_hours` before it starts (inside the
// caller's transaction); nothing when the organiser chose no reminder.
void schedule_reminder(db::Tx& c, const Event& e);
// Handler of the "event_reminder" job: e-mails every confirmed registrant not yet reminded.
void send_reminders(db::Database& db, const web::Config& config, const std::string& payload_json);

// ---- for the REST API: the event pages' own rules and side effects, in public.cpp ----
// The event when the person asking may see it (a draft only to its organisers).
std::optional<Event> visible_event(web::Ctx& ctx, std::int64_t id);
// Registers `user_id` as the event page does: a seat or a place on the waiting list in one
// transaction, the confirmation e-mail queued with it.
RegisterResult register_person(web::Ctx& ctx, const Event& e, std::int64_t user_id);
// Cancels `user_id`'s registration as the event page does (the promoted person is e-mailed).
CancelResult cancel_person(web::Ctx& ctx, const Event& e, std::int64_t user_id);
}
