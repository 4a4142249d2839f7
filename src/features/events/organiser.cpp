// Events: the organiser's pages — create, edit, publish, cancel, duplicate and sessions. The
// registrant list, attendance, check-in codes and the recording are in registrants.cpp.
#include "features/events/handlers.hpp"

#include <algorithm>
#include <cstdio>

#include "features/accounts/api.hpp"
#include "features/admin/api.hpp"
#include "features/events/api.hpp"
#include "features/events/ical.hpp"
#include "features/events/store.hpp"
#include "features/orgs/api.hpp"
#include "i18n/zones.hpp"
#include "jobs/jobs.hpp"
#include "util/log.hpp"
#include "view/csv.hpp"
#include "util/crypto.hpp"
#include "web/extensions.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"

namespace cityskills::events::detail {

using http::Response;
using web::Ctx;
using web::FormErrors;

// The offered time zones by city and offset at the event's time (or now), in the reader's language.
std::vector<std::pair<std::string, std::string>> zone_options(const Ctx& ctx, std::int64_t at) {
  return i18n::zone_choices(ctx.locale, at ? at : util::now_unix());
}

// A reminder's lead in words: hours below a day, then days, a week as a week.
std::string reminder_label(const Ctx& ctx, int hours) {
  if (hours % 168 == 0) return i18n::tn(ctx.locale, "events.reminder.weeks", hours / 168);
  if (hours % 24 == 0) return i18n::tn(ctx.locale, "events.reminder.days", hours / 24);
  return i18n::tn(ctx.locale, "events.reminder.hours", hours);
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
  d.set("kinds", web::options(web::labelled(ctx, "events.kind.", kKinds), e.kind));
  d.set("themes", web::options(theme_names(ctx), e.theme));
  d.set("audiences", web::options(web::labelled(ctx, "events.audience.", kAudiences), e.audience));
  d.set("ages", web::options(web::labelled(ctx, "events.age.", kAgeGroups), e.age_group));
  d.set("langs", web::options(web::language_names(), e.lang));
  d.set("zones", web::options(zone_options(ctx, e.starts_at), e.time_zone));
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
  for (int h : kReminderChoices) reminders.emplace_back(std::to_string(h), reminder_label(ctx, h));
  d.set("reminders", web::options(reminders, std::to_string(e.reminder_hours)));
  d.set("date", v.date);
  d.set("start_time", v.start_time);
  d.set("end_date", v.end_date);
  d.set("end_time", v.end_time);
  if (e.id) d.set("id", std::to_string(e.id));
  d.set("draft", e.status == "draft");
  d.set("new", e.id == 0);
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

// Reads and checks the organiser's form; `confirmed` is how many seats are already taken.
Event read_event(Ctx& ctx, FormValues& v, FormErrors& errors, std::int64_t confirmed) {
  web::allow_fields(ctx, {"org_id", "kind", "title", "summary", "description", "lang", "theme", "audience", "age_group",
                          "date", "start_time", "end_date", "end_time", "time_zone", "online", "join_url", "venue",
                          "address", "speakers", "capacity", "reminder_hours", "publish"});
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
  if (!i18n::is_offered_zone(e.time_zone)) errors.add("time_zone", "validation.choice.invalid");
  if (util::utf8_length(e.speakers) > 1000) errors.add("speakers", "validation.text.too_long");
  if (e.online) {
    web::check_url(errors, "join_url", e.join_url, true);
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
  if (start_ok && end_ok && i18n::is_offered_zone(e.time_zone)) {
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
  e.online = false;  // the organiser says whether it is online; nothing is ticked for them
  e.capacity = 50;
  e.time_zone = admin::site_time_zone(*ctx.db().acquire());
  return form_page(ctx, e, {}, {}, 200);
}

Response create(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  if (manageable_orgs(ctx).empty()) return ctx.error(403, "events.forbidden");
  FormValues v;
  FormErrors errors;
  auto e = read_event(ctx, v, errors, 0);
  // "Save as draft" sends publish=0; the publish button (and a form without the choice) publishes.
  auto publish = ctx.field("publish");
  if (publish != "" && publish != "0" && publish != "1") return ctx.error(400, "errors.bad_request");
  e.status = publish == "0" ? "draft" : "published";
  if (!errors.empty()) return form_page(ctx, e, v, errors, 422);
  auto id = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    e.id = store::create(c, e, ctx.user->id);
    if (e.status == "published") schedule_reminder(c, e);
    return e.id;
  });
  log::info("event created", "\"event_id\":" + std::to_string(id) + ",\"user_id\":" + std::to_string(ctx.user->id) +
                                 ",\"status\":\"" + e.status + "\"");
  ctx.flash(e.status == "draft" ? "events.draft.saved" : "events.created");
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
  e.status = existing->status;
  auto publish = ctx.field("publish");
  if (publish != "" && publish != "0" && publish != "1") return ctx.error(400, "errors.bad_request");
  if (e.org_id != existing->org_id) errors.add("org_id", "events.validation.org_fixed");
  if (!errors.empty()) return form_page(ctx, e, v, errors, 422);
  bool publishing = e.status == "draft" && publish == "1";
  ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    store::update(c, e);
    if (publishing) {
      store::publish(c, e.id);
      e.status = "published";
      schedule_reminder(c, e);
      return;
    }
    if (e.status == "draft") return;
    if (e.starts_at != existing->starts_at || e.reminder_hours != existing->reminder_hours) {
      // A new time means a new reminder for everyone; the old job finds its plan changed.
      if (e.starts_at != existing->starts_at)
        store::reset_reminders(c, e.id);
      schedule_reminder(c, e);
    }
  });
  ctx.flash(publishing ? "events.draft.published" : "common.saved");
  return ctx.redirect("/events/" + std::to_string(e.id));
}

// Publishes a draft from its preview: it is listed, searchable, in the feeds and open for registration.
Response publish(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  web::allow_fields(ctx, {});
  bool done = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    if (!store::publish(c, e->id)) return false;
    e->status = "published";
    schedule_reminder(c, *e);
    return true;
  });
  if (!done) return ctx.error(409, "events.draft.not_a_draft");
  log::info("event published", "\"event_id\":" + std::to_string(e->id) + ",\"user_id\":" + std::to_string(ctx.user->id));
  ctx.flash("events.draft.published");
  return ctx.redirect("/events/" + std::to_string(e->id));
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
  ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
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
  auto id = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
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
  d.set("zones", web::options(zone_options(ctx, e.starts_at), in.zone.empty() ? e.time_zone : in.zone));
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
  if (!i18n::is_offered_zone(in.zone)) errors.add("session_zone", "validation.choice.invalid");
  int y, mo, d, h, mi, eh, emi;
  Session x{0, e->id, in.title, 0, 0, in.zone};
  if (!parse_date(in.date, y, mo, d) || !parse_time(in.start, h, mi) || !parse_time(in.end, eh, emi)) {
    errors.add("session_date", "events.validation.datetime");
  } else if (i18n::is_offered_zone(in.zone)) {
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

}  // namespace cityskills::events::detail
