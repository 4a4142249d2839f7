#pragma once
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/events/model.hpp"
#include "web/app.hpp"

namespace cityskills::events {
void register_routes(web::App& app);
// Demo events for `seed --demo`, relative to `now` (idempotent).
void seed_demo(db::Connection& c, std::int64_t now);
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

// Queues the durable reminder job for an event, `reminder_hours` before it starts (inside the
// caller's transaction); nothing when the organiser chose no reminder.
void schedule_reminder(db::Connection& c, const Event& e);
// Handler of the "event_reminder" job: e-mails every confirmed registrant not yet reminded.
void send_reminders(db::Database& db, const web::Config& config, const std::string& payload_json);
}
