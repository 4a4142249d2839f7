// /admin/users/{id}: one person as an administrator sees them — profile, organisations and
// roles, sessions — and what an administrator may do for or about them: block and unblock,
// end their sessions, mail a verification or password-reset link. Each action is audited.
#include "features/accounts/api.hpp"
#include "features/admin/api.hpp"
#include "features/admin/pages.hpp"
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

struct Person {
  std::int64_t id = 0;
  std::string email, display_name, lang, country, audience;
  bool platform_admin = false;
  std::optional<std::int64_t> verified_at, disabled_at;
  std::int64_t created_at = 0;
};

Person find_person(Ctx& ctx) {
  auto id = ctx.path_id("id");
  auto c = ctx.db().acquire();
  auto r = c->one("SELECT id, email, display_name, lang, COALESCE(country, ''), COALESCE(audience, ''), platform_admin, "
                  "email_verified_at, disabled_at, created_at FROM users WHERE id = ?",
                  {id});
  if (!r) throw web::Reject{404, "errors.not_found"};
  Person p{r->i64(0), r->str(1), r->str(2), r->str(3), r->str(4), r->str(5), r->i64(6) != 0};
  if (!r->is_null(7)) p.verified_at = r->i64(7);
  if (!r->is_null(8)) p.disabled_at = r->i64(8);
  p.created_at = r->i64(9);
  return p;
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
  for (const auto& r : c->query("SELECT o.id, o.name, m.role FROM memberships m JOIN organisations o ON o.id = m.org_id "
                                "WHERE m.user_id = ? ORDER BY o.name, m.role",
                                {p.id})) {
    view::Data item;
    item.set("org_id", std::to_string(r.i64(0)));
    item.set("org_name", r.str(1));
    item.set("role", ctx.t("admin.people.role." + r.str(2)));
    roles.push_back(std::move(item));
  }
  d.set("has_roles", !roles.empty());
  d.set("roles", std::move(roles));
  auto profile_org = c->one("SELECT o.id, o.name FROM users u JOIN organisations o ON o.id = u.org_id WHERE u.id = ?", {p.id});
  if (profile_org) {
    d.set("profile_org_id", std::to_string(profile_org->i64(0)));
    d.set("profile_org", profile_org->str(1));
  }
  auto sessions = c->one("SELECT COUNT(*), MAX(updated_at) FROM sessions WHERE user_id = ? AND expires_at > ?", {p.id, now});
  d.set("sessions", std::to_string(sessions->i64(0)));
  d.set("has_sessions", sessions->i64(0) > 0);
  if (!sessions->is_null(1)) d.set("last_seen", i18n::format_datetime(ctx.locale, sessions->i64(1), zone));
  view::List log;
  for (const auto& r : c->query("SELECT a.created_at, a.action, a.reason, COALESCE(u.display_name, '') FROM privacy_audit a "
                                "LEFT JOIN users u ON u.id = a.actor_id WHERE a.subject_id = ? ORDER BY a.id DESC LIMIT 10",
                                {p.id})) {
    view::Data item;
    item.set("when", i18n::format_datetime(ctx.locale, r.i64(0), zone));
    item.set("action", r.str(1));
    item.set("reason", r.str(2));
    item.set("actor", r.str(3));
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
  bool changed = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto now = util::now_unix();
    if (c.exec("UPDATE users SET disabled_at = NULL, updated_at = ? WHERE id = ? AND disabled_at IS NOT NULL",
               {now, p.id}) == 0)
      return false;
    audit(c, ctx.user->id, {"user.unblock", "user", p.id, form.reason, ""});
    return true;
  });
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

BlockOutcome block_person(db::Tx& c, std::int64_t actor_id, std::int64_t person_id, const std::string& reason) {
  bool pg = c.dialect() == db::Dialect::kPostgres;
  // Locked on PostgreSQL so that two administrators blocking each other cannot leave none.
  auto admins = c.query(std::string("SELECT id FROM users WHERE platform_admin = 1 AND disabled_at IS NULL") +
                        (pg ? " FOR UPDATE" : ""));
  auto row = c.one("SELECT platform_admin, disabled_at FROM users WHERE id = ?", {person_id});
  if (!row) return BlockOutcome::kGone;
  if (!row->is_null(1)) return BlockOutcome::kAlready;
  if (row->i64(0) != 0 && admins.size() <= 1) return BlockOutcome::kLastAdmin;
  auto now = util::now_unix();
  c.exec("UPDATE users SET disabled_at = ?, updated_at = ? WHERE id = ?", {now, now, person_id});
  accounts::end_sessions(c, person_id);
  audit(c, actor_id, {"user.block", "user", person_id, reason, ""});
  return BlockOutcome::kDone;
}

}  // namespace cityskills::admin
