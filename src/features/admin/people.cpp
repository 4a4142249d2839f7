// /admin/users/{id}: one person as an administrator sees them — profile, organisations and
// roles, sessions — and what an administrator may do for or about them: block and unblock,
// end their sessions, mail a verification or password-reset link. Each action is audited.
#include "features/accounts/api.hpp"
#include "features/admin/api.hpp"
#include "features/admin/pages.hpp"
#include "features/admin/people_store.hpp"
#include "i18n/i18n.hpp"
#include "jobs/jobs.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/forms.hpp"

namespace cityskills::admin {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

constexpr std::size_t kReasonMax = 500;

// The reason an administrator gives; `required` for blocking.
struct ReasonForm {
  std::string reason;
  void read(web::FormInput& in) { reason = in.trimmed("reason"); }
};

FormErrors check(const ReasonForm& f, bool required) {
  FormErrors e;
  if (required && f.reason.empty()) e.add("reason", "admin.people.reason_required");
  if (util::utf8_length(f.reason) > kReasonMax)
    e.add("reason", "admin.people.reason_too_long", {{"max", std::to_string(kReasonMax)}});
  return e;
}

using people::Person;

Person find_person(Ctx& ctx) {
  auto id = ctx.path_id("id");
  std::optional<Person> p;
  {
    auto c = ctx.db().acquire();
    p = people::find(*c, id);
  }
  if (!p) throw web::Reject{404, "errors.not_found"};
  return *p;
}

Response person_page(Ctx& ctx, const Person& p, const ReasonForm* entered, const FormErrors& errors, int status) {
  auto c = ctx.db().acquire();
  auto zone = ctx.zone();
  auto now = util::now_unix();
  view::Data d;
  auto id = std::to_string(p.id);
  d.set("id", id);
  d.set("email", p.email);
  d.set("display_name", p.display_name);
  d.set("lang", p.lang);
  d.set("country", p.country.empty() ? ctx.t("common.not_specified") : p.country);
  d.set("audience", p.audience.empty() ? ctx.t("common.not_specified") : ctx.t("admin.people.audience." + p.audience));
  d.set("created", i18n::format_datetime(ctx.locale, p.created_at, zone));
  d.set("verified", p.verified_at.has_value());
  if (p.verified_at) d.set("verified_at", i18n::format_datetime(ctx.locale, *p.verified_at, zone));
  d.set("blocked", p.disabled_at.has_value());
  if (p.disabled_at) d.set("blocked_at", i18n::format_datetime(ctx.locale, *p.disabled_at, zone));
  d.set("platform_admin", p.platform_admin);
  d.set("self", p.id == ctx.user->id);
  view::List roles;
  for (const auto& r : people::roles(*c, p.id)) {
    view::Data item;
    item.set("org_id", std::to_string(r.org_id));
    item.set("org_name", r.org_name);
    item.set("role", ctx.t("admin.people.role." + r.role));
    roles.push_back(std::move(item));
  }
  d.set("has_roles", !roles.empty());
  d.set("roles", std::move(roles));
  if (auto o = people::profile_org(*c, p.id)) {
    d.set("profile_org_id", std::to_string(o->id));
    d.set("profile_org", o->name);
  }
  auto sessions = people::sessions(*c, p.id, now);
  d.set("sessions", std::to_string(sessions.open));
  d.set("has_sessions", sessions.open > 0);
  if (sessions.last_seen) d.set("last_seen", i18n::format_datetime(ctx.locale, *sessions.last_seen, zone));
  view::List log;
  for (const auto& a : people::recent_actions(*c, p.id)) {
    view::Data item;
    item.set("when", i18n::format_datetime(ctx.locale, a.created_at, zone));
    item.set("action", a.action);
    item.set("reason", a.reason);
    item.set("actor", a.actor_name);
    log.push_back(std::move(item));
  }
  d.set("has_log", !log.empty());
  d.set("log", std::move(log));
  if (entered) d.set("reason", entered->reason);
  errors.into(d, ctx);
  return ctx.page(p.display_name, "admin/person", d, std::move(status));
}

Response show(Ctx& ctx) { return person_page(ctx, find_person(ctx), nullptr, {}, 200); }

void log_action(const Ctx& ctx, const char* what, std::int64_t subject) {
  log::info(what, "\"request_id\":\"" + ctx.req.request_id + "\",\"actor_id\":" + std::to_string(ctx.user->id) +
                      ",\"subject_id\":" + std::to_string(subject));
}

Response back(Ctx& ctx, const Person& p, const char* flash) {
  ctx.flash(flash);
  return ctx.redirect("/admin/users/" + std::to_string(p.id));
}

Response refuse(Ctx& ctx, const Person& p, const ReasonForm& f, const char* key, int status) {
  log::warn("administrative action refused", "\"request_id\":\"" + ctx.req.request_id + "\",\"actor_id\":" +
                                                  std::to_string(ctx.user->id) + ",\"subject_id\":" + std::to_string(p.id) +
                                                  ",\"reason\":\"" + key + "\"");
  FormErrors e;
  e.add("reason", key);
  return person_page(ctx, p, &f, e, status);
}

// A blocked person cannot sign in and their sessions end at once (every node reads sessions
// from the database). Blocking oneself or the last active platform administrator is refused.
Response block(Ctx& ctx) {
  auto p = find_person(ctx);
  auto form = web::read_form<ReasonForm>(ctx);
  if (auto errors = check(form, true); !errors.empty()) return person_page(ctx, p, &form, errors, 422);
  if (p.id == ctx.user->id) return refuse(ctx, p, form, "admin.people.cannot_block_self", 409);
  auto outcome = ctx.db().tx(db::TxKind::kWrite,
                              [&](db::Tx& c) { return block_person(c, ctx.user->id, p.id, form.reason); });
  switch (outcome) {
    case BlockOutcome::kGone: return ctx.error(404, "errors.not_found");
    case BlockOutcome::kLastAdmin: return refuse(ctx, p, form, "admin.people.last_admin", 409);
    case BlockOutcome::kAlready: return back(ctx, p, "admin.people.already_blocked");
    case BlockOutcome::kDone: break;
  }
  log_action(ctx, "account blocked", p.id);
  return back(ctx, p, "admin.people.blocked_done");
}

Response unblock(Ctx& ctx) {
  auto p = find_person(ctx);
  auto form = web::read_form<ReasonForm>(ctx);
  if (auto errors = check(form, false); !errors.empty()) return person_page(ctx, p, &form, errors, 422);
  bool changed = ctx.db().tx(db::TxKind::kWrite,
                             [&](db::Connection& c) { return people::unblock(c, ctx.user->id, p.id, form.reason); });
  if (!changed) return back(ctx, p, "admin.people.not_blocked");
  log_action(ctx, "account unblocked", p.id);
  return back(ctx, p, "admin.people.unblocked_done");
}

Response end_sessions(Ctx& ctx) {
  auto p = find_person(ctx);
  auto form = web::read_form<ReasonForm>(ctx);
  if (auto errors = check(form, false); !errors.empty()) return person_page(ctx, p, &form, errors, 422);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    accounts::end_sessions(c, p.id);
    audit(c, ctx.user->id, {"user.sessions_end", "user", p.id, form.reason, ""});
    return true;
  });
  log_action(ctx, "sessions ended by an administrator", p.id);
  if (p.id == ctx.user->id) {
    ctx.end_session();
    return ctx.redirect("/login");
  }
  return back(ctx, p, "admin.people.sessions_ended");
}

// Mails a link as the person could ask for it themselves, under the same limits.
Response mail_link(Ctx& ctx, bool verification) {
  auto p = find_person(ctx);
  auto form = web::read_form<ReasonForm>(ctx);
  if (auto errors = check(form, false); !errors.empty()) return person_page(ctx, p, &form, errors, 422);
  if (p.disabled_at) return refuse(ctx, p, form, "admin.people.blocked_no_mail", 409);
  if (verification && p.verified_at) return refuse(ctx, p, form, "admin.people.already_verified", 409);
  auto base = ctx.svc.config.public_url;
  bool sent = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    bool ok = verification ? accounts::mail_verification_link(c, p.id, base) : accounts::mail_reset_link(c, p.id, base);
    if (ok) audit(c, ctx.user->id, {verification ? "user.verification_sent" : "user.reset_sent", "user", p.id, form.reason, ""});
    return ok;
  });
  if (!sent) return refuse(ctx, p, form, "admin.people.mail_held_back", 429);
  if (ctx.svc.jobs) ctx.svc.jobs->wake();
  log_action(ctx, verification ? "verification link sent by an administrator" : "reset link sent by an administrator", p.id);
  return back(ctx, p, verification ? "admin.people.verification_sent" : "admin.people.reset_sent");
}

Response send_verification(Ctx& ctx) { return mail_link(ctx, true); }
Response send_reset(Ctx& ctx) { return mail_link(ctx, false); }

}  // namespace

void register_people_routes(web::App& app) {
  app.route("GET", "/admin/users/{id}", web::Access::kPlatformAdmin, show);
  app.route("POST", "/admin/users/{id}/block", web::Access::kPlatformAdmin, block);
  app.route("POST", "/admin/users/{id}/unblock", web::Access::kPlatformAdmin, unblock);
  app.route("POST", "/admin/users/{id}/sessions/end", web::Access::kPlatformAdmin, end_sessions);
  app.route("POST", "/admin/users/{id}/verification", web::Access::kPlatformAdmin, send_verification);
  app.route("POST", "/admin/users/{id}/password-reset", web::Access::kPlatformAdmin, send_reset);
}

}  // namespace cityskills::admin
