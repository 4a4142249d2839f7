// Sign-in through an OpenID provider: the authorization code flow with PKCE (S256). State,
// nonce and verifier stay on the server, bound to this browser by a cookie, used once, for ten
// minutes; the ID token is checked (jwt.hpp) before anything is written.
#include <boost/json.hpp>

#include "features/accounts/api.hpp"
#include "features/admin/api.hpp"
#include "features/consent/api.hpp"
#include "features/orgs/api.hpp"
#include "features/sso/jwt.hpp"
#include "features/sso/oidc.hpp"
#include "features/sso/pages.hpp"
#include "features/sso/policy.hpp"
#include "features/sso/store.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/forms.hpp"
#include "web/throttle.hpp"
#include "web/validate.hpp"

namespace cityskills::sso {
namespace {

namespace json = boost::json;
using http::Response;
using web::Ctx;

constexpr std::int64_t kStateTtl = 600;
constexpr std::string_view kBrowserCookie = "cs_sso";
constexpr std::int64_t kStartWindow = 600;
constexpr int kStartsPerClient = 30;

std::string cookie(const Ctx& ctx, std::string_view name) {
  for (auto part : util::split(ctx.req.header("cookie"), ';')) {
    part = util::trim(part);
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
  }
  return "";
}

// The refusal page: what went wrong in the person's words, a way back, nothing created.
Response refused(Ctx& ctx, int status, const std::string& key, const std::string& detail, i18n::Args args = {},
                 std::optional<std::int64_t> provider_id = std::nullopt) {
  log::warn("sso sign-in refused", "\"reason\":\"" + util::json_escape(detail.substr(0, 300)) + "\",\"provider_id\":" +
                                       std::to_string(provider_id.value_or(0)) + ",\"ip\":\"" +
                                       util::json_escape(ctx.req.remote_ip) + "\"");
  view::Data d;
  d.set("message", ctx.t(key, args));
  return ctx.page(ctx.t("sso.failed.title"), "sso/failed", d, std::move(status));
}

Response refused(Ctx& ctx, const Failure& f, std::int64_t provider_id) {
  return refused(ctx, f.status, f.key, f.what(), {}, provider_id);
}

std::string claim_string(const json::object& claims, const std::string& name) {
  if (name.empty()) return "";
  auto* v = claims.if_contains(name);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::vector<std::string> claim_strings(const json::object& claims, const std::string& name) {
  std::vector<std::string> out;
  if (name.empty()) return out;
  auto* v = claims.if_contains(name);
  if (v && v->is_string()) out.emplace_back(v->as_string());
  if (v && v->is_array())
    for (const auto& x : v->as_array())
      if (x.is_string()) out.emplace_back(x.as_string());
  return out;
}

// Only a JSON `true` (or the string "true" some providers send) vouches for the address, and
// only for the standard `email` claim: email_verified says nothing about any other claim.
bool email_verified(const json::object& claims, const std::string& email_claim) {
  if (email_claim != "email") return false;
  auto* v = claims.if_contains("email_verified");
  return v && ((v->is_bool() && v->as_bool()) || (v->is_string() && v->as_string() == "true"));
}

// To the provider's authorisation endpoint, with a new state for this browser: to sign in, or,
// with `link_user`, to link the identity to that signed-in account.
Response begin(Ctx& ctx, std::int64_t provider_id, const std::string& next, std::optional<std::int64_t> link_user) {
  std::optional<store::Provider> p;
  {
    auto c = ctx.db().acquire();
    p = store::provider(*c, provider_id);
    if (!p) return ctx.error(404, "errors.not_found");
    if (link_user) {
      auto st = accounts::account_standing(*c, *link_user);
      if (!policy::may_link_from_profile(st.platform_admin, st.org_id, st.memberships, p->org_id))
        return refused(ctx, 403, "sso.link.not_member", "not a member of the provider's organisation",
                       {{"organisation", p->org_name}}, p->id);
    }
    if (!accounts::rate_allow(ctx.db(), "sso_start:" + web::throttle_key(ctx.req.remote_ip), kStartWindow, kStartsPerClient))
      return ctx.too_many("sso.error.too_many", static_cast<int>(kStartWindow));
  }
  Discovery d;
  try {
    d = discover(p->issuer);
  } catch (const Failure& f) {
    return refused(ctx, f, p->id);
  }
  // Always a new value: a value planted in the browser beforehand (login CSRF) binds nothing.
  auto browser = crypto::random_token(32);
  ctx.set_cookie(kBrowserCookie, browser, kStateTtl);
  auto state = crypto::random_token(32);
  store::State s{p->id, crypto::random_token(32), crypto::random_token(48), next, link_user};
  {
    auto c = ctx.db().acquire();
    store::save_state(*c, state, browser, s, kStateTtl);
  }
  auto url = d.authorization_endpoint + (d.authorization_endpoint.find('?') == std::string::npos ? "?" : "&");
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"response_type", "code"},
           {"client_id", p->client_id},
           {"redirect_uri", callback_url(ctx)},
           {"scope", p->scopes},
           {"state", state},
           {"nonce", s.nonce},
           {"code_challenge", pkce_challenge(s.code_verifier)},
           {"code_challenge_method", "S256"}})
    url += (url.back() == '?' || url.back() == '&' ? "" : "&") + k + "=" + http::percent_encode(v);
  return ctx.redirect(url);
}

Response start(Ctx& ctx) {
  return begin(ctx, ctx.path_id("id"), web::safe_next(ctx.query_value("next").value_or("")), std::nullopt);
}

// "Link" on the profile: the signed-in person proves the identity at the provider.
Response start_link(Ctx& ctx) {
  web::allow_fields(ctx, {});
  return begin(ctx, ctx.path_id("id"), "/profile", ctx.user->id);
}

// Back from the provider with an identity for the account that asked: linked only while that
// person is still the one signed in here, and when the identity is nobody else's.
Response finish_link(Ctx& ctx, const store::Provider& p, const std::string& subject, std::int64_t user_id) {
  if (!ctx.user || ctx.user->id != user_id)
    return refused(ctx, 400, "sso.link.other_session", "link finished in another session", {}, p.id);
  if (subject.empty()) return refused(ctx, 400, "sso.error.token", "no subject", {}, p.id);
  enum class Linked { kDone, kAlready, kTaken, kNotMember };
  auto outcome = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    if (auto known = store::identity_by_subject(c, p.issuer, subject))
      return known->user_id == user_id ? Linked::kAlready : Linked::kTaken;
    auto st = accounts::account_standing(c, user_id);
    if (!policy::may_link_from_profile(st.platform_admin, st.org_id, st.memberships, p.org_id)) return Linked::kNotMember;
    // The person showed both ways in just now: the link is proven, whatever the provider says
    // of the address.
    if (!store::link(c, user_id, p.id, p.issuer, subject, true)) return Linked::kTaken;
    admin::audit(c, user_id, {"sso.link", "user", user_id, "", "provider_id=" + std::to_string(p.id)});
    return Linked::kDone;
  });
  switch (outcome) {
    case Linked::kTaken:
      return refused(ctx, 409, "sso.link.taken", "identity linked to another account", {{"provider", p.name}}, p.id);
    case Linked::kNotMember:
      return refused(ctx, 403, "sso.link.not_member", "not a member of the provider's organisation",
                     {{"organisation", p.org_name}}, p.id);
    case Linked::kAlready: ctx.flash("sso.link.already"); break;
    case Linked::kDone:
      log::info("sso identity linked", "\"user_id\":" + std::to_string(user_id) + ",\"provider_id\":" + std::to_string(p.id));
      ctx.flash("sso.link.done");
      break;
  }
  return ctx.redirect("/profile");
}

enum class Outcome {
  kSignedIn, kBlocked, kNoEmail, kEmailUnverified, kNewEmailUnverified, kAccountUnconfirmed, kLinkFromProfile, kSignupRefused
};

struct SignIn {
  Outcome outcome = Outcome::kSignedIn;
  std::int64_t user_id = 0;
  bool created = false;
  std::string lang, refusal_key;
  i18n::Args refusal_args;
};

std::string display_name_of(const std::string& claimed, const std::string& email) {
  auto name = std::string(util::trim(claimed));
  if (!name.empty() && !web::check_name(name)) return name;
  return email.substr(0, std::min<std::size_t>(email.find('@'), 100));
}

// Thrown inside the transaction when a concurrent first sign-in won the race; see finish.
struct Raced {};

// Finds the account for the identity, links it, or creates one, in one transaction.
SignIn resolve(Ctx& ctx, db::Tx& c, const store::Provider& p, const json::object& claims) {
  SignIn r;
  auto sub = claim_string(claims, "sub");
  if (auto known = store::identity_by_subject(c, p.issuer, sub)) {
    auto a = accounts::account_by_id(c, known->user_id);
    if (!a || a->disabled) return {Outcome::kBlocked};
    // Password sign-in refuses an account whose address is not confirmed; so does this.
    if (!a->verified) return {Outcome::kAccountUnconfirmed};
    store::touch(c, known->id);
    r.user_id = a->id;
    r.lang = a->lang;
  } else {
    auto email = util::to_lower(util::trim(claim_string(claims, p.claim_email)));
    if (email.empty() || web::check_email(email)) return {Outcome::kNoEmail};
    bool vouched = email_verified(claims, p.claim_email);
    if (auto a = accounts::account_by_email(c, email)) {
      // Linking hands the account to whoever controls the identity: only when the provider
      // vouches for the address and the account proved it too, and never to an account the
      // provider has no say over (policy::may_auto_link) — those link from their profile.
      if (!vouched) return {Outcome::kEmailUnverified};
      if (!a->verified) return {Outcome::kAccountUnconfirmed};
      if (a->disabled) return {Outcome::kBlocked};
      auto st = accounts::account_standing(c, a->id);
      if (!policy::may_auto_link(st.platform_admin, st.org_id, st.memberships, p.org_id))
        return {Outcome::kLinkFromProfile};
      if (!store::link(c, a->id, p.id, p.issuer, sub, true)) throw Raced{};
      r.user_id = a->id;
      r.lang = a->lang;
    } else {
      // A new account only on an address the provider vouches for: nobody is signed in on an
      // address nobody confirmed.
      if (!vouched) return {Outcome::kNewEmailUnverified};
      auto settings = admin::site_settings(c);
      if (auto key = admin::signup_refusal(settings, email)) {
        std::string domains;
        for (const auto& d : settings.signup_domains) domains += (domains.empty() ? "" : ", ") + d;
        return {Outcome::kSignupRefused, 0, false, "", *key, {{"domains", domains}}};
      }
      auto org = p.org_id;
      if (!org)
        if (auto slug = claim_string(claims, p.claim_org); !slug.empty())
          if (auto o = orgs::by_slug(c, slug)) org = o->id;
      auto id = accounts::create_external_account(c, email, display_name_of(claim_string(claims, p.claim_name), email),
                                                  ctx.locale, true, org);
      // Another sign-in of the same person created the account or linked the identity meanwhile:
      // roll back and look again (its row is committed by then).
      if (!id || !store::link(c, *id, p.id, p.issuer, sub, true)) throw Raced{};
      r.user_id = *id;
      r.created = true;
      r.lang = ctx.locale;
    }
  }
  // Roles from the provider count only in the organisation it is restricted to.
  if (p.org_id)
    for (const auto& role : claim_strings(claims, p.claim_role))
      if (accounts::grant_role(c, r.user_id, *p.org_id, role))
        admin::audit(c, std::nullopt, {"sso.role_grant", "user", r.user_id, "",
                                       "role=" + role + " org_id=" + std::to_string(*p.org_id) +
                                           " provider_id=" + std::to_string(p.id)});
  return r;
}

Response finish(Ctx& ctx, const store::Provider& p, const json::object& claims, const std::string& next) {
  SignIn r;
  for (int attempt = 0;; ++attempt) {
    try {
      r = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) { return resolve(ctx, c, p, claims); });
      break;
    } catch (const Raced&) {
      if (attempt > 0) {
        r = {Outcome::kEmailUnverified};  // raced twice: an address taken by another account
        break;
      }
    }
  }
  switch (r.outcome) {
    case Outcome::kBlocked: return refused(ctx, 403, "sso.error.blocked", "account blocked", {}, p.id);
    case Outcome::kNoEmail: return refused(ctx, 400, "sso.error.no_email", "no usable e-mail claim", {}, p.id);
    case Outcome::kEmailUnverified:
      return refused(ctx, 409, "sso.error.email_unverified", "e-mail of an existing account not verified by the provider", {}, p.id);
    case Outcome::kNewEmailUnverified:
      return refused(ctx, 403, "sso.error.new_email_unverified", "provider did not vouch for a new account's e-mail", {},
                     p.id);
    case Outcome::kLinkFromProfile:
      return refused(ctx, 409, "sso.error.link_from_profile", "auto-link refused: link from the profile", {}, p.id);
    case Outcome::kAccountUnconfirmed:
      return refused(ctx, 409, "sso.error.account_unconfirmed", "existing account's address not confirmed", {}, p.id);
    case Outcome::kSignupRefused: return refused(ctx, 403, r.refusal_key, "sign-up refused by site settings", r.refusal_args, p.id);
    case Outcome::kSignedIn: break;
  }
  ctx.start_session(r.user_id);
  auto c = ctx.db().acquire();
  store::remember_session(*c, ctx.session->token, p.id);
  log::info("sso sign-in", "\"user_id\":" + std::to_string(r.user_id) + ",\"provider_id\":" + std::to_string(p.id) +
                               ",\"created\":" + (r.created ? "true" : "false"));
  if (consent::notice_to_acknowledge(*c, r.user_id, i18n::supported(r.lang) ? r.lang : ctx.locale))
    return ctx.redirect(consent::acknowledge_path(next));
  return ctx.redirect(next.empty() ? "/" : next);
}

Response callback(Ctx& ctx) {
  auto state = ctx.query_value("state").value_or("");
  auto code = ctx.query_value("code").value_or("");
  std::optional<store::State> s;
  std::optional<store::Provider> p;
  {
    auto c = ctx.db().acquire();
    s = store::take_state(*c, state, cookie(ctx, kBrowserCookie));
    if (s) p = store::provider(*c, s->provider_id);
  }
  if (!s || !p) return refused(ctx, 400, "sso.error.state", "state unknown, used, expired or of another browser");
  if (auto error = ctx.query_value("error"))
    return refused(ctx, 400, "sso.error.denied", "provider answered " + error->substr(0, 60), {}, p->id);
  // RFC 9207: a provider that names itself in the answer must be the one asked (mix-up attacks).
  if (auto iss = ctx.query_value("iss"); iss && *iss != p->issuer)
    return refused(ctx, 400, "sso.error.issuer", "iss parameter of another provider", {}, p->id);
  if (code.empty() || code.size() > 2048) return refused(ctx, 400, "sso.error.token", "no code", {}, p->id);
  try {
    auto d = discover(p->issuer);
    auto tokens = redeem_code(d, p->client_id, p->client_secret, code, callback_url(ctx), s->code_verifier);
    auto jwks = fetch_jwks(d);
    auto checked = verify_id_token(tokens.id_token, jwks, {p->issuer, p->client_id, s->nonce, util::now_unix()});
    if (checked.error != TokenError::kNone)
      return refused(ctx, 400, std::string(error_key(checked.error)), "id token: " + std::string(error_name(checked.error)),
                     {}, p->id);
    // Providers that keep profile claims out of the ID token give them at userinfo, for the
    // same subject only.
    if (claim_string(checked.claims, p->claim_email).empty()) {
      auto more = userinfo(d, tokens.access_token);
      if (claim_string(more, "sub") == claim_string(checked.claims, "sub"))
        for (const auto& [k, v] : more)
          if (!checked.claims.contains(k)) checked.claims[k] = v;
    }
    if (s->link_user_id) return finish_link(ctx, *p, claim_string(checked.claims, "sub"), *s->link_user_id);
    return finish(ctx, *p, checked.claims, s->next);
  } catch (const Failure& f) {
    return refused(ctx, f, p->id);
  }
}

}  // namespace

void register_sign_in_routes(web::App& app) {
  app.route("GET", "/sso/{id}/start", web::Access::kAnyone, start);
  app.route("GET", "/sso/callback", web::Access::kAnyone, callback);
  app.route("POST", "/profile/sso-link/{id}", web::Access::kSignedIn, start_link);
}

}  // namespace cityskills::sso
