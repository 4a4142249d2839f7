#include "features/api/store.hpp"

#include <algorithm>

#include "db/in_list.hpp"
#include "util/strings.hpp"

namespace cityskills::api::store {
namespace {

constexpr const char* kColumns =
    "SELECT t.id, t.user_id, t.org_id, t.name, t.prefix, t.scopes, t.expires_at, t.created_at, t.last_used_at, "
    "t.revoked_at, COALESCE(o.name, ''), u.display_name FROM api_tokens t JOIN users u ON u.id = t.user_id "
    "LEFT JOIN organisations o ON o.id = t.org_id ";

Token to_token(const db::Row& r) {
  Token t;
  t.id = r.i64(0);
  t.user_id = r.i64(1);
  t.org_id = r.opt_i64(2);
  t.name = r.str(3);
  t.prefix = r.str(4);
  t.scopes = r.str(5);
  t.expires_at = r.i64(6);
  t.created_at = r.i64(7);
  t.last_used_at = r.opt_i64(8);
  t.revoked_at = r.opt_i64(9);
  t.org_name = r.str(10);
  t.owner_name = r.str(11);
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
  std::vector<Token> out;
  for (const auto& r : c.query(sql, p)) out.push_back(to_token(r));
  return out;
}

std::optional<Token> find(db::Connection& c, std::int64_t id) {
  auto r = c.one(std::string(kColumns) + "WHERE t.id = ?", {id});
  if (!r) return std::nullopt;
  return to_token(*r);
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
  p.token.id = r->i64(0);
  p.token.user_id = r->i64(1);
  p.token.org_id = r->opt_i64(2);
  p.token.name = r->str(3);
  p.token.prefix = r->str(4);
  p.token.scopes = r->str(5);
  p.token.expires_at = r->i64(6);
  p.token.created_at = r->i64(7);
  p.token.last_used_at = r->opt_i64(8);
  p.token.revoked_at = r->opt_i64(9);
  p.email = r->str(10);
  p.display_name = r->str(11);
  p.lang = r->str(12);
  p.platform_admin = r->i64(13) != 0;
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
