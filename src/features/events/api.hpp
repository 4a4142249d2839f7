#pragma once
#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::events {
void register_routes(web::App& app);
// Demo events for `seed --demo`, relative to `now` (idempotent).
void seed_demo(db::Connection& c, std::int64_t now);

inline constexpr std::int64_t kReminderLead = 24 * 3600;  // reminders go out a day before
// Queues the durable reminder job for an event (inside the caller's transaction).
void schedule_reminder(db::Connection& c, std::int64_t event_id, std::int64_t starts_at);
// Handler of the "event_reminder" job: e-mails every confirmed registrant not yet reminded.
void send_reminders(db::Database& db, const web::Config& config, const std::string& payload_json);
}
