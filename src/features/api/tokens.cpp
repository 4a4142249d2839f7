#include "features/api/tokens.hpp"

#include <algorithm>

#include "features/accounts/api.hpp"
#include "features/api/policy.hpp"
#include "features/api/store.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::api {
namespace {

// The last-used time is kept to within a minute, so a busy token costs no write per request.
constexpr std::int64_t kTouchEvery = 60;

http::Response refuse(web::Ctx& ctx, int status, std::string_view key, std::string_view why,
                      std::optional<std::int64_t> token_id = std::nullopt) {
  log::warn("api token refused", "\"request_id\":\"" + ctx.req.request_id + "\",\"reason\":\"" + std::string(why) +
                                     "\",\"token_id\":" + (token_id ? std::to_string(*token_id) : "null") +
                                     ",\"ip\":\"" + util::json_escape(ctx.req.remote_ip) + "\"");
  return ctx.problem(status, key);
}

bool has_scope(const std::string& scopes, std::string_view scope) {
  for (auto s : util::split(scopes, ' '))
    if (s == scope) return true;
  return false;
}

}  // namespace

bool known_scope(std::string_view scope) {
  for (const auto& r : kResources)
    if (scope == r + ":read" || scope == r + ":write") return true;
  return false;
}

NewSecret new_secret() {
  NewSecret s;
  s.secret = "cs_" + crypto::random_token(32);
  s.hash = crypto::sha256_hex(s.secret);
  s.prefix = s.secret.substr(0, 9);
  return s;
}

std::optional<http::Response> authenticate(web::Ctx& ctx, std::string_view scope) {
  auto header = ctx.req.header("authorization");
  if (header.empty()) return refuse(ctx, 401, "api.errors.token_missing", "missing");
  if (header.size() < 8 || util::to_lower(header.substr(0, 7)) != "bearer ")
    return refuse(ctx, 401, "api.errors.token_missing", "not bearer");
  auto secret = util::trim(header.substr(7));
  if (secret.size() > 200) return refuse(ctx, 401, "api.errors.token_invalid", "too long");
  auto c = ctx.db().acquire();
  auto p = store::presented(*c, crypto::sha256_hex(secret));
  if (!p) return refuse(ctx, 401, "api.errors.token_invalid", "unknown");
  const auto& t = p->token;
  auto now = util::now_unix();
  if (t.revoked_at) return refuse(ctx, 401, "api.errors.token_revoked", "revoked", t.id);
  if (t.expires_at <= now) return refuse(ctx, 401, "api.errors.token_expired", "expired", t.id);
  if (t.org_id && !policy::service_token_valid(p->platform_admin, p->roles, *t.org_id))
    return refuse(ctx, 401, "api.errors.token_invalid", "maker no longer administers", t.id);
  if (!has_scope(t.scopes, scope)) {
    log::warn("api scope refused", "\"request_id\":\"" + ctx.req.request_id + "\",\"token_id\":" +
                                       std::to_string(t.id) + ",\"scope\":\"" + std::string(scope) + "\"");
    return ctx.problem(403, "api.errors.scope_missing", {{"scope", std::string(scope)}},
                       "\"scope\":\"" + std::string(scope) + "\"");
  }
  if (!accounts::rate_allow(ctx.db(), "api_token:" + std::to_string(t.id), 60, kPerMinute)) {
    auto r = ctx.problem(429, "api.errors.rate_limited", {{"n", std::to_string(kPerMinute)}});
    r.set("retry-after", "60");
    return r;
  }
  if (!t.last_used_at || now - *t.last_used_at >= kTouchEvery) store::touch(*c, t.id, now);

  web::User u;
  u.id = t.user_id;
  u.email = p->email;
  u.display_name = p->display_name;
  u.lang = p->lang;
  u.verified = p->verified;
  if (t.org_id) {
    // A service token is an administrator of its organisation and nothing else.
    u.roles = {web::Membership{*t.org_id, "org_admin"}};
    u.org_admin = u.publisher = u.moderator = true;
  } else {
    u.platform_admin = p->platform_admin;
    u.roles = p->roles;
    // As the session sets them (web/session.cpp).
    auto held = [&](web::Can what) {
      return std::any_of(u.roles.begin(), u.roles.end(), [&](const web::Membership& m) { return web::role_allows(m.role, what); });
    };
    u.org_admin = held(web::Can::kAdminister);
    u.publisher = u.platform_admin || held(web::Can::kPublish);
    u.moderator = u.platform_admin || held(web::Can::kModerate);
  }
  std::vector<std::string> scopes;
  for (auto s : util::split(t.scopes, ' ')) scopes.emplace_back(s);
  ctx.bearer = web::Bearer{t.id, t.org_id, std::move(scopes)};
  ctx.user = std::move(u);
  return std::nullopt;
}

}  // namespace cityskills::api
