// The reminder job: scheduled when an event is published or moved, it e-mails the confirmed
// registrants once, in their language, unless the event was cancelled or moved since.
#include <boost/json.hpp>

#include <optional>
#include <string>

#include "features/accounts/api.hpp"
#include "features/events/api.hpp"
#include "features/events/store.hpp"
#include "i18n/i18n.hpp"
#include "jobs/jobs.hpp"
#include "util/strings.hpp"
#include "web/app.hpp"

namespace cityskills::events {

void schedule_reminder(db::Tx& c, const Event& e) {
  if (e.reminder_hours <= 0) return;
  jobs::enqueue(c, "event_reminder",
                "{\"event_id\":" + std::to_string(e.id) + ",\"starts_at\":" + std::to_string(e.starts_at) +
                    ",\"hours\":" + std::to_string(e.reminder_hours) + "}",
                e.starts_at - static_cast<std::int64_t>(e.reminder_hours) * 3600);
}

void send_reminders(db::Database& db, const web::Config& config, const std::string& payload) {
  auto v = boost::json::parse(payload).as_object();
  std::optional<std::int64_t> event_id = v.at("event_id").as_int64();
  std::optional<std::int64_t> starts_at = v.at("starts_at").as_int64();
  auto hours = v.if_contains("hours") ? v.at("hours").as_int64() : 24;
  db.tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto e = store::find(c, *event_id);
    // Cancelled, moved (a newer job exists) or already over: nothing to send.
    if (!e || e->status != "published" || e->starts_at != *starts_at || e->reminder_hours != hours ||
        e->starts_at < util::now_unix())
      return;
    auto now = util::now_unix();
    for (const auto& p : store::to_remind(c, e->id)) {
      auto lang = i18n::supported(p.lang) ? p.lang : std::string(i18n::kDefaultLocale);
      i18n::Args args{{"name", p.name},
                      {"title", e->title},
                      {"when", i18n::format_range(lang, e->starts_at, e->ends_at, e->time_zone) + " (" +
                                   i18n::zone_label(lang, e->starts_at, e->time_zone) + ")"},
                      {"where", e->online ? e->join_url : e->venue + ", " + e->address},
                      {"link", config.public_url + "/events/" + std::to_string(e->id)}};
      accounts::queue_mail(c, p.email, i18n::t(lang, "mail.event_reminder.subject", args),
                           i18n::t(lang, "mail.event_reminder.body", args));
      store::mark_reminded(c, p.registration_id, now);
    }
  });
}

}  // namespace cityskills::events
