// The single-sign-on feature's registration, and what it adds to the pages of accounts: the
// providers on the sign-in page, the linked identities on the profile, the page after signing
// out that offers the provider's own sign-out.
#include <algorithm>

#include "features/accounts/api.hpp"
#include "features/sso/api.hpp"
#include "features/sso/oidc.hpp"
#include "features/sso/pages.hpp"
#include "features/sso/policy.hpp"
#include "features/sso/store.hpp"
#include "http/url.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/extensions.hpp"
#include "web/forms.hpp"
#include "web/throttle.hpp"
#include "web/validate.hpp"

namespace cityskills::sso {
namespace {

using http::Response;
using web::Ctx;

std::string login_section(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto providers = store::providers(*c);
  if (providers.empty()) return "";
  auto next = web::safe_next(ctx.query_value("next").value_or(""));
  view::List items;
  for (const auto& p : providers) {
    view::Data i;
    i.set("label", ctx.t("sso.login.with", {{"name", p.name}}));
    i.set("href", "/sso/" + std::to_string(p.id) + "/start" + (next.empty() ? "" : "?next=" + http::percent_encode(next)));
    items.push_back(std::move(i));
  }
  view::Data d;
  d.set("providers", std::move(items));
  return view::render(ctx.locale, "sso/login_section", d);
}

// The identities linked to the account, and the providers the person may still link.
std::string profile_section(Ctx& ctx) {
  if (!ctx.user) return "";
  auto c = ctx.db().acquire();
  auto rows = store::providers_of_person(*c, ctx.user->id);
  if (rows.empty()) return "";
  auto linked = static_cast<std::size_t>(std::count_if(rows.begin(), rows.end(), [](const auto& r) { return r.identity_id.has_value(); }));
  bool removable = true;
  if (linked > 0) {
    auto account = accounts::account_by_id(*c, ctx.user->id);
    removable = account && policy::may_remove(account->has_password, linked);
  }
  // Read only when a provider restricted to an organisation is not linked yet.
  std::optional<accounts::AccountStanding> standing;
  auto may_link = [&](std::optional<std::int64_t> org) {
    if (!org) return true;
    if (!standing) standing = accounts::account_standing(*c, ctx.user->id);
    return policy::may_link_from_profile(standing->platform_admin, standing->org_id, standing->memberships, org);
  };
  view::List items, linkable;
  for (const auto& r : rows) {
    view::Data x;
    x.set("provider", r.provider_name);
    if (r.identity_id) {
      x.set("linked_on", ctx.t("sso.profile.linked_on", {{"date", i18n::format_date(ctx.locale, r.linked_at)}}));
      if (removable) x.set("remove", "/profile/sso/" + std::to_string(*r.identity_id) + "/remove");
      items.push_back(x);
    } else if (may_link(r.org_id)) {
      x.set("link", "/profile/sso-link/" + std::to_string(r.provider_id));
      linkable.push_back(std::move(x));
    }
  }
  if (items.empty() && linkable.empty()) return "";
  view::Data d;
  d.set("identities", items);
  d.set("has_identities", !items.empty());
  d.set("linkable", linkable);
  d.set("has_linkable", !linkable.empty());
  d.set("csrf", ctx.csrf_token());
  d.set("last_way_in", !items.empty() && !removable);
  return view::render(ctx.locale, "sso/profile_section", d);
}

Response remove_identity(Ctx& ctx) {
  web::allow_fields(ctx, {});
  auto id = ctx.path_id("id");
  auto done = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    // Two removals at once must not both see a second way in (SQLite's write transactions are
    // serial already): the account's row is the lock, as for quiz attempts.
    if (c.dialect() == db::Dialect::kPostgres) c.query("SELECT id FROM users WHERE id = ? FOR UPDATE", {ctx.user->id});
    auto identity = policy::find_own_identity(c, ctx.user->id, id);
    auto account = accounts::account_by_id(c, ctx.user->id);
    if (!account || !policy::may_remove(account->has_password, store::identities_of(c, ctx.user->id).size()))
      return false;
    store::unlink(c, identity.id);
    return true;
  });
  if (!done) return ctx.error(409, "sso.profile.last_way_in");
  log::info("sso identity removed", "\"user_id\":" + std::to_string(ctx.user->id));
  ctx.flash("sso.profile.removed");
  return ctx.redirect("/profile");
}

constexpr std::int64_t kSignedOutWindow = 600;
constexpr int kSignedOutPerClient = 20;

// Signing out here does not sign out at the provider: the page offers it, as a link the
// person may follow (OpenID Connect RP-Initiated Logout 1.0).
Response signed_out(Ctx& ctx) {
  auto id = ctx.path_id("id");
  std::optional<store::Provider> p;
  bool ask_provider = false;
  {
    auto c = ctx.db().acquire();
    p = store::provider(*c, id);
    // Anyone may open this page; each visit reads the provider's discovery document, so a
    // connection gets a limited number of them (beyond it, the page without the link).
    ask_provider = p && accounts::rate_allow(ctx.db(), "sso_signed_out:" + web::throttle_key(ctx.req.remote_ip),
                                             kSignedOutWindow, kSignedOutPerClient);
  }
  if (!p) return ctx.redirect("/");
  view::Data d;
  d.set("provider", p->name);
  if (ask_provider) {
    try {
      auto endpoint = discover(p->issuer).end_session_endpoint;
      if (!endpoint.empty())
        d.set("end_session", endpoint + (endpoint.find('?') == std::string::npos ? "?" : "&") +
                                 "client_id=" + http::percent_encode(p->client_id) +
                                 "&post_logout_redirect_uri=" + http::percent_encode(ctx.svc.config.public_url + "/"));
    } catch (const Failure& f) {
      log::warn("sso end-session endpoint unavailable", "\"error\":\"" + util::json_escape(f.what()) + "\"");
    }
  }
  return ctx.page(ctx.t("sso.signed_out.title"), "sso/signed_out", std::move(d));
}

std::string sign_out_page(Ctx& ctx) {
  if (!ctx.session) return "";
  auto c = ctx.db().acquire();
  auto provider = store::session_provider(*c, ctx.session->token);
  return provider ? "/sso/signed-out/" + std::to_string(*provider) : "";
}

void declare_processing() {
  web::declare_personal_data({"sso", "identities", "processing.sso.identities.purpose",
                              "processing.sso.identities.data", web::LegalBasis::kPublicTask,
                              "processing.retention.account", "", {"staff"}, {"sso_identities", "sso_sessions", "sso_states"}});
}

}  // namespace

void register_extensions() {
  web::add_section("login", login_section);
  web::add_section("profile", profile_section);
  web::on_sign_out(sign_out_page);
  // A password reset proves the address: identities linked on an address their provider did
  // not vouch for lose their way in.
  web::on_credentials_reset([](db::Tx& c, std::int64_t user_id) { store::unlink_unproven(c, user_id); });
}

void register_routes(web::App& app) {
  declare_processing();
  register_admin_routes(app);
  register_sign_in_routes(app);
  app.route("POST", "/profile/sso/{id}/remove", web::Access::kSignedIn, remove_identity);
  app.route("GET", "/sso/signed-out/{id}", web::Access::kAnyone, signed_out);
}

}  // namespace cityskills::sso
