// /my/data: a person asks for everything the platform holds about them (a zip prepared in the
// background, exports.cpp), or erases their account; /admin/users/{id}/data: a platform
// administrator does the same for someone, with a reason. Every export and erasure is in the
// privacy audit log.
#include "features/accounts/api.hpp"
#include "features/consent/forms.hpp"
#include "features/consent/retention.hpp"
#include "features/consent/rights.hpp"
#include "features/consent/store.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/forms.hpp"

namespace cityskills::consent::rights {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

constexpr int kErasureAttemptsPer15Min = 5;
constexpr int kExportsListed = 5;
// An account without a password (single sign-on only) confirms an erasure by a sign-in this
// recent instead.
constexpr std::int64_t kRecentSignIn = 600;

void log_request(const Ctx& ctx, const char* what, std::int64_t subject) {
  log::info(what, "\"request_id\":\"" + ctx.req.request_id + "\",\"actor_id\":" + std::to_string(ctx.user->id) +
                      ",\"subject_id\":" + std::to_string(subject));
}

// ---- the person -------------------------------------------------------------------------

Response mine_page(Ctx& ctx, const FormErrors& errors, int status) {
  view::Data d;
  std::vector<store::Export> exports;
  int offered_days = kExportDays;
  {
    auto c = ctx.db().acquire();
    exports = store::exports_of(*c, ctx.user->id, false, kExportsListed);
    offered_days = retention_periods(*c).exports;
  }
  auto list = export_list(ctx, exports, "/my/data/exports/");
  d.set("has_exports", !list.empty());
  d.set("exports", std::move(list));
  d.set("export_how", ctx.t("rights.export.how", {{"days", std::to_string(offered_days)}}));
  errors.into(d, ctx);
  return ctx.page(ctx.t("rights.page.title"), "consent/my_data", d, std::move(status));
}

Response mine(Ctx& ctx) { return mine_page(ctx, {}, 200); }

Response mine_export(Ctx& ctx) {
  web::allow_fields(ctx, {});
  switch (request_export(ctx, ctx.user->id, std::nullopt, "")) {
    case Queued::kTooMany: return ctx.too_many("rights.export.too_many", 3600);
    case Queued::kPending: {
      FormErrors e;
      e.add("export", "rights.export.pending");
      return mine_page(ctx, e, 409);
    }
    case Queued::kQueued: break;
  }
  ctx.flash("rights.export.queued");
  return ctx.redirect("/my/data#exports");
}

Response mine_erase(Ctx& ctx) {
  auto form = web::read_form<EraseForm>(ctx);
  auto id = ctx.user->id;
  bool has_password = true;
  {
    auto c = ctx.db().acquire();
    auto a = accounts::account_by_id(*c, id);
    has_password = !a || a->has_password;
  }
  auto errors = check(form, has_password);
  if (!errors.empty()) return mine_page(ctx, errors, 422);
  enum class Outcome { kErased, kWrongPassword, kSignInAgain, kTooMany, kLastAdmin };
  auto outcome = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    if (!accounts::rate_allow(c, "erase:user:" + std::to_string(id), 900, kErasureAttemptsPer15Min))
      return Outcome::kTooMany;
    auto row = c.one("SELECT password_hash FROM users WHERE id = ?", {id});
    if (!row) return Outcome::kWrongPassword;
    if (row->str(0).empty()) {
      // No password to ask for (an empty hash never verifies): the sign-in through the provider
      // must be recent, as a password would be typed now.
      auto started = c.one("SELECT created_at FROM sessions WHERE id_hash = ? AND user_id = ?",
                           {crypto::sha256_hex(ctx.session->token), id});
      if (!started || util::now_unix() - started->i64(0) > kRecentSignIn) return Outcome::kSignInAgain;
    } else if (!crypto::verify_password(row->str(0), form.password)) {
      return Outcome::kWrongPassword;
    }
    return erase(c, id, std::nullopt, "", util::now_unix()) == Erased::kLastAdministrator ? Outcome::kLastAdmin
                                                                                            : Outcome::kErased;
  });
  switch (outcome) {
    case Outcome::kTooMany: return ctx.too_many("rights.erase.too_many", 900);
    case Outcome::kWrongPassword: {
      log::warn("erasure refused", "\"request_id\":\"" + ctx.req.request_id + "\",\"reason\":\"wrong password\"");
      FormErrors e;
      e.add("password", "rights.erase.wrong_password");
      return mine_page(ctx, e, 422);
    }
    case Outcome::kSignInAgain: {
      FormErrors e;
      e.add("password", "rights.erase.sign_in_again");
      return mine_page(ctx, e, 422);
    }
    case Outcome::kLastAdmin: {
      FormErrors e;
      e.add("confirm", "rights.erase.last_admin");
      return mine_page(ctx, e, 409);
    }
    case Outcome::kErased: break;
  }
  log::info("account erased", "\"request_id\":\"" + ctx.req.request_id + "\",\"subject_id\":" + std::to_string(id));
  ctx.end_session();
  ctx.flash("rights.erase.done");
  return ctx.redirect("/");
}

// ---- administrators ---------------------------------------------------------------------

struct Person {
  std::int64_t id = 0;
  std::string email, display_name;
};

Person find_person(Ctx& ctx) {
  auto id = ctx.path_id("id");
  auto c = ctx.db().acquire();
  auto r = c->one("SELECT id, email, display_name FROM users WHERE id = ?", {id});
  if (!r) throw web::Reject{404, "errors.not_found"};
  return Person{r->i64(0), r->str(1), r->str(2)};
}

Response admin_page(Ctx& ctx, const Person& p, const AdminRequestForm* entered, bool erasing, const FormErrors& errors,
                    int status) {
  view::Data d;
  d.set("id", std::to_string(p.id));
  d.set("email", p.email);
  d.set("display_name", p.display_name);
  if (entered) d.set(erasing ? "erase_reason" : "export_reason", entered->reason);
  std::vector<store::Export> exports;
  {
    auto c = ctx.db().acquire();
    exports = store::exports_of(*c, p.id, true, kExportsListed);
  }
  auto list = export_list(ctx, exports, "/admin/users/" + std::to_string(p.id) + "/data/exports/");
  d.set("has_exports", !list.empty());
  d.set("exports", std::move(list));
  errors.into(d, ctx);
  return ctx.page(ctx.t("rights.admin.heading"), "consent/admin_data", d, std::move(status));
}

Response admin_show(Ctx& ctx) { return admin_page(ctx, find_person(ctx), nullptr, false, {}, 200); }

Response admin_export(Ctx& ctx) {
  auto p = find_person(ctx);
  auto form = web::read_form<AdminRequestForm>(ctx, false);
  auto errors = check(form, false);
  if (!errors.empty()) return admin_page(ctx, p, &form, false, errors, 422);
  switch (request_export(ctx, p.id, ctx.user->id, form.reason)) {
    case Queued::kTooMany: return ctx.too_many("rights.export.too_many", 3600);
    case Queued::kPending: {
      FormErrors e;
      e.add("export_reason", "rights.export.pending");
      return admin_page(ctx, p, &form, false, e, 409);
    }
    case Queued::kQueued: break;
  }
  ctx.flash("rights.export.queued_admin");
  return ctx.redirect("/admin/users/" + std::to_string(p.id) + "/data#exports");
}

Response admin_erase(Ctx& ctx) {
  auto p = find_person(ctx);
  auto form = web::read_form<AdminRequestForm>(ctx, true);
  auto errors = check(form, true);
  if (!errors.empty()) return admin_page(ctx, p, &form, true, errors, 422);
  auto result = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    return erase(c, p.id, ctx.user->id, form.reason, util::now_unix());
  });
  if (result == Erased::kNoSuchAccount) throw web::Reject{404, "errors.not_found"};
  if (result == Erased::kLastAdministrator) {
    FormErrors e;
    e.add("confirm", "rights.erase.last_admin");
    return admin_page(ctx, p, &form, true, e, 409);
  }
  log_request(ctx, "account erased by an administrator", p.id);
  if (p.id == ctx.user->id) {
    ctx.end_session();
    ctx.flash("rights.erase.done");
    return ctx.redirect("/");
  }
  ctx.flash("rights.admin.erased");
  return ctx.redirect("/admin/users");
}

}  // namespace

void register_routes(web::App& app) {
  app.route("GET", "/my/data", web::Access::kSignedIn, mine);
  app.route("POST", "/my/data/export", web::Access::kSignedIn, mine_export);
  app.route("POST", "/my/data/erase", web::Access::kSignedIn, mine_erase);
  app.route("GET", "/admin/users/{id}/data", web::Access::kPlatformAdmin, admin_show);
  app.route("POST", "/admin/users/{id}/data/export", web::Access::kPlatformAdmin, admin_export);
  app.route("POST", "/admin/users/{id}/data/erase", web::Access::kPlatformAdmin, admin_erase);
  register_exports(app);
}

}  // namespace cityskills::consent::rights
