// Events: the public pages — list, month calendar, the event page with its JSON-LD — and
// registration with capacity and waiting list.
#include "features/events/handlers.hpp"
#include "features/events/policy.hpp"

#include <algorithm>
#include <cctype>

#include "features/accounts/api.hpp"
#include "features/events/ical.hpp"
#include "features/events/store.hpp"
#include "features/orgs/api.hpp"
#include "jobs/jobs.hpp"
#include "util/crypto.hpp"
#include "web/extensions.hpp"
#include "web/form_input.hpp"
#include "web/forms.hpp"
#include "web/list_params.hpp"
#include "web/list_cards.hpp"
#include "web/login_link.hpp"

namespace cityskills::events::detail {

using http::Response;
using web::Ctx;
using web::FormErrors;

// ---- list and calendar -------------------------------------------------------------------

Response list_page(Ctx& ctx) {
  web::ListParams q(ctx, "/events", "events.filter.invalid");
  store::Filter f;
  f.kind = q.choice("kind", kKinds);
  f.theme = q.choice("theme", kThemes);
  f.audience = q.choice("audience", kAudiences);
  f.age_group = q.choice("age", kAgeGroups);
  f.lang = q.language("lang_filter");  // "lang" switches the interface language
  f.mode = q.choice("mode", {"online", "in_person"});
  auto c = ctx.db().acquire();
  std::string org_slug;
  f.org_id = orgs::org_filter(*c, q, org_slug);
  f.past = q.flag("past");
  auto events = store::list(*c, f, util::now_unix(), kPerPage + 1, q.offset(kPerPage));
  view::Data d;
  d.set("kinds", web::filter_menu(ctx, "events.kind.", kKinds, f.kind));
  d.set("themes", web::filter_menu(ctx, theme_names(ctx), f.theme));
  d.set("audiences", web::filter_menu(ctx, "events.audience.", kAudiences, f.audience));
  d.set("ages", web::filter_menu(ctx, "events.age.", kAgeGroups, f.age_group));
  d.set("langs", web::language_menu(ctx, f.lang));
  d.set("modes", web::filter_menu(ctx, {{"online", ctx.t("events.online")}, {"in_person", ctx.t("events.in_person")}}, f.mode));
  d.set("orgs", orgs::org_menu(*c, ctx, org_slug));
  d.set("events", web::page_cards(q, d, events, kPerPage, [&](const Event& e) { return card(ctx, e); }));
  d.set("past", f.past);
  ctx.feeds.emplace_back(ctx.t("events.list.title"), "/events.ics");
  d.set("can_create", ctx.user && ctx.user->publisher);
  return ctx.page(ctx.t(f.past ? "events.past.title" : "events.list.title"), "events/list", std::move(d));
}

Response calendar_page(Ctx& ctx) {
  auto now = i18n::utc_to_local(util::now_unix(), ctx.zone());
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
  bool any_events = false;
  for (int day = 1; day <= days; ++day) {
    view::Data cell;
    cell.set("day", std::to_string(day));
    cell.set("weekday", i18n::weekday_name(ctx.locale, (weekday + day - 1) % 7));  // shown where the grid is a list
    view::List items;
    for (const auto& e : events) {
      auto local = i18n::utc_to_local(e.starts_at, e.time_zone);
      if (local.year == year && local.month == month && local.day == day) {
        view::Data item;
        item.set("id", std::to_string(e.id));
        item.set("title", e.title);
        item.set("time", two(local.hour) + ":" + two(local.minute));
        item.set("cancelled", e.status == "cancelled");
        items.push_back(std::move(item));
      }
    }
    if (!items.empty()) cell.set("items", items);
    any_events = any_events || !items.empty();
    week.push_back(std::move(cell));
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
  d.set("weeks", std::move(weeks));
  d.set("no_events", !any_events);
  d.set("month_name", i18n::format_month(ctx.locale, first));
  d.set("prev", "/events/calendar?month=" + std::to_string(prev_y) + "-" + two(prev_m));
  d.set("next", "/events/calendar?month=" + std::to_string(next_y) + "-" + two(next_m));
  view::List names;
  for (int i = 0; i < 7; ++i) names.push_back(view::Data(i18n::weekday_name(ctx.locale, i)));
  d.set("weekdays", std::move(names));
  ctx.feeds.emplace_back(ctx.t("events.list.title"), "/events.ics");
  return ctx.page(ctx.t("events.calendar.title") + " – " + i18n::format_month(ctx.locale, first), "events/calendar", std::move(d));
}

// ---- event page ----------------------------------------------------------------------------

// The event, when the person may see it: a draft only by its organisers (a 404 for everyone else).
std::optional<Event> load_event(Ctx& ctx, std::int64_t id) {
  std::optional<Event> e;
  {
    auto c = ctx.db().acquire();
    e = store::find(*c, id);
  }
  if (e && !policy::may_view(ctx.actor(), e->org_id, e->status)) return std::nullopt;
  return e;
}


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
    e = store::find_for(*c, ctx.path_id("id"), ctx.user ? ctx.user->id : 0, mine);
  }
  if (e && !policy::may_view(ctx.actor(), e->org_id, e->status)) e.reset();
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
  d.set("login_next", web::login_link("/events/" + std::to_string(e->id)));
  if (mine) {
    d.set("registered", true);
    d.set("confirmed", mine->status == "confirmed");
    if (mine->status == "waitlisted")
      d.set("position", ctx.t("events.register.position", {{"position", std::to_string(mine->position)}}));
    auto now = util::now_unix();
    if (mine->attended) d.set("checked_in", true);
    else if (mine->status == "confirmed" && e->status == "published" && now >= e->starts_at - kCheckinEarly &&
             now <= e->ends_at + kCheckinLate)
      d.set("checkin_open", true);
    // The join link is for registered, confirmed people only.
    if (mine->status == "confirmed" && e->online && !e->join_url.empty()) d.set("join_url", e->join_url);
  }
  d.set("full", e->confirmed >= e->capacity);
  if (!e->recording_url.empty()) d.set("recording_url", e->recording_url);
  d.set("can_manage", can_manage(ctx, e->org_id));
  d.set("draft", e->status == "draft");
  {
    auto c = ctx.db().acquire();
    auto items = session_items(ctx, store::sessions(*c, e->id));
    if (!items.empty()) {
      d.set("sessions", std::move(items));
      d.set("has_sessions", true);
    }
  }
  return ctx.page(e->title, "events/show", std::move(d));
}

// The code shown at the event: entered while it runs, it records the person's attendance, once.
// Letters are compared without case, spaces or dashes ("abcd efgh" is "ABCD-EFGH").
Response checkin(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::FormInput in(ctx);
  auto entered = in.text("code");
  in.finish();
  std::string code;
  for (char ch : entered)
    if (std::isalnum(static_cast<unsigned char>(ch))) code += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    else if (ch != ' ' && ch != '-') code += '?';
  auto id = ctx.path_id("id");
  auto e = load_event(ctx, id);
  if (!e) return ctx.error(404, "errors.not_found");
  auto now = util::now_unix();
  if (e->status != "published") return ctx.error(409, "events.checkin.closed");
  if (now < e->starts_at - kCheckinEarly) return ctx.error(409, "events.checkin.not_open");
  if (now > e->ends_at + kCheckinLate) return ctx.error(409, "events.checkin.closed");
  if (code.empty()) return ctx.error(422, "events.checkin.code_required");
  enum class Result { kDone, kAlready, kNotRegistered, kWrong, kNoCode, kTooMany };
  auto result = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    auto mine = store::registration_of(c, e->id, ctx.user->id);
    if (!mine || mine->status != "confirmed") return Result::kNotRegistered;
    if (mine->attended) return Result::kAlready;
    if (!accounts::rate_allow(c, "event-checkin:" + std::to_string(e->id) + ":" + std::to_string(ctx.user->id),
                              kCheckinWindow, kCheckinTries))
      return Result::kTooMany;
    auto expected = store::checkin_code(c, e->id);
    if (expected.empty()) return Result::kNoCode;
    if (!crypto::equal_constant_time(code, expected)) return Result::kWrong;
    if (store::check_in(c, e->id, ctx.user->id) != store::CheckIn::kRecorded) return Result::kAlready;
    web::achievement_changed(c, ctx.user->id);
    return Result::kDone;
  });
  switch (result) {
    case Result::kNotRegistered:
      return ctx.error(409, "events.checkin.not_registered");
    case Result::kAlready:
      return ctx.error(409, "events.checkin.already");
    case Result::kTooMany:
      log::warn("check-in guesses limited", "\"event_id\":" + std::to_string(e->id) + ",\"user_id\":" +
                                                std::to_string(ctx.user->id));
      return ctx.too_many("events.checkin.too_many", static_cast<int>(kCheckinWindow));
    case Result::kNoCode:
      return ctx.error(409, "events.checkin.no_code");
    case Result::kWrong:
      return ctx.error(422, "events.checkin.wrong_code");
    case Result::kDone:
      break;
  }
  log::info("checked in", "\"event_id\":" + std::to_string(e->id) + ",\"user_id\":" + std::to_string(ctx.user->id));
  ctx.flash("events.checkin.done");
  return ctx.redirect("/events/" + std::to_string(e->id));
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

}  // namespace cityskills::events::detail

namespace cityskills::events {

std::optional<Event> visible_event(web::Ctx& ctx, std::int64_t id) { return detail::load_event(ctx, id); }

RegisterResult register_person(web::Ctx& ctx, const Event& e, std::int64_t user_id) {
  auto result = store::register_user(ctx.db(), e.id, user_id, [&](db::Connection& c, std::int64_t user, const std::string& status) {
    detail::mail_registered(c, ctx, user, e, status);
  });
  if ((result.outcome == Outcome::kConfirmed || result.outcome == Outcome::kWaitlisted) && ctx.svc.jobs)
    ctx.svc.jobs->wake();
  return result;
}

CancelResult cancel_person(web::Ctx& ctx, const Event& e, std::int64_t user_id) {
  auto result = store::cancel_registration(ctx.db(), e.id, user_id, [&](db::Connection& c, std::int64_t user, const std::string& status) {
    detail::mail_registered(c, ctx, user, e, status);
  });
  if (result.promoted_user && ctx.svc.jobs) ctx.svc.jobs->wake();
  return result;
}

}  // namespace cityskills::events
