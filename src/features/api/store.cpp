#include "features/api/store.hpp"

#include <algorithm>

#include "db/in_list.hpp"
#include "db/rows.hpp"
#include "util/strings.hpp"

namespace cityskills::api::store {
namespace {

constexpr const char* kColumns =
    "SELECT t.id, t.user_id, t.org_id, t.name, t.prefix, t.scopes, t.expires_at, t.created_at, t.last_used_at, "
    "t.revoked_at, COALESCE(o.name, ''), u.display_name FROM api_tokens t JOIN users u ON u.id = t.user_id "
    "LEFT JOIN organisations o ON o.id = t.org_id ";

// The token's own columns, 0 to 9, as kColumns and presented() select them.
void read_token(const db::Row& r, Token& t) {
  using T = Token;
  db::read_into(r, 0, t, &T::id, &T::user_id, &T::org_id, &T::name, &T::prefix, &T::scopes, &T::expires_at,
                &T::created_at, &T::last_used_at, &T::revoked_at);
}

Token to_token(const db::Row& r) {
  Token t;
  read_token(r, t);
  db::read_into(r, 10, t, &Token::org_name, &Token::owner_name);
  return t;
}

}  // namespace

std::int64_t create(db::Connection& c, const Token& t, const std::string& token_hash) {
  auto now = util::now_unix();
  return c.insert(
      "INSERT INTO api_tokens (user_id, org_id, name, token_hash, prefix, scopes, expires_at, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {t.user_id, t.org_id, t.name, token_hash, t.prefix, t.scopes, t.expires_at, now, now});
}

std::vector<Token> listed(db::Connection& c, std::int64_t user_id, const std::vector<std::int64_t>& org_ids) {
  std::string sql = std::string(kColumns) + "WHERE (t.user_id = ? AND t.org_id IS NULL)";
  db::Params p{user_id};
  if (!org_ids.empty()) {
    sql += " OR t.org_id IN (" + db::placeholders(org_ids.size()) + ")";
    for (auto id : org_ids) p.emplace_back(id);
  }
  sql += " ORDER BY t.created_at DESC, t.id DESC";
  return db::read_all(c.query(sql, p), to_token);
}

std::optional<Token> find(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kColumns) + "WHERE t.id = ?", {id}), to_token);
}

bool revoke(db::Connection& c, std::int64_t id) {
  auto now = util::now_unix();
  return c.exec("UPDATE api_tokens SET revoked_at = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL",
                {now, now, id}) > 0;
}

int revoke_all_of(db::Connection& c, std::int64_t user_id) {
  auto now = util::now_unix();
  return static_cast<int>(c.exec("UPDATE api_tokens SET revoked_at = ?, updated_at = ? WHERE user_id = ? AND revoked_at IS NULL",
                                 {now, now, user_id}));
}

std::optional<Presented> presented(db::Connection& c, const std::string& token_hash) {
  const std::string agg = c.dialect() == db::Dialect::kPostgres ? "string_agg" : "group_concat";
  auto r = c.one(
      "SELECT t.id, t.user_id, t.org_id, t.name, t.prefix, t.scopes, t.expires_at, t.created_at, t.last_used_at, "
      "t.revoked_at, u.email, u.display_name, u.lang, u.platform_admin, u.email_verified_at, "
      "(SELECT " + agg + "(CAST(m.org_id AS TEXT) || ':' || m.role, ',') FROM memberships m WHERE m.user_id = u.id) "
      "FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND u.disabled_at IS NULL",
      {token_hash});
  if (!r) return std::nullopt;
  Presented p;
  read_token(*r, p.token);
  db::read_into(*r, 10, p, &Presented::email, &Presented::display_name, &Presented::lang, &Presented::platform_admin);
  p.verified = !r->is_null(14);
  auto roles = r->str(15);
  for (auto part : util::split(roles, ',')) {
    auto colon = part.find(':');
    if (colon == std::string_view::npos) continue;
    if (auto org = util::parse_id(part.substr(0, colon)))
      p.roles.push_back(web::Membership{*org, std::string(part.substr(colon + 1))});
  }
  return p;
}

void touch(db::Connection& c, std::int64_t id, std::int64_t now) {
  c.exec("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", {now, id});
}

}  // namespace cityskills::api::store
