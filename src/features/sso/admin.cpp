// /admin/sso: the OpenID providers people may sign in with. The client secret is written and
// never shown again (an empty field keeps it); every change is in the audit log.
#include "features/admin/api.hpp"
#include "features/orgs/api.hpp"
#include "features/sso/forms.hpp"
#include "features/sso/pages.hpp"
#include "features/sso/store.hpp"
#include "util/log.hpp"

namespace cityskills::sso {
namespace {

using http::Response;
using web::Ctx;

std::vector<std::int64_t> org_ids(db::Connection& c) {
  std::vector<std::int64_t> out;
  for (const auto& o : orgs::all(c)) out.push_back(o.id);
  return out;
}

view::Data form_data(Ctx& ctx, const ProviderForm& f, std::optional<std::int64_t> id) {
  view::Data d;
  d.set("name", f.name);
  d.set("issuer", f.issuer);
  d.set("client_id", f.client_id);
  d.set("scopes", f.scopes);
  d.set("claim_name", f.claim_name);
  d.set("claim_email", f.claim_email);
  d.set("claim_org", f.claim_org);
  d.set("claim_role", f.claim_role);
  d.set("redirect_uri", callback_url(ctx));
  d.set("logout_uri", ctx.svc.config.public_url + "/");
  std::vector<std::pair<std::string, std::string>> orgs{{"", ctx.t("sso.admin.org_any")}};
  auto c = ctx.db().acquire();
  for (const auto& o : orgs::all(*c)) orgs.emplace_back(std::to_string(o.id), o.name);
  d.set("orgs", web::options(orgs, f.org));
  if (id) {
    d.set("action", "/admin/sso/" + std::to_string(*id));
    d.set("delete_action", "/admin/sso/" + std::to_string(*id) + "/delete");
    d.set("editing", true);
  } else {
    d.set("action", "/admin/sso/new");
  }
  return d;
}

Response form_page(Ctx& ctx, const ProviderForm& f, std::optional<std::int64_t> id, const web::FormErrors& errors,
                   int status) {
  auto d = form_data(ctx, f, id);
  errors.into(d, ctx);
  auto title = ctx.t(id ? "sso.admin.edit_title" : "sso.admin.new_title");
  return ctx.page(title, "sso/admin_form", d, std::move(status));
}

ProviderForm form_of(const store::Provider& p) {
  ProviderForm f;
  f.name = p.name;
  f.issuer = p.issuer;
  f.client_id = p.client_id;
  f.scopes = p.scopes;
  f.claim_name = p.claim_name;
  f.claim_email = p.claim_email;
  f.claim_org = p.claim_org;
  f.claim_role = p.claim_role;
  f.org = p.org_id ? std::to_string(*p.org_id) : "";
  return f;
}

store::Provider provider_of(const ProviderForm& f) {
  store::Provider p;
  p.name = f.name;
  p.issuer = f.issuer;
  p.client_id = f.client_id;
  p.client_secret = f.client_secret;
  p.scopes = normalised_scopes(f.scopes);
  p.claim_name = f.claim_name;
  p.claim_email = f.claim_email;
  p.claim_org = f.claim_org;
  p.claim_role = f.claim_role;
  p.org_id = util::parse_id(f.org);
  return p;
}

store::Provider find_provider(Ctx& ctx) {
  auto id = ctx.path_id("id");
  auto c = ctx.db().acquire();
  auto p = store::provider(*c, id);
  if (!p) throw web::Reject{404, "errors.not_found"};
  return *p;
}

Response list(Ctx& ctx) {
  auto c = ctx.db().acquire();
  view::List items;
  for (const auto& p : store::providers(*c)) {
    view::Data i;
    i.set("name", p.name);
    i.set("issuer", p.issuer);
    i.set("href", "/admin/sso/" + std::to_string(p.id));
    i.set("org", p.org_name.empty() ? ctx.t("sso.admin.org_any") : p.org_name);
    items.push_back(std::move(i));
  }
  view::Data d;
  d.set("providers", std::move(items));
  d.set("redirect_uri", callback_url(ctx));
  return ctx.page(ctx.t("sso.admin.title"), "sso/admin_list", std::move(d));
}

Response new_form(Ctx& ctx) {
  ProviderForm f;
  f.scopes = "openid email profile";
  f.claim_name = "name";
  f.claim_email = "email";
  return form_page(ctx, f, std::nullopt, {}, 200);
}

void log_change(const Ctx& ctx, std::string_view what, std::int64_t id) {
  log::info("sso provider " + std::string(what), "\"request_id\":\"" + ctx.req.request_id + "\",\"actor_id\":" +
                                                     std::to_string(ctx.user->id) + ",\"provider_id\":" + std::to_string(id));
}

Response create(Ctx& ctx) {
  auto f = web::read_form<ProviderForm>(ctx);
  std::vector<std::int64_t> ids;
  {
    auto c = ctx.db().acquire();
    ids = org_ids(*c);
  }
  auto errors = check(f, true, ids);
  if (!errors.empty()) return form_page(ctx, f, std::nullopt, errors, 422);
  auto p = provider_of(f);
  auto id = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) -> std::optional<std::int64_t> {
    auto id = store::create_provider(c, p);
    if (id) admin::audit(c, ctx.user->id, {"sso.provider_create", "setting", *id, "", "issuer=" + p.issuer});
    return id;
  });
  if (!id) {
    web::FormErrors taken;
    taken.add("issuer", "sso.admin.issuer_taken");
    return form_page(ctx, f, std::nullopt, taken, 409);
  }
  log_change(ctx, "created", *id);
  ctx.flash("sso.admin.saved");
  return ctx.redirect("/admin/sso");
}

Response edit_form(Ctx& ctx) {
  auto p = find_provider(ctx);
  return form_page(ctx, form_of(p), p.id, {}, 200);
}

Response update(Ctx& ctx) {
  auto current = find_provider(ctx);
  auto f = web::read_form<ProviderForm>(ctx);
  std::vector<std::int64_t> ids;
  {
    auto c = ctx.db().acquire();
    ids = org_ids(*c);
  }
  auto errors = check(f, false, ids);
  if (!errors.empty()) return form_page(ctx, f, current.id, errors, 422);
  auto p = provider_of(f);
  p.id = current.id;
  bool saved = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    if (!store::update_provider(c, p)) return false;
    std::string detail = "issuer=" + p.issuer;
    if (!p.client_secret.empty()) detail += " secret=replaced";
    admin::audit(c, ctx.user->id, {"sso.provider_update", "setting", p.id, "", detail});
    return true;
  });
  if (!saved) {
    web::FormErrors taken;
    taken.add("issuer", "sso.admin.issuer_taken");
    return form_page(ctx, f, current.id, taken, 409);
  }
  log_change(ctx, "updated", p.id);
  ctx.flash("sso.admin.saved");
  return ctx.redirect("/admin/sso");
}

// The identities linked through the provider go with it; accounts stay (they keep their
// password, or sign in again through another provider or a password reset).
Response remove(Ctx& ctx) {
  auto p = find_provider(ctx);
  web::allow_fields(ctx, {});
  ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    store::delete_provider(c, p.id);
    admin::audit(c, ctx.user->id, {"sso.provider_delete", "setting", p.id, "", "issuer=" + p.issuer});
  });
  log_change(ctx, "deleted", p.id);
  ctx.flash("sso.admin.deleted");
  return ctx.redirect("/admin/sso");
}

}  // namespace

void register_admin_routes(web::App& app) {
  app.route("GET", "/admin/sso", web::Access::kPlatformAdmin, list);
  app.route("GET", "/admin/sso/new", web::Access::kPlatformAdmin, new_form);
  app.route("POST", "/admin/sso/new", web::Access::kPlatformAdmin, create);
  app.route("GET", "/admin/sso/{id}", web::Access::kPlatformAdmin, edit_form);
  app.route("POST", "/admin/sso/{id}", web::Access::kPlatformAdmin, update);
  app.route("POST", "/admin/sso/{id}/delete", web::Access::kPlatformAdmin, remove);
}

}  // namespace cityskills::sso
