// Events: what organisers do with the people who registered — the registrant list (page and
// CSV), attendance, the check-in code, and the recording linked afterwards.
#include "features/events/handlers.hpp"

#include "features/events/store.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "view/csv.hpp"
#include "web/extensions.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"

namespace cityskills::events::detail {

using http::Response;
using web::Ctx;

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
    rows.push_back(std::move(row));
  }
  d.set("started", e->starts_at <= util::now_unix());
  auto code = store::checkin_code(*c, e->id);
  if (!code.empty()) d.set("checkin_code", code.substr(0, 4) + "-" + code.substr(4));
  d.set("checkin_from", i18n::format_datetime(ctx.locale, e->starts_at - kCheckinEarly, e->time_zone));
  d.set("checkin_until", i18n::format_datetime(ctx.locale, e->ends_at + kCheckinLate, e->time_zone));
  d.set("checkin_possible", e->status == "published" && e->ends_at + kCheckinLate >= util::now_unix());
  if (!e->recording_url.empty()) d.set("recording_url", e->recording_url);
  d.set("registrants", std::move(rows));
  d.set("confirmed_count", std::to_string(e->confirmed));
  d.set("waitlisted_count", std::to_string(e->waitlisted));
  d.set("attended_count", std::to_string(store::attended_count(*c, e->id)));
  return ctx.page(ctx.t("events.registrants.title"), "events/registrants", std::move(d));
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
  bool saved = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    if (!store::mark_attendance(c, e->id, present)) return false;
    // Attendance counts for the learning paths that name the event, in the same transaction.
    for (auto user : present) web::achievement_changed(c, user);
    return true;
  });
  if (!saved) return ctx.error(422, "events.attendance.not_registered");
  log::info("attendance marked", "\"event_id\":" + std::to_string(e->id) + ",\"present\":" + std::to_string(present.size()));
  ctx.flash("events.attendance.saved");
  return ctx.redirect("/events/" + std::to_string(e->id) + "/registrants");
}

// A new check-in code, replacing the previous one: eight letters and digits that cannot be
// mistaken for each other when read off a screen (no 0/O, 1/I/L).
Response new_checkin_code(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  web::FormInput(ctx).finish();
  if (e->status != "published" || e->ends_at + kCheckinLate < util::now_unix()) return ctx.error(409, "events.checkin.closed");
  static constexpr std::string_view kAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
  std::string code;
  for (unsigned char b : crypto::random_bytes(8)) code += kAlphabet[b % kAlphabet.size()];
  {
    auto c = ctx.db().acquire();
    store::set_checkin_code(*c, e->id, code);
  }
  log::info("check-in code made", "\"event_id\":" + std::to_string(e->id));
  ctx.flash("events.checkin.code_made");
  return ctx.redirect("/events/" + std::to_string(e->id) + "/registrants#checkin-heading");
}

Response recording(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  web::FormInput in(ctx);
  auto url = in.trimmed("recording_url");
  in.finish();
  // An address elsewhere, or a lesson of this site (a recording published as a lesson).
  bool lesson_here = url.starts_with("/courses/") && web::safe_next(url) == url;
  if (!url.empty() && !lesson_here && !web::is_http_url(url)) return ctx.error(422, "validation.url.invalid");
  {
    auto c = ctx.db().acquire();
    store::set_recording(*c, e->id, url);
  }
  ctx.flash("common.saved");
  return ctx.redirect("/events/" + std::to_string(e->id) + "/registrants");
}

Response registrants_csv(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = managed_event(ctx);
  if (!e) return ctx.error(404, "errors.not_found");
  auto c = ctx.db().acquire();
  std::string out = view::csv_row({ctx.t("accounts.field.display_name"), ctx.t("accounts.field.email"),
                                   ctx.t("events.registrants.status"), ctx.t("events.registrants.registered"),
                                   ctx.t("events.report.attended")});
  for (const auto& r : store::registrants(*c, e->id))
    out += view::csv_row({r.display_name, r.email, ctx.t("events.registration." + r.status),
                          util::iso8601_utc(r.registered_at),
                          r.attended ? ctx.t(*r.attended ? "common.yes" : "common.no") : std::string()});
  return view::csv_download(out, "registrants-" + std::to_string(e->id) + ".csv");
}

}  // namespace cityskills::events::detail
