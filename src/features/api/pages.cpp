// The pages where people make, list and revoke API tokens (/api-tokens): personal tokens for
// oneself, service tokens for the organisations one administers. A token's secret is shown
// once, on the page that answers its creation; only its hash is kept.
#include <algorithm>

#include "features/admin/api.hpp"
#include "features/api/forms.hpp"
#include "features/api/policy.hpp"
#include "features/api/routes.hpp"
#include "features/api/store.hpp"
#include "features/api/tokens.hpp"
#include "features/orgs/api.hpp"
#include "i18n/i18n.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/extensions.hpp"

namespace cityskills::api {
namespace {

using http::Response;
using web::Ctx;

std::vector<std::int64_t> ids(const std::vector<orgs::OrgRef>& list) {
  std::vector<std::int64_t> out;
  for (const auto& o : list) out.push_back(o.id);
  return out;
}

view::List token_rows(Ctx& ctx, const std::vector<store::Token>& tokens) {
  view::List rows;
  auto now = util::now_unix();
  for (const auto& t : tokens) {
    view::Data r;
    r.set("name", t.name);
    r.set("prefix", t.prefix);
    r.set("owner", t.org_id ? t.org_name : ctx.t("api.tokens.personal"));
    r.set("scopes", t.scopes);
    r.set("expires", i18n::format_date(ctx.locale, t.expires_at));
    r.set("last_used", t.last_used_at ? i18n::format_date(ctx.locale, *t.last_used_at) : ctx.t("api.tokens.never"));
    std::string state = t.revoked_at ? "api.tokens.state.revoked" : t.expires_at <= now ? "api.tokens.state.expired"
                                                                                        : "api.tokens.state.active";
    r.set("state", ctx.t(state));
    if (!t.revoked_at && t.expires_at > now) r.set("revoke", "/api-tokens/" + std::to_string(t.id) + "/revoke");
    rows.push_back(std::move(r));
  }
  return rows;
}

Response tokens_page(Ctx& ctx, const TokenForm& form, const web::FormErrors& errors, const std::string& secret,
                     int status) {
  auto c = ctx.db().acquire();
  auto orgs = orgs::administered(*c, *ctx.user);
  view::Data d;
  auto rows = token_rows(ctx, store::listed(*c, ctx.user->id, ids(orgs)));
  d.set("has_tokens", !rows.empty());
  d.set("tokens", std::move(rows));
  d.set("name", form.name);
  std::vector<std::pair<std::string, std::string>> owners = {{"me", ctx.t("api.tokens.personal")}};
  for (const auto& o : orgs) owners.emplace_back(std::to_string(o.id), o.name);
  d.set("owners", web::options(owners, form.owner.empty() ? "me" : form.owner));
  view::List scopes;
  for (const auto& r : kResources)
    for (const char* level : {"read", "write"}) {
      view::Data s;
      auto value = r + ":" + level;
      s.set("value", value);
      s.set("id", "scope-" + r + "-" + level);
      s.set("label", ctx.t("api.scope." + r) + " — " + ctx.t(std::string("api.scope.") + level));
      s.set("checked", std::find(form.scopes.begin(), form.scopes.end(), value) != form.scopes.end());
      scopes.push_back(std::move(s));
    }
  d.set("scopes", std::move(scopes));
  std::vector<std::pair<std::string, std::string>> days;
  for (int n : kDayChoices) days.emplace_back(std::to_string(n), ctx.t("api.tokens.days", {{"n", std::to_string(n)}}));
  d.set("days", web::options(days, form.days.empty() ? "90" : form.days));
  if (!secret.empty()) d.set("secret", secret);
  errors.into(d, ctx);
  return ctx.page(ctx.t("api.tokens.title"), "api/tokens", d, std::move(status));
}

Response list_tokens(Ctx& ctx) { return tokens_page(ctx, {}, {}, "", 200); }

Response create_token(Ctx& ctx) {
  auto form = web::read_form<TokenForm>(ctx);
  std::vector<std::int64_t> allowed;
  {
    auto c = ctx.db().acquire();
    allowed = ids(orgs::administered(*c, *ctx.user));
  }
  auto errors = check(form, allowed);
  auto org = owner_org(form);
  if (errors.empty() && org && !policy::may_make_service_token(ctx.actor(), *org)) throw web::Reject{403, "errors.forbidden"};
  if (!errors.empty()) return tokens_page(ctx, form, errors, "", 422);
  auto secret = new_secret();
  store::Token t;
  t.user_id = ctx.user->id;
  t.org_id = org;
  t.name = form.name;
  t.prefix = secret.prefix;
  t.scopes = normalised_scopes(form.scopes);
  t.expires_at = util::now_unix() + std::stoll(form.days) * 86400;
  ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    auto id = store::create(c, t, secret.hash);
    admin::audit(c, ctx.user->id, {"api_token.create", "api_token", id, "",
                                   "scopes=" + t.scopes + (org ? ";org=" + std::to_string(*org) : "")});
  });
  log::info("api token created", "\"user_id\":" + std::to_string(ctx.user->id));
  return tokens_page(ctx, {}, {}, secret.secret, 201);
}

Response revoke_token(Ctx& ctx) {
  web::allow_fields(ctx, {});
  auto id = ctx.path_id("id");
  ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    auto t = store::find(c, id);
    if (!t || !policy::may_manage_token(ctx.actor(), t->user_id, t->org_id)) throw web::Reject{404, "errors.not_found"};
    if (store::revoke(c, id)) admin::audit(c, ctx.user->id, {"api_token.revoke", "api_token", id, "", ""});
  });
  ctx.flash("api.tokens.revoked");
  return ctx.redirect("/api-tokens");
}

std::string profile_section(Ctx& ctx) {
  if (!ctx.user) return "";
  return view::render(ctx.locale, "api/profile_section", {});
}

}  // namespace

void register_token_pages(web::App& app) {
  app.route("GET", "/api-tokens", web::Access::kSignedIn, list_tokens);
  app.route("POST", "/api-tokens", web::Access::kSignedIn, create_token);
  app.route("POST", "/api-tokens/{id}/revoke", web::Access::kSignedIn, revoke_token);
}

void register_profile_section() { web::add_section("profile", profile_section); }

}  // namespace cityskills::api
