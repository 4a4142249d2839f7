// Events: the organiser's pages — create, edit, publish, cancel, duplicate and sessions. The
// registrant list, attendance, check-in codes and the recording are in registrants.cpp.
#include "features/events/handlers.hpp"

#include <algorithm>

#include "features/accounts/api.hpp"
#include "features/admin/api.hpp"
#include "features/events/api.hpp"
#include "features/events/forms.hpp"
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

view::Data form_data(Ctx& ctx, const Event& e, const WhenTexts& v) {
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

// The organiser's event form, with a publish choice from its two buttons (else a bad request).
EventForm read_event_form(Ctx& ctx) {
  auto form = web::read_form<EventForm>(ctx);
  if (!form.publish_valid()) throw web::Reject{400, "errors.bad_request"};
  return form;
}

Response form_page(Ctx& ctx, const Event& e, const WhenTexts& v, const FormErrors& errors, int status) {
  auto d = form_data(ctx, e, v);
  errors.into(d, ctx);
  return ctx.page(ctx.t(e.id ? "events.edit.title" : "events.new.title"), "events/form", d, std::move(status));
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
  auto form = read_event_form(ctx);
  auto errors = check(form, form.org_id && can_manage(ctx, *form.org_id), 0);
  Event e;
  form.apply(e);
  // "Save as draft" sends publish=0; the publish button (and a form without the choice) publishes.
  e.status = form.publish == "0" ? "draft" : "published";
  if (!errors.empty()) return form_page(ctx, e, form.when, errors, 422);
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

WhenTexts values_of(const Event& e) {
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
  auto form = read_event_form(ctx);
  auto errors = check(form, form.org_id && can_manage(ctx, *form.org_id), existing->confirmed);
  Event e;
  form.apply(e);
  e.id = existing->id;
  e.status = existing->status;
  if (e.org_id != existing->org_id) errors.add("org_id", "events.validation.org_fixed");
  if (!errors.empty()) return form_page(ctx, e, form.when, errors, 422);
  bool publishing = e.status == "draft" && form.publish == "1";
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
  web::FormInput(ctx).finish();
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
  auto form = web::read_form<CancelForm>(ctx);
  const auto& reason = form.reason;
  if (auto errors = check(form); !errors.empty()) {
    auto d = card(ctx, *e);
    errors.into(d, ctx);
    d.set("reason", reason);
    return ctx.page(ctx.t("events.cancel.title"), "events/cancel", std::move(d), 422);
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
  web::FormInput(ctx).finish();
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
    out.push_back(std::move(d));
  }
  return out;
}

Response sessions_page(Ctx& ctx, const Event& e, const SessionForm& in, const FormErrors& errors, int status) {
  auto d = card(ctx, e);
  std::vector<Session> list;
  {
    auto c = ctx.db().acquire();
    list = store::sessions(*c, e.id);
  }
  auto items = session_items(ctx, list);
  if (!items.empty()) d.set("sessions", std::move(items));
  d.set("in_title", in.title);
  d.set("in_date", in.date);
  d.set("in_start", in.start);
  d.set("in_end", in.end);
  d.set("zones", web::options(zone_options(ctx, e.starts_at), in.zone.empty() ? e.time_zone : in.zone));
  errors.into(d, ctx);
  return ctx.page(ctx.t("events.sessions.title"), "events/sessions", d, std::move(status));
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
  auto in = web::read_form<SessionForm>(ctx);
  auto errors = check(in, e->starts_at, e->ends_at);
  if (!errors.empty()) return sessions_page(ctx, *e, in, errors, 422);
  {
    auto c = ctx.db().acquire();
    store::add_session(*c, in.session(e->id));
  }
  ctx.flash("events.sessions.added");
  return ctx.redirect("/events/" + std::to_string(e->id) + "/sessions");
}

Response session_delete(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  web::FormInput(ctx).finish();
  auto c = ctx.db().acquire();
  if (!store::delete_session(*c, e->id, ctx.path_id("session"))) return ctx.error(404, "errors.not_found");
  ctx.flash("events.sessions.deleted");
  return ctx.redirect("/events/" + std::to_string(e->id) + "/sessions");
}

}  // namespace cityskills::events::detail
