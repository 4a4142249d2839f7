// Events: list and month calendar, event pages with JSON-LD, registration with capacity and
// waiting list, iCalendar feeds, and the organiser's create/edit/cancel and registrant list.
#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>

#include "features/accounts/api.hpp"
#include "features/events/api.hpp"
#include "features/events/ical.hpp"
#include "features/events/store.hpp"
#include "features/orgs/api.hpp"
#include "jobs/jobs.hpp"
#include "util/log.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"

namespace cityskills::events {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

constexpr int kPerPage = 20;
const int kReminderChoices[] = {1, 2, 4, 24, 48, 72, 168};
const std::vector<std::string> kZones = {"Europe/Rome",   "Europe/Berlin", "Europe/Vienna",    "Europe/Stockholm",
                                         "Europe/Helsinki", "Europe/Paris", "Europe/Madrid",    "Europe/Brussels",
                                         "Europe/Amsterdam", "Europe/Lisbon", "Europe/London", "Europe/Dublin",
                                         "Europe/Warsaw",  "Europe/Athens", "UTC"};

bool one_of(const std::string& v, const std::vector<std::string>& allowed) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

std::vector<std::pair<std::string, std::string>> labelled(const Ctx& ctx, const std::vector<std::string>& values,
                                                          const std::string& prefix, bool with_any) {
  std::vector<std::pair<std::string, std::string>> out;
  if (with_any) out.emplace_back("", ctx.t("events.filter.any"));
  for (const auto& v : values) out.emplace_back(v, ctx.t(prefix + v));
  return out;
}

std::vector<std::pair<std::string, std::string>> language_options(bool with_any, const Ctx& ctx) {
  std::vector<std::pair<std::string, std::string>> out;
  if (with_any) out.emplace_back("", ctx.t("events.filter.any"));
  for (auto l : i18n::kLocales) out.emplace_back(std::string(l), std::string(i18n::native_name(l)));
  return out;
}

bool can_manage(Ctx& ctx, std::int64_t org_id) {
  if (!ctx.user) return false;
  auto c = ctx.db().acquire();
  return orgs::can_publish(*c, *ctx.user, org_id);
}

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
  d.set("theme", ctx.t("events.theme." + e.theme));
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

// ---- list and calendar -------------------------------------------------------------------

store::Filter read_filter(Ctx& ctx) {
  store::Filter f;
  auto pick = [&](const char* name, const std::vector<std::string>& allowed) {
    auto v = ctx.query_value(name).value_or("");
    if (!v.empty() && !one_of(v, allowed)) throw web::Reject{400, "events.filter.invalid"};
    return v;
  };
  f.kind = pick("kind", kKinds);
  f.theme = pick("theme", kThemes);
  f.audience = pick("audience", kAudiences);
  f.age_group = pick("age", kAgeGroups);
  f.lang = pick("lang_filter", {"it", "en", "de", "sv", "fi"});
  f.mode = pick("mode", {"online", "in_person"});
  auto org = ctx.query_value("org").value_or("");
  if (!org.empty()) {
    auto c = ctx.db().acquire();
    auto o = orgs::by_slug(*c, org);
    if (!o) throw web::Reject{400, "events.filter.invalid"};
    f.org_id = o->id;
  }
  f.past = ctx.query_value("past").value_or("") == "1";
  return f;
}

view::Data filter_data(Ctx& ctx, const store::Filter& f) {
  view::Data d;
  d.set("kinds", web::options(labelled(ctx, kKinds, "events.kind.", true), f.kind));
  d.set("themes", web::options(labelled(ctx, kThemes, "events.theme.", true), f.theme));
  d.set("audiences", web::options(labelled(ctx, kAudiences, "events.audience.", true), f.audience));
  d.set("ages", web::options(labelled(ctx, kAgeGroups, "events.age.", true), f.age_group));
  d.set("langs", web::options(language_options(true, ctx), f.lang));
  d.set("modes", web::options({{"", ctx.t("events.filter.any")}, {"online", ctx.t("events.online")},
                               {"in_person", ctx.t("events.in_person")}},
                              f.mode));
  std::vector<std::pair<std::string, std::string>> orgs{{"", ctx.t("events.filter.any")}};
  std::string selected_org;
  auto c = ctx.db().acquire();
  for (const auto& o : orgs::all(*c)) {
    orgs.emplace_back(o.slug, o.name);
    if (f.org_id && *f.org_id == o.id) selected_org = o.slug;
  }
  d.set("orgs", web::options(orgs, selected_org));
  return d;
}

Response list_page(Ctx& ctx) {
  auto f = read_filter(ctx);
  auto page = std::clamp<std::int64_t>(util::parse_int(ctx.query_value("page").value_or("1")).value_or(1), 1, 10000);
  std::vector<Event> events;
  {
    auto c = ctx.db().acquire();
    events = store::list(*c, f, util::now_unix(), kPerPage + 1, static_cast<int>((page - 1) * kPerPage));
  }
  auto d = filter_data(ctx, f);
  view::List cards;
  for (std::size_t i = 0; i < events.size() && i < static_cast<std::size_t>(kPerPage); ++i) cards.push_back(card(ctx, events[i]));
  d.set("events", cards);
  d.set("past", f.past);
  // Pagination links keep the filters.
  std::string base = "/events?";
  for (const auto& [k, v] : ctx.query)
    if (k != "page" && k != "lang") base += http::percent_encode(k) + "=" + http::percent_encode(v) + "&";
  if (page > 1) d.set("prev", base + "page=" + std::to_string(page - 1));
  if (events.size() > static_cast<std::size_t>(kPerPage)) d.set("next", base + "page=" + std::to_string(page + 1));
  return ctx.page(ctx.t(f.past ? "events.past.title" : "events.list.title"), "events/list", d);
}

Response calendar_page(Ctx& ctx) {
  auto now = i18n::utc_to_local(util::now_unix(), "Europe/Rome");
  int year = now.year, month = now.month;
  if (auto m = ctx.query_value("month")) {
    int y = 0, mo = 0;
    char tail = 0;
    if (m->size() != 7 || std::sscanf(m->c_str(), "%4d-%2d%c", &y, &mo, &tail) != 2 || y < 2000 || y > 2100 || mo < 1 ||
        mo > 12)
      throw web::Reject{400, "events.calendar.bad_month"};
    year = y;
    month = mo;
  }
  auto first = *i18n::local_to_utc(year, month, 1, 0, 0, "UTC");
  int next_y = month == 12 ? year + 1 : year, next_m = month == 12 ? 1 : month + 1;
  int prev_y = month == 1 ? year - 1 : year, prev_m = month == 1 ? 12 : month - 1;
  auto next_first = *i18n::local_to_utc(next_y, next_m, 1, 0, 0, "UTC");
  std::vector<Event> events;
  {
    auto c = ctx.db().acquire();
    events = store::between(*c, first - 14 * 3600, next_first + 14 * 3600);
  }
  int days = static_cast<int>((next_first - first) / 86400);
  int weekday = static_cast<int>(((first / 86400) + 3) % 7);  // 1970-01-01 was a Thursday; 0 = Monday
  view::List weeks;
  view::List week;
  for (int i = 0; i < weekday; ++i) week.push_back(view::Data(view::Object{{"empty", true}}));
  for (int day = 1; day <= days; ++day) {
    view::Data cell;
    cell.set("day", std::to_string(day));
    view::List items;
    for (const auto& e : events) {
      auto local = i18n::utc_to_local(e.starts_at, e.time_zone);
      if (local.year == year && local.month == month && local.day == day) {
        view::Data item;
        item.set("id", std::to_string(e.id));
        item.set("title", e.title);
        item.set("time", two(local.hour) + ":" + two(local.minute));
        item.set("cancelled", e.status == "cancelled");
        items.push_back(item);
      }
    }
    if (!items.empty()) cell.set("items", items);
    week.push_back(cell);
    if (week.size() == 7) {
      weeks.push_back(view::Data(view::Object{{"days", week}}));
      week = view::List{};
    }
  }
  if (!week.empty()) {
    while (week.size() < 7) week.push_back(view::Data(view::Object{{"empty", true}}));
    weeks.push_back(view::Data(view::Object{{"days", week}}));
  }
  view::Data d;
  d.set("weeks", weeks);
  d.set("month_name", i18n::format_month(ctx.locale, first));
  d.set("prev", "/events/calendar?month=" + std::to_string(prev_y) + "-" + two(prev_m));
  d.set("next", "/events/calendar?month=" + std::to_string(next_y) + "-" + two(next_m));
  view::List names;
  for (int i = 0; i < 7; ++i) names.push_back(view::Data(i18n::weekday_name(ctx.locale, i)));
  d.set("weekdays", names);
  return ctx.page(ctx.t("events.calendar.title") + " – " + i18n::format_month(ctx.locale, first), "events/calendar", d);
}

// ---- event page ----------------------------------------------------------------------------

std::optional<Event> load_event(Ctx& ctx, std::int64_t id) {
  auto c = ctx.db().acquire();
  return store::find(*c, id);
}

view::List session_items(const Ctx& ctx, const std::vector<Session>& sessions);

std::string json_ld(const Ctx& ctx, const Event& e) {
  auto j = [](const std::string& s) {
    // No markup characters inside the <script> data block: it can never be closed or opened.
    std::string out;
    for (char ch : util::json_escape(s)) {
      if (ch == '<') out += "\\u003c";
      else if (ch == '>') out += "\\u003e";
      else if (ch == '&') out += "\\u0026";
      else out += ch;
    }
    return out;
  };
  std::string url = ctx.svc.config.public_url + "/events/" + std::to_string(e.id);
  std::string location =
      e.online ? "{\"@type\":\"VirtualLocation\",\"url\":\"" + j(url) + "\"}"
               : "{\"@type\":\"Place\",\"name\":\"" + j(e.venue) + "\",\"address\":\"" + j(e.address) + "\"}";
  return "{\"@context\":\"https://schema.org\",\"@type\":\"Event\",\"name\":\"" + j(e.title) +
         "\",\"description\":\"" + j(e.summary) + "\",\"startDate\":\"" + util::iso8601_utc(e.starts_at) +
         "\",\"endDate\":\"" + util::iso8601_utc(e.ends_at) + "\",\"eventStatus\":\"https://schema.org/" +
         (e.status == "cancelled" ? "EventCancelled" : "EventScheduled") +
         "\",\"eventAttendanceMode\":\"https://schema.org/" +
         (e.online ? "OnlineEventAttendanceMode" : "OfflineEventAttendanceMode") + "\",\"location\":" + location +
         ",\"inLanguage\":\"" + j(e.lang) + "\",\"url\":\"" + j(url) + "\",\"organizer\":{\"@type\":\"Organization\",\"name\":\"" +
         j(e.org_name) + "\"},\"maximumAttendeeCapacity\":" + std::to_string(e.capacity) +
         ",\"remainingAttendeeCapacity\":" + std::to_string(std::max<std::int64_t>(0, e.capacity - e.confirmed)) + "}";
}

Response show(Ctx& ctx) {
  std::optional<Event> e;
  std::optional<store::Registration> mine;
  {
    auto c = ctx.db().acquire();
    e = store::find(*c, ctx.path_id("id"));
    if (e && ctx.user) mine = store::registration_of(*c, e->id, ctx.user->id);
  }
  if (!e) return ctx.error(404, "errors.not_found");
  auto d = card(ctx, *e);
  d.set("description", e->description);
  // Mustache sections treat "" as true: optional text is set only when present.
  if (!e->speakers.empty()) d.set("speakers", e->speakers);
  d.set("online", e->online);
  d.set("venue", e->venue);
  d.set("address", e->address);
  d.set("audience", ctx.t("events.audience." + e->audience));
  d.set("age", ctx.t("events.age." + e->age_group));
  if (!e->cancel_reason.empty()) d.set("cancel_reason", e->cancel_reason);
  d.set("jsonld", json_ld(ctx, *e));
  d.set("capacity", std::to_string(e->capacity));
  bool open = e->status == "published" && e->ends_at >= util::now_unix();
  d.set("open", open);
  d.set("signed_in", ctx.user.has_value());
  d.set("login_next", "/login?next=" + http::percent_encode("/events/" + std::to_string(e->id)));
  if (mine) {
    d.set("registered", true);
    d.set("confirmed", mine->status == "confirmed");
    if (mine->status == "waitlisted")
      d.set("position", ctx.t("events.register.position", {{"position", std::to_string(mine->position)}}));
    // The join link is for registered, confirmed people only.
    if (mine->status == "confirmed" && e->online && !e->join_url.empty()) d.set("join_url", e->join_url);
  }
  d.set("full", e->confirmed >= e->capacity);
  if (!e->recording_url.empty()) d.set("recording_url", e->recording_url);
  d.set("can_manage", can_manage(ctx, e->org_id));
  {
    auto c = ctx.db().acquire();
    auto items = session_items(ctx, store::sessions(*c, e->id));
    if (!items.empty()) {
      d.set("sessions", items);
      d.set("has_sessions", true);
    }
  }
  return ctx.page(e->title, "events/show", d);
}

mail::Attachment invitation(const Ctx& ctx, const Event& e, const std::string& method) {
  ical::Options opt;
  opt.method = method;
  opt.base_url = ctx.svc.config.public_url;
  opt.include_join_url = true;
  return {"invite.ics", "text/calendar; method=" + method + "; charset=utf-8", ical::calendar({e}, opt, util::now_unix())};
}

void mail_registered(db::Connection& c, const Ctx& ctx, std::int64_t user_id, const Event& e, const std::string& status) {
  auto u = c.one("SELECT email, lang, display_name FROM users WHERE id = ?", {user_id});
  if (!u) return;
  auto lang = i18n::supported(u->str(1)) ? u->str(1) : ctx.locale;
  i18n::Args args{{"name", u->str(2)},
                  {"title", e.title},
                  {"when", i18n::format_datetime(lang, e.starts_at, e.time_zone) + " (" +
                               i18n::zone_label(lang, e.starts_at, e.time_zone) + ")"},
                  {"link", ctx.svc.config.public_url + "/events/" + std::to_string(e.id)}};
  if (status == "confirmed")
    accounts::queue_mail(c, u->str(0), i18n::t(lang, "mail.event_confirmed.subject", args),
                         i18n::t(lang, "mail.event_confirmed.body", args), {invitation(ctx, e, "REQUEST")});
  else if (status == "promoted")
    accounts::queue_mail(c, u->str(0), i18n::t(lang, "mail.event_promoted.subject", args),
                         i18n::t(lang, "mail.event_promoted.body", args), {invitation(ctx, e, "REQUEST")});
  else
    accounts::queue_mail(c, u->str(0), i18n::t(lang, "mail.event_waitlisted.subject", args),
                         i18n::t(lang, "mail.event_waitlisted.body", args));
}

Response do_register(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  auto id = ctx.path_id("id");
  auto e = load_event(ctx, id);
  if (!e) return ctx.error(404, "errors.not_found");
  // The confirmation e-mail is queued in the registration's own transaction: both are kept, or
  // neither (a crash between two separate writes would leave a registration never confirmed).
  auto result = store::register_user(ctx.db(), id, ctx.user->id,
                                     [&](db::Connection& c, std::int64_t user, const std::string& status) {
                                       mail_registered(c, ctx, user, *e, status);
                                     });
  if (result.outcome == Outcome::kClosed) return ctx.error(409, "events.register.closed");
  if (result.outcome == Outcome::kAlready) {
    ctx.flash("events.register.already");
  } else {
    if (ctx.svc.jobs) ctx.svc.jobs->wake();
    ctx.flash(result.outcome == Outcome::kConfirmed ? "events.register.confirmed" : "events.register.waitlisted");
  }
  return ctx.redirect("/events/" + std::to_string(id));
}

Response do_unregister(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  auto id = ctx.path_id("id");
  auto e = load_event(ctx, id);
  if (!e) return ctx.error(404, "errors.not_found");
  // The promoted person's e-mail is queued in the cancellation's transaction, like a registration's.
  auto result = store::cancel_registration(ctx.db(), id, ctx.user->id,
                                           [&](db::Connection& c, std::int64_t user, const std::string& status) {
                                             mail_registered(c, ctx, user, *e, status);
                                           });
  if (result.promoted_user && ctx.svc.jobs) ctx.svc.jobs->wake();
  ctx.flash(result.cancelled ? "events.unregister.done" : "events.unregister.none");
  return ctx.redirect("/events/" + std::to_string(id));
}

// ---- iCalendar feeds -------------------------------------------------------------------------

Response ics(const std::string& body, const std::string& filename) {
  auto r = Response::text(200, body, "text/calendar; charset=utf-8");
  r.set("content-disposition", "attachment; filename=\"" + filename + "\"");
  r.set("cache-control", "private, max-age=300");
  return r;
}

Response event_ics(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto e = store::find(*c, ctx.path_id("id"));
  if (!e) return ctx.error(404, "errors.not_found");
  ical::Options opt;
  opt.base_url = ctx.svc.config.public_url;
  if (ctx.user) {
    auto mine = store::registration_of(*c, e->id, ctx.user->id);
    opt.include_join_url = mine && mine->status == "confirmed";
  }
  return ics(ical::calendar({*e}, opt, util::now_unix()), "event-" + std::to_string(e->id) + ".ics");
}

Response all_ics(Ctx& ctx) {
  store::Filter f;
  std::string name = ctx.t("site.name");
  auto c = ctx.db().acquire();
  if (auto org = ctx.query_value("org"); org && !org->empty()) {
    auto o = orgs::by_slug(*c, *org);
    if (!o) return ctx.error(404, "errors.not_found");
    f.org_id = o->id;
    name += " – " + o->name;
  }
  // Recent past events stay in the feed for a month so calendars keep them.
  auto events = store::list(*c, f, util::now_unix() - 30 * 86400, 1000, 0);
  ical::Options opt;
  opt.name = name;
  opt.base_url = ctx.svc.config.public_url;
  return ics(ical::calendar(events, opt, util::now_unix()), "events.ics");
}

Response personal_ics(Ctx& ctx) {
  auto token = ctx.path_params["token"];
  if (!token.ends_with(".ics")) return ctx.error(404, "errors.not_found");
  token.resize(token.size() - 4);
  auto c = ctx.db().acquire();
  auto owner = store::feed_owner(*c, token);
  if (!owner) return ctx.error(404, "errors.not_found");
  ical::Options opt;
  opt.name = ctx.t("events.feed.calendar_name");
  opt.base_url = ctx.svc.config.public_url;
  opt.include_join_url = true;
  auto events = store::registered_events(*c, *owner);
  return ics(ical::calendar(events, opt, util::now_unix()), "my-events.ics");
}

Response feed_page(Ctx& ctx, const std::string& new_token) {
  view::Data d;
  auto c = ctx.db().acquire();
  d.set("has_feed", store::has_feed(*c, ctx.user->id));
  if (!new_token.empty()) d.set("feed_url", ctx.svc.config.public_url + "/calendar/" + new_token + ".ics");
  d.set("all_url", ctx.svc.config.public_url + "/events.ics");
  view::List mine;
  for (const auto& e : store::registered_events(*c, ctx.user->id)) mine.push_back(card(ctx, e));
  d.set("mine", mine);
  return ctx.page(ctx.t("events.feed.title"), "events/feed", d);
}

Response feed_get(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  return feed_page(ctx, "");
}

Response feed_post(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {"action"});
  auto action = ctx.field("action");
  std::string token;
  {
    auto c = ctx.db().acquire();
    if (action == "rotate") token = store::rotate_feed(*c, ctx.user->id);
    else if (action == "revoke") store::revoke_feed(*c, ctx.user->id);
    else return ctx.error(400, "errors.bad_request");
  }
  if (action == "revoke") {
    ctx.flash("events.feed.revoked");
    return ctx.redirect("/events/mine");
  }
  // The address is shown once, right now; only its hash is stored.
  return feed_page(ctx, token);
}

// ---- organiser -----------------------------------------------------------------------------

struct FormValues {
  std::string date, start_time, end_date, end_time;
};

view::Data form_data(Ctx& ctx, const Event& e, const FormValues& v) {
  view::Data d;
  std::vector<std::pair<std::string, std::string>> orgs;
  for (const auto& o : manageable_orgs(ctx)) orgs.emplace_back(std::to_string(o.id), o.name);
  d.set("orgs", web::options(orgs, e.org_id ? std::to_string(e.org_id) : ""));
  d.set("kinds", web::options(labelled(ctx, kKinds, "events.kind.", false), e.kind));
  d.set("themes", web::options(labelled(ctx, kThemes, "events.theme.", false), e.theme));
  d.set("audiences", web::options(labelled(ctx, kAudiences, "events.audience.", false), e.audience));
  d.set("ages", web::options(labelled(ctx, kAgeGroups, "events.age.", false), e.age_group));
  d.set("langs", web::options(language_options(false, ctx), e.lang));
  std::vector<std::pair<std::string, std::string>> zones;
  for (const auto& z : kZones) zones.emplace_back(z, z);
  d.set("zones", web::options(zones, e.time_zone));
  d.set("title", e.title);
  d.set("summary", e.summary);
  d.set("description", e.description);
  d.set("speakers", e.speakers);
  d.set("online", e.online);
  d.set("join_url", e.join_url);
  d.set("venue", e.venue);
  d.set("address", e.address);
  d.set("capacity", e.capacity ? std::to_string(e.capacity) : "");
  std::vector<std::pair<std::string, std::string>> reminders{{"0", ctx.t("events.reminder.none")}};
  for (int h : kReminderChoices) reminders.emplace_back(std::to_string(h), i18n::tn(ctx.locale, "events.reminder.hours", h));
  d.set("reminders", web::options(reminders, std::to_string(e.reminder_hours)));
  d.set("date", v.date);
  d.set("start_time", v.start_time);
  d.set("end_date", v.end_date);
  d.set("end_time", v.end_time);
  if (e.id) d.set("id", std::to_string(e.id));
  return d;
}

bool parse_date(const std::string& s, int& y, int& m, int& d) {
  char tail = 0;
  return s.size() == 10 && std::sscanf(s.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3;
}

bool parse_time(const std::string& s, int& h, int& mi) {
  char tail = 0;
  return s.size() == 5 && std::sscanf(s.c_str(), "%2d:%2d%c", &h, &mi, &tail) == 2;
}

bool valid_url(const std::string& u) {
  if (u.size() > 500 || !(u.starts_with("https://") || u.starts_with("http://"))) return false;
  for (unsigned char c : u)
    if (c <= 0x20 || c == '"' || c == '<' || c == '>' || c == 0x7f) return false;
  return true;
}

// Reads and checks the organiser's form; `confirmed` is how many seats are already taken.
Event read_event(Ctx& ctx, FormValues& v, FormErrors& errors, std::int64_t confirmed) {
  web::allow_fields(ctx, {"org_id", "kind", "title", "summary", "description", "lang", "theme", "audience", "age_group",
                          "date", "start_time", "end_date", "end_time", "time_zone", "online", "join_url", "venue",
                          "address", "speakers", "capacity", "reminder_hours"});
  Event e;
  e.org_id = util::parse_id(ctx.field("org_id")).value_or(0);
  e.kind = ctx.field("kind");
  e.title = std::string(util::trim(ctx.field("title")));
  e.summary = std::string(util::trim(ctx.field("summary")));
  e.description = std::string(util::trim(ctx.field("description")));
  e.lang = ctx.field("lang");
  e.theme = ctx.field("theme");
  e.audience = ctx.field("audience");
  e.age_group = ctx.field("age_group");
  e.time_zone = ctx.field("time_zone");
  e.online = ctx.field("online") == "1";
  e.join_url = std::string(util::trim(ctx.field("join_url")));
  e.venue = std::string(util::trim(ctx.field("venue")));
  e.address = std::string(util::trim(ctx.field("address")));
  e.speakers = std::string(util::trim(ctx.field("speakers")));
  v.date = ctx.field("date");
  v.start_time = ctx.field("start_time");
  v.end_date = ctx.field("end_date").empty() ? v.date : ctx.field("end_date");
  v.end_time = ctx.field("end_time");

  if (!e.org_id || !can_manage(ctx, e.org_id)) errors.add("org_id", "validation.choice.invalid");
  if (!one_of(e.kind, kKinds)) errors.add("kind", "validation.choice.invalid");
  if (auto err = web::check_name(e.title, 200)) errors.add("title", *err, {{"max", "200"}});
  if (auto err = web::check_name(e.summary, 500)) errors.add("summary", *err, {{"max", "500"}});
  if (!util::valid_utf8(e.description) || util::utf8_length(e.description) > 20000)
    errors.add("description", "events.validation.description", {{"max", "20000"}});
  if (!i18n::supported(e.lang)) errors.add("lang", "validation.choice.invalid");
  if (!one_of(e.theme, kThemes)) errors.add("theme", "validation.choice.invalid");
  if (!one_of(e.audience, kAudiences)) errors.add("audience", "validation.choice.invalid");
  if (!one_of(e.age_group, kAgeGroups)) errors.add("age_group", "validation.choice.invalid");
  if (!one_of(e.time_zone, kZones)) errors.add("time_zone", "validation.choice.invalid");
  if (util::utf8_length(e.speakers) > 1000) errors.add("speakers", "validation.text.too_long");
  if (e.online) {
    if (!valid_url(e.join_url)) errors.add("join_url", "validation.url.invalid");
  } else {
    if (auto err = web::check_name(e.venue, 200)) errors.add("venue", *err);
    if (auto err = web::check_name(e.address, 300)) errors.add("address", *err);
  }
  auto reminder = util::parse_int(ctx.field("reminder_hours"));
  bool reminder_ok = reminder && *reminder == 0;
  for (int h : kReminderChoices) reminder_ok = reminder_ok || (reminder && *reminder == h);
  if (!reminder_ok) errors.add("reminder_hours", "validation.choice.invalid");
  else e.reminder_hours = static_cast<int>(*reminder);
  auto capacity = util::parse_int(util::trim(ctx.field("capacity")));
  if (!capacity || *capacity < 1 || *capacity > kMaxCapacity)
    errors.add("capacity", "events.validation.capacity", {{"max", std::to_string(kMaxCapacity)}});
  else if (*capacity < confirmed)
    errors.add("capacity", "events.validation.capacity_taken", {{"n", std::to_string(confirmed)}});
  else
    e.capacity = static_cast<int>(*capacity);

  int y, mo, d, h, mi, ey, emo, ed, eh, emi;
  bool start_ok = parse_date(v.date, y, mo, d) && parse_time(v.start_time, h, mi);
  bool end_ok = parse_date(v.end_date, ey, emo, ed) && parse_time(v.end_time, eh, emi);
  if (!start_ok) errors.add("date", "events.validation.datetime");
  if (!end_ok) errors.add("end_time", "events.validation.datetime");
  if (start_ok && end_ok && one_of(e.time_zone, kZones)) {
    auto start = i18n::local_to_utc(y, mo, d, h, mi, e.time_zone);
    auto end = i18n::local_to_utc(ey, emo, ed, eh, emi, e.time_zone);
    if (!start) errors.add("start_time", "events.validation.no_such_time", {{"zone", e.time_zone}});
    else if (!end) errors.add("end_time", "events.validation.no_such_time", {{"zone", e.time_zone}});
    else if (*end <= *start) errors.add("end_time", "events.validation.end_before_start");
    else if (*end - *start > 14 * 86400) errors.add("end_time", "events.validation.too_long");
    else {
      e.starts_at = *start;
      e.ends_at = *end;
    }
  }
  return e;
}

Response form_page(Ctx& ctx, const Event& e, const FormValues& v, const FormErrors& errors, int status) {
  auto d = form_data(ctx, e, v);
  errors.into(d, ctx);
  return ctx.page(ctx.t(e.id ? "events.edit.title" : "events.new.title"), "events/form", d, status);
}

Response new_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto orgs = manageable_orgs(ctx);
  if (orgs.empty()) return ctx.error(403, "events.forbidden");
  Event e;
  e.org_id = orgs.front().id;
  e.kind = "webinar";
  e.lang = ctx.locale;
  e.theme = "information";
  e.audience = "everyone";
  e.age_group = "all";
  e.online = true;
  e.capacity = 50;
  return form_page(ctx, e, {}, {}, 200);
}

Response create(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  if (manageable_orgs(ctx).empty()) return ctx.error(403, "events.forbidden");
  FormValues v;
  FormErrors errors;
  auto e = read_event(ctx, v, errors, 0);
  if (!errors.empty()) return form_page(ctx, e, v, errors, 422);
  auto id = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    e.id = store::create(c, e, ctx.user->id);
    schedule_reminder(c, e);
    return e.id;
  });
  log::info("event created", "\"event_id\":" + std::to_string(id) + ",\"user_id\":" + std::to_string(ctx.user->id));
  ctx.flash("events.created");
  return ctx.redirect("/events/" + std::to_string(id));
}

// The event, when the signed-in person may manage it; otherwise a 404 like a missing event.
std::optional<Event> managed_event(Ctx& ctx) {
  auto e = load_event(ctx, ctx.path_id("id"));
  if (!e || !can_manage(ctx, e->org_id)) return std::nullopt;
  return e;
}

FormValues values_of(const Event& e) {
  auto s = i18n::utc_to_local(e.starts_at, e.time_zone), en = i18n::utc_to_local(e.ends_at, e.time_zone);
  return {std::to_string(s.year) + "-" + two(s.month) + "-" + two(s.day), two(s.hour) + ":" + two(s.minute),
          std::to_string(en.year) + "-" + two(en.month) + "-" + two(en.day), two(en.hour) + ":" + two(en.minute)};
}

Response edit_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  return form_page(ctx, *e, values_of(*e), {}, 200);
}

Response update(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto existing = managed_event(ctx);
  if (!existing) return ctx.error(404, "errors.not_found");
  if (existing->status == "cancelled") return ctx.error(409, "events.edit.cancelled");
  FormValues v;
  FormErrors errors;
  auto e = read_event(ctx, v, errors, existing->confirmed);
  e.id = existing->id;
  if (e.org_id != existing->org_id) errors.add("org_id", "events.validation.org_fixed");
  if (!errors.empty()) return form_page(ctx, e, v, errors, 422);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    store::update(c, e);
    if (e.starts_at != existing->starts_at || e.reminder_hours != existing->reminder_hours) {
      // A new time means a new reminder for everyone; the old job finds its plan changed.
      if (e.starts_at != existing->starts_at)
        c.exec("UPDATE registrations SET reminded_at = NULL WHERE event_id = ?", {e.id});
      schedule_reminder(c, e);
    }
  });
  ctx.flash("common.saved");
  return ctx.redirect("/events/" + std::to_string(e.id));
}

Response cancel_event(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  web::allow_fields(ctx, {"reason"});
  auto reason = std::string(util::trim(ctx.field("reason")));
  if (auto err = web::check_name(reason, 500)) {
    auto d = card(ctx, *e);
    FormErrors errors;
    errors.add("reason", *err);
    errors.into(d, ctx);
    d.set("reason", reason);
    return ctx.page(ctx.t("events.cancel.title"), "events/cancel", d, 422);
  }
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto people = store::cancel_event(c, e->id, reason);
    auto cancelled = *store::find(c, e->id);
    for (const auto& [email, lang_raw] : people) {
      auto lang = i18n::supported(lang_raw) ? lang_raw : ctx.locale;
      i18n::Args args{{"title", e->title}, {"reason", reason}};
      accounts::queue_mail(c, email, i18n::t(lang, "mail.event_cancelled.subject", args),
                           i18n::t(lang, "mail.event_cancelled.body", args), {invitation(ctx, cancelled, "CANCEL")});
    }
  });
  if (ctx.svc.jobs) ctx.svc.jobs->wake();
  log::info("event cancelled", "\"event_id\":" + std::to_string(e->id) + ",\"user_id\":" + std::to_string(ctx.user->id));
  ctx.flash("events.cancelled");
  return ctx.redirect("/events/" + std::to_string(e->id));
}

Response cancel_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  return ctx.page(ctx.t("events.cancel.title"), "events/cancel", card(ctx, *e));
}

Response registrants_page(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  auto d = card(ctx, *e);
  view::List rows;
  auto c = ctx.db().acquire();
  for (const auto& r : store::registrants(*c, e->id)) {
    view::Data row;
    row.set("user_id", std::to_string(r.user_id));
    row.set("name", r.display_name);
    row.set("email", r.email);
    row.set("status", ctx.t("events.registration." + r.status));
    row.set("registered", i18n::format_datetime(ctx.locale, r.registered_at, e->time_zone));
    row.set("confirmed", r.status == "confirmed");
    row.set("attended", r.attended.value_or(false));
    rows.push_back(row);
  }
  d.set("started", e->starts_at <= util::now_unix());
  if (!e->recording_url.empty()) d.set("recording_url", e->recording_url);
  d.set("registrants", rows);
  d.set("confirmed_count", std::to_string(e->confirmed));
  d.set("waitlisted_count", std::to_string(e->waitlisted));
  return ctx.page(ctx.t("events.registrants.title"), "events/registrants", d);
}

Response attendance(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  if (e->starts_at > util::now_unix()) return ctx.error(409, "events.attendance.not_started");
  std::vector<std::int64_t> present;
  for (const auto& [k, v] : ctx.form) {
    if (k == "_csrf") continue;
    if (k != "present") throw web::Reject{400, "errors.unexpected_field"};
    auto id = util::parse_id(v);
    if (!id) return ctx.error(400, "errors.bad_request");
    present.push_back(*id);
  }
  {
    auto c = ctx.db().acquire();
    store::mark_attendance(*c, e->id, present);
  }
  ctx.flash("events.attendance.saved");
  return ctx.redirect("/events/" + std::to_string(e->id) + "/registrants");
}

Response recording(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  web::allow_fields(ctx, {"recording_url"});
  auto url = std::string(util::trim(ctx.field("recording_url")));
  if (!url.empty() && !valid_url(url)) return ctx.error(422, "validation.url.invalid");
  {
    auto c = ctx.db().acquire();
    store::set_recording(*c, e->id, url);
  }
  ctx.flash("common.saved");
  return ctx.redirect("/events/" + std::to_string(e->id) + "/registrants");
}

// A copy of the event, a week later, opened in the edit form; registrations are not copied.
Response duplicate(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  web::allow_fields(ctx, {});
  Event copy = *e;
  copy.status = "published";
  copy.cancel_reason.clear();
  auto now = util::now_unix();
  while (copy.starts_at < now + 3600) {  // an old event's copy lands in the future
    copy.starts_at += 7 * 86400;
    copy.ends_at += 7 * 86400;
  }
  if (copy.starts_at == e->starts_at) {
    copy.starts_at += 7 * 86400;
    copy.ends_at += 7 * 86400;
  }
  auto id = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    copy.id = store::create(c, copy, ctx.user->id);
    schedule_reminder(c, copy);
    return copy.id;
  });
  ctx.flash("events.duplicated");
  return ctx.redirect("/events/" + std::to_string(id) + "/edit");
}

view::List session_items(const Ctx& ctx, const std::vector<Session>& sessions) {
  view::List out;
  for (const auto& x : sessions) {
    view::Data d;
    d.set("session_id", std::to_string(x.id));
    d.set("session_title", x.title);
    d.set("session_when", i18n::format_range(ctx.locale, x.starts_at, x.ends_at, x.time_zone) + " (" +
                              i18n::zone_label(ctx.locale, x.starts_at, x.time_zone) + ")");
    d.set("session_iso", util::iso8601_utc(x.starts_at));
    d.set("session_zone", x.time_zone);
    out.push_back(d);
  }
  return out;
}

struct SessionInput {
  std::string title, date, start, end, zone;
};

Response sessions_page(Ctx& ctx, const Event& e, const SessionInput& in, const FormErrors& errors, int status) {
  auto d = card(ctx, e);
  std::vector<Session> list;
  {
    auto c = ctx.db().acquire();
    list = store::sessions(*c, e.id);
  }
  auto items = session_items(ctx, list);
  if (!items.empty()) d.set("sessions", items);
  d.set("in_title", in.title);
  d.set("in_date", in.date);
  d.set("in_start", in.start);
  d.set("in_end", in.end);
  std::vector<std::pair<std::string, std::string>> zones;
  for (const auto& z : kZones) zones.emplace_back(z, z);
  d.set("zones", web::options(zones, in.zone.empty() ? e.time_zone : in.zone));
  errors.into(d, ctx);
  return ctx.page(ctx.t("events.sessions.title"), "events/sessions", d, status);
}

Response sessions_get(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  return sessions_page(ctx, *e, {}, {}, 200);
}

Response session_add(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  web::allow_fields(ctx, {"session_title", "session_date", "session_start", "session_end", "session_zone"});
  SessionInput in{std::string(util::trim(ctx.field("session_title"))), ctx.field("session_date"),
                  ctx.field("session_start"), ctx.field("session_end"), ctx.field("session_zone")};
  FormErrors errors;
  if (auto err = web::check_name(in.title, 200)) errors.add("session_title", *err);
  if (!one_of(in.zone, kZones)) errors.add("session_zone", "validation.choice.invalid");
  int y, mo, d, h, mi, eh, emi;
  Session x{0, e->id, in.title, 0, 0, in.zone};
  if (!parse_date(in.date, y, mo, d) || !parse_time(in.start, h, mi) || !parse_time(in.end, eh, emi)) {
    errors.add("session_date", "events.validation.datetime");
  } else if (one_of(in.zone, kZones)) {
    auto start = i18n::local_to_utc(y, mo, d, h, mi, in.zone), end = i18n::local_to_utc(y, mo, d, eh, emi, in.zone);
    if (!start) errors.add("session_start", "events.validation.no_such_time", {{"zone", in.zone}});
    else if (!end) errors.add("session_end", "events.validation.no_such_time", {{"zone", in.zone}});
    else if (*end <= *start) errors.add("session_end", "events.validation.end_before_start");
    else if (*start < e->starts_at || *end > e->ends_at) errors.add("session_date", "events.sessions.outside");
    else {
      x.starts_at = *start;
      x.ends_at = *end;
    }
  }
  if (!errors.empty()) return sessions_page(ctx, *e, in, errors, 422);
  {
    auto c = ctx.db().acquire();
    store::add_session(*c, x);
  }
  ctx.flash("events.sessions.added");
  return ctx.redirect("/events/" + std::to_string(e->id) + "/sessions");
}

Response session_delete(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  web::allow_fields(ctx, {});
  auto c = ctx.db().acquire();
  if (!store::delete_session(*c, e->id, ctx.path_id("session"))) return ctx.error(404, "errors.not_found");
  ctx.flash("events.sessions.deleted");
  return ctx.redirect("/events/" + std::to_string(e->id) + "/sessions");
}

// CSV cells that a spreadsheet would run as a formula are neutralised.
std::string csv_cell(const std::string& s) {
  std::string v = s;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r'))
    v = "'" + v;
  std::string out = "\"";
  for (char ch : v) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

Response registrants_csv(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  auto c = ctx.db().acquire();
  std::string out = csv_cell(ctx.t("accounts.field.display_name")) + "," + csv_cell(ctx.t("accounts.field.email")) + "," +
                    csv_cell(ctx.t("events.registrants.status")) + "," + csv_cell(ctx.t("events.registrants.registered")) +
                    "\r\n";
  for (const auto& r : store::registrants(*c, e->id))
    out += csv_cell(r.display_name) + "," + csv_cell(r.email) + "," + csv_cell(ctx.t("events.registration." + r.status)) +
           "," + csv_cell(util::iso8601_utc(r.registered_at)) + "\r\n";
  auto res = Response::text(200, "\xEF\xBB\xBF" + out, "text/csv; charset=utf-8");
  res.set("content-disposition", "attachment; filename=\"registrants-" + std::to_string(e->id) + ".csv\"");
  res.set("cache-control", "no-store");
  return res;
}

}  // namespace

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
  std::string in;
  db::Params p{util::now_unix()};
  for (const auto& t : themes) {
    in += in.empty() ? "?" : ", ?";
    p.emplace_back(t);
  }
  p.emplace_back(lang);
  p.emplace_back(n);
  std::vector<Upcoming> out;
  for (const auto& r : c.query("SELECT id, title, starts_at, ends_at, time_zone, lang, theme FROM events WHERE status = 'published' "
                               "AND starts_at > ? AND theme IN (" + in + ") "
                               "ORDER BY CASE WHEN lang = ? THEN 0 ELSE 1 END, starts_at, id LIMIT ?",
                               p))
    out.push_back({r.i64(0), r.str(1), r.i64(2), r.i64(3), r.str(4), r.str(5), r.str(6)});
  return out;
}

void schedule_reminder(db::Connection& c, const Event& e) {
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
    auto people = c.query(
        "SELECT r.id, u.email, u.lang, u.display_name FROM registrations r JOIN users u ON u.id = r.user_id "
        "WHERE r.event_id = ? AND r.status = 'confirmed' AND r.reminded_at IS NULL ORDER BY r.queue_seq",
        {e->id});
    auto now = util::now_unix();
    for (const auto& p : people) {
      auto lang = i18n::supported(p.str(2)) ? p.str(2) : std::string(i18n::kDefaultLocale);
      i18n::Args args{{"name", p.str(3)},
                      {"title", e->title},
                      {"when", i18n::format_range(lang, e->starts_at, e->ends_at, e->time_zone) + " (" +
                                   i18n::zone_label(lang, e->starts_at, e->time_zone) + ")"},
                      {"where", e->online ? e->join_url : e->venue + ", " + e->address},
                      {"link", config.public_url + "/events/" + std::to_string(e->id)}};
      accounts::queue_mail(c, p.str(1), i18n::t(lang, "mail.event_reminder.subject", args),
                           i18n::t(lang, "mail.event_reminder.body", args));
      c.exec("UPDATE registrations SET reminded_at = ? WHERE id = ?", {now, p.i64(0)});
    }
  });
}

void register_routes(web::App& app) {
  app.route("GET", "/events", web::Access::kAnyone, list_page);
  app.route("GET", "/events/calendar", web::Access::kAnyone, calendar_page);
  app.route("GET", "/events/mine", web::Access::kSignedIn, feed_get);
  app.route("POST", "/events/mine", web::Access::kSignedIn, feed_post);
  app.route("GET", "/events/new", web::Access::kPublisher, new_form);
  app.route("POST", "/events/new", web::Access::kPublisher, create);
  app.route("GET", "/events.ics", web::Access::kAnyone, all_ics);
  app.route("GET", "/calendar/{token}", web::Access::kAnyone, personal_ics);
  app.route("GET", "/events/{id}", web::Access::kAnyone, show);
  app.route("GET", "/events/{id}/event.ics", web::Access::kAnyone, event_ics);
  app.route("POST", "/events/{id}/register", web::Access::kSignedIn, do_register);
  app.route("POST", "/events/{id}/unregister", web::Access::kSignedIn, do_unregister);
  app.route("GET", "/events/{id}/edit", web::Access::kPublisher, edit_form);
  app.route("POST", "/events/{id}/edit", web::Access::kPublisher, update);
  app.route("GET", "/events/{id}/cancel", web::Access::kPublisher, cancel_form);
  app.route("POST", "/events/{id}/cancel", web::Access::kPublisher, cancel_event);
  app.route("GET", "/events/{id}/registrants", web::Access::kPublisher, registrants_page);
  app.route("GET", "/events/{id}/registrants.csv", web::Access::kPublisher, registrants_csv);
  app.route("POST", "/events/{id}/attendance", web::Access::kPublisher, attendance);
  app.route("POST", "/events/{id}/recording", web::Access::kPublisher, recording);
  app.route("POST", "/events/{id}/duplicate", web::Access::kPublisher, duplicate);
  app.route("GET", "/events/{id}/sessions", web::Access::kPublisher, sessions_get);
  app.route("POST", "/events/{id}/sessions", web::Access::kPublisher, session_add);
  app.route("POST", "/events/{id}/sessions/{session}/delete", web::Access::kPublisher, session_delete);
}

}  // namespace cityskills::events
