// Events: the route table, the helpers the page files share (handlers.hpp), and the home page's and
// recommendations' upcoming events. The pages are in public.cpp, organiser.cpp and feeds.cpp; the
// reminder job in jobs.cpp.
#include <algorithm>
#include <cstdio>

#include "db/in_list.hpp"
#include "db/rows.hpp"
#include "features/accounts/api.hpp"
#include "features/assessment/api.hpp"
#include "features/events/api.hpp"
#include "features/events/handlers.hpp"
#include "features/events/policy.hpp"
#include "features/events/store.hpp"
#include "features/orgs/api.hpp"
#include "jobs/jobs.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/extensions.hpp"
#include "web/processing.hpp"

namespace cityskills::events {
namespace detail {

using web::Ctx;

std::string theme_name(const Ctx& ctx, const std::string& theme) {
  auto name = assessment::digcomp_name(assessment::digcomp_area_of_theme(theme), ctx.locale);
  return name.empty() ? theme : name;
}

std::vector<std::pair<std::string, std::string>> theme_names(const Ctx& ctx) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& t : kThemes) out.emplace_back(t, theme_name(ctx, t));
  return out;
}

bool can_manage(Ctx& ctx, std::int64_t org_id) { return policy::may_manage(ctx.actor(), org_id); }

// Organisations in which the signed-in person may publish events.
std::vector<orgs::OrgRef> manageable_orgs(Ctx& ctx) {
  if (!ctx.user) return {};
  auto c = ctx.db().acquire();
  return orgs::publishable(*c, *ctx.user);
}

std::string two(int v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", v);
  return buf;
}

std::string when_text(const Ctx& ctx, const Event& e) {
  return i18n::format_range(ctx.locale, e.starts_at, e.ends_at, e.time_zone) + " (" +
         i18n::zone_label(ctx.locale, e.starts_at, e.time_zone) + ")";
}

view::Data card(const Ctx& ctx, const Event& e) {
  view::Data d;
  d.set("id", std::to_string(e.id));
  d.set("title", e.title);
  d.set("summary", e.summary);
  d.set("org", e.org_name);
  d.set("kind", ctx.t("events.kind." + e.kind));
  d.set("theme", theme_name(ctx, e.theme));
  d.set("when", when_text(ctx, e));
  d.set("start_iso", util::iso8601_utc(e.starts_at));
  d.set("zone", e.time_zone);
  d.set("lang_name", std::string(i18n::native_name(e.lang)));
  d.set("lang", e.lang);
  d.set("where", e.online ? ctx.t("events.online") : e.venue);
  d.set("cancelled", e.status == "cancelled");
  auto left = std::max<std::int64_t>(0, e.capacity - e.confirmed);
  d.set("seats", e.status == "cancelled" ? ctx.t("events.status.cancelled")
                 : left > 0 ? i18n::tn(ctx.locale, "events.seats_left", left)
                            : ctx.t("events.full"));
  return d;
}

}  // namespace detail

using namespace detail;

std::vector<Upcoming> upcoming(db::Connection& c, int n) {
  std::vector<Upcoming> out;
  for (const auto& e : store::list(c, {}, util::now_unix(), n * 2, 0)) {
    if (e.status != "published") continue;
    out.push_back({e.id, e.title, e.starts_at, e.ends_at, e.time_zone, e.lang, e.theme});
    if (static_cast<int>(out.size()) == n) break;
  }
  return out;
}

std::vector<Upcoming> upcoming_on(db::Connection& c, const std::vector<std::string>& themes, const std::string& lang, int n) {
  if (themes.empty() || n <= 0) return {};
  db::Params p{util::now_unix()};
  auto in = db::in_list(themes, p);
  p.emplace_back(lang);
  p.emplace_back(n);
  return db::read_all(
      c.query("SELECT id, title, starts_at, ends_at, time_zone, lang, theme FROM events WHERE status = 'published' "
              "AND starts_at > ? AND theme IN (" + in + ") "
              "ORDER BY CASE WHEN lang = ? THEN 0 ELSE 1 END, starts_at, id LIMIT ?",
              p),
      [](const db::Row& r) { return Upcoming{r.i64(0), r.str(1), r.i64(2), r.i64(3), r.str(4), r.str(5), r.str(6)}; });
}

namespace {
constexpr const char* kRefSelect =
    "SELECT id, org_id, title, lang, kind, time_zone, starts_at, ends_at, status FROM events ";
EventRef to_ref(const db::Row& r) {
  using E = EventRef;
  auto e =
      db::read_as<E>(r, &E::id, &E::org_id, &E::title, &E::lang, &E::kind, &E::time_zone, &E::starts_at, &E::ends_at);
  e.published = r.str(8) == "published";
  return e;
}
}  // namespace

std::vector<EventRef> events_by_id(db::Connection& c, const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return {};
  db::Params p;
  auto in = db::in_list(ids, p);
  return db::read_all(c.query(std::string(kRefSelect) + "WHERE id IN (" + in + ") ORDER BY id", p), to_ref);
}

std::vector<EventRef> events_of_orgs(db::Connection& c, const std::vector<std::int64_t>& org_ids, int limit) {
  if (org_ids.empty() || limit <= 0) return {};
  db::Params p;
  auto in = db::in_list(org_ids, p);
  p.emplace_back(util::now_unix() - 365 * 86400);
  p.emplace_back(limit);
  return db::read_all(
      c.query(std::string(kRefSelect) + "WHERE org_id IN (" + in + ") AND ends_at > ? ORDER BY starts_at, id LIMIT ?",
              p),
      to_ref);
}

std::optional<std::int64_t> event_id_by_title(db::Connection& c, const std::string& title) {
  return db::id_of(c.one("SELECT id FROM events WHERE title = ? ORDER BY id LIMIT 1", {title}));
}

void set_recording(db::Connection& c, std::int64_t event_id, const std::string& url) { store::set_recording(c, event_id, url); }

std::map<std::int64_t, std::int64_t> attended(db::Connection& c, std::int64_t user_id) {
  std::map<std::int64_t, std::int64_t> out;
  for (const auto& r : c.query("SELECT r.event_id, e.starts_at FROM registrations r JOIN events e ON e.id = r.event_id "
                               "WHERE r.user_id = ? AND r.attended = 1",
                               {user_id}))
    out[r.i64(0)] = r.i64(1);
  return out;
}

void register_routes(web::App& app) {
  // What this feature keeps about people, for the records of processing (GDPR art. 30).
  web::declare_account_data("events", "registrations", {"staff", "organisation", "processors"},
                            {"registrations", "calendar_feeds"});
  web::declare_content_data("events", "organising", {"staff", "public"}, {"events"});
  if (auto* runner = app.services().jobs) {
    auto& svc = app.services();
    runner->on("event_reminder", [&svc, runner](const std::string& p) {
      send_reminders(*svc.db, svc.config, p);
      runner->wake();  // the reminder e-mails are jobs too
    });
  }
  app.route("GET", "/events", web::Access::kAnyone, list_page, web::shared_page());
  app.route("GET", "/events/calendar", web::Access::kAnyone, calendar_page, web::shared_page());
  app.route("GET", "/events/mine", web::Access::kSignedIn, feed_get);
  app.route("POST", "/events/mine", web::Access::kSignedIn, feed_post);
  app.route("GET", "/events/new", web::Access::kPublisher, new_form);
  app.route("POST", "/events/new", web::Access::kPublisher, create);
  app.route("GET", "/events.ics", web::Access::kAnyone, all_ics, web::shared_page());
  app.route("GET", "/calendar/{token}", web::Access::kAnyone, personal_ics);
  app.route("GET", "/events/{id}", web::Access::kAnyone, show, web::shared_page());
  app.route("GET", "/events/{id}/event.ics", web::Access::kAnyone, event_ics);
  app.route("POST", "/events/{id}/register", web::Access::kSignedIn, do_register);
  app.route("POST", "/events/{id}/unregister", web::Access::kSignedIn, do_unregister);
  app.route("GET", "/events/{id}/edit", web::Access::kPublisher, edit_form);
  app.route("POST", "/events/{id}/edit", web::Access::kPublisher, update);
  app.route("POST", "/events/{id}/publish", web::Access::kPublisher, publish);
  app.route("GET", "/events/{id}/cancel", web::Access::kPublisher, cancel_form);
  app.route("POST", "/events/{id}/cancel", web::Access::kPublisher, cancel_event);
  app.route("GET", "/events/{id}/registrants", web::Access::kPublisher, registrants_page);
  app.route("GET", "/events/{id}/registrants.csv", web::Access::kPublisher, registrants_csv);
  app.route("POST", "/events/{id}/attendance", web::Access::kPublisher, attendance);
  app.route("POST", "/events/{id}/checkin-code", web::Access::kPublisher, new_checkin_code);
  app.route("POST", "/events/{id}/checkin", web::Access::kSignedIn, checkin);
  app.route("POST", "/events/{id}/recording", web::Access::kPublisher, recording);
  app.route("POST", "/events/{id}/duplicate", web::Access::kPublisher, duplicate);
  app.route("GET", "/events/{id}/sessions", web::Access::kPublisher, sessions_get);
  app.route("POST", "/events/{id}/sessions", web::Access::kPublisher, session_add);
  app.route("POST", "/events/{id}/sessions/{session}/delete", web::Access::kPublisher, session_delete);
  app.route("GET", "/organisations/{id}/reports/events", web::Access::kPublisher, org_report);
  app.route("GET", "/organisations/{id}/reports/events.csv", web::Access::kPublisher, org_report_csv);
}

}  // namespace cityskills::events
