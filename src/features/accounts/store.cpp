#include "features/accounts/store.hpp"

#include <algorithm>

#include "db/rows.hpp"

#include "util/crypto.hpp"
#include "web/extensions.hpp"
#include "util/strings.hpp"

namespace cityskills::accounts::store {
namespace {

constexpr const char* kSelectAccount =
    "SELECT id, email, password_hash, display_name, audience, age_band, org_id, country, lang, platform_admin, "
    "email_verified_at, disabled_at, created_at FROM users ";

Account to_account(const db::Row& r) {
  using A = Account;
  A a;
  db::read_into(r, 0, a, &A::id, &A::email, &A::password_hash, &A::display_name, &A::audience, &A::age_band, &A::org_id,
                &A::country, &A::lang, &A::platform_admin);
  a.verified = !r.is_null(10);
  a.disabled = !r.is_null(11);
  a.created_at = r.i64(12);
  return a;
}

}  // namespace

std::optional<Account> find_by_email(db::Connection& c, std::string_view email) {
  return db::read_one(c.one(std::string(kSelectAccount) + "WHERE email = ?", {util::to_lower(email)}), to_account);
}

std::optional<Account> find_by_id(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kSelectAccount) + "WHERE id = ?", {id}), to_account);
}

// ON CONFLICT keeps a duplicate from aborting the caller's transaction (PostgreSQL).
std::optional<std::int64_t> create(db::Connection& c, const Account& a) {
  auto now = util::now_unix();
  return db::id_of(
      c.one("INSERT INTO users (email, password_hash, display_name, audience, age_band, org_id, country, lang, "
            "platform_admin, email_verified_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (email) DO NOTHING RETURNING id",
            {util::to_lower(a.email), a.password_hash, a.display_name, db::null_if_empty(a.audience),
             db::null_if_empty(a.age_band), a.org_id, db::null_if_empty(a.country), a.lang, a.platform_admin,
             a.verified ? std::optional<std::int64_t>(now) : std::nullopt, now, now}));
}

void update_profile(db::Connection& c, const Account& a) {
  c.exec(
      "UPDATE users SET display_name = ?, audience = ?, age_band = ?, org_id = ?, country = ?, lang = ?, "
      "updated_at = ? WHERE id = ?",
      {a.display_name, db::null_if_empty(a.audience), db::null_if_empty(a.age_band), a.org_id,
       db::null_if_empty(a.country), a.lang, util::now_unix(), a.id});
}

std::vector<std::pair<std::string, std::string>> roles(db::Connection& c, std::int64_t user_id) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : c.query("SELECT o.name, m.role FROM memberships m JOIN organisations o ON o.id = m.org_id "
                               "WHERE m.user_id = ? ORDER BY o.name, m.role",
                               {user_id}))
    out.emplace_back(r.str(0), r.str(1));
  return out;
}

bool organisation_exists(db::Connection& c, std::int64_t org_id) {
  return c.one("SELECT 1 FROM organisations WHERE id = ?", {org_id}).has_value();
}

void set_password(db::Connection& c, std::int64_t user_id, std::string_view hash) {
  c.exec("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", {hash, util::now_unix(), user_id});
}

void mark_verified(db::Connection& c, std::int64_t user_id) {
  auto now = util::now_unix();
  c.exec("UPDATE users SET email_verified_at = COALESCE(email_verified_at, ?), updated_at = ? WHERE id = ?",
         {now, now, user_id});
}

void delete_sessions(db::Connection& c, std::int64_t user_id) {
  c.exec("DELETE FROM sessions WHERE user_id = ?", {user_id});
}

void end_sessions_and_tokens(db::Tx& c, std::int64_t user_id) {
  delete_sessions(c, user_id);
  auto now = util::now_unix();
  c.exec("UPDATE tokens SET used_at = ?, updated_at = ? WHERE user_id = ? AND used_at IS NULL", {now, now, user_id});
  web::credentials_reset(c, user_id);
}

std::string issue_token(db::Connection& c, std::int64_t user_id, std::string_view purpose, std::int64_t ttl) {
  auto token = crypto::random_token(32);
  auto now = util::now_unix();
  c.exec(
      "INSERT INTO tokens (token_hash, user_id, purpose, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
      {crypto::sha256_hex(token), user_id, purpose, now + ttl, now, now});
  return token;
}

std::optional<std::int64_t> peek_token(db::Connection& c, std::string_view token, std::string_view purpose) {
  if (token.empty() || token.size() > 100) return std::nullopt;
  return db::id_of(
      c.one("SELECT user_id FROM tokens WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?",
            {crypto::sha256_hex(token), purpose, util::now_unix()}));
}

std::optional<std::int64_t> consume_token(db::Connection& c, std::string_view token, std::string_view purpose) {
  auto user = peek_token(c, token, purpose);
  if (!user) return std::nullopt;
  auto now = util::now_unix();
  // The used_at guard makes a second, concurrent use change nothing.
  auto n = c.exec("UPDATE tokens SET used_at = ?, updated_at = ? WHERE token_hash = ? AND used_at IS NULL",
                  {now, now, crypto::sha256_hex(token)});
  if (n != 1) return std::nullopt;
  return user;
}

void revoke_tokens(db::Connection& c, std::int64_t user_id, std::string_view purpose) {
  auto now = util::now_unix();
  c.exec("UPDATE tokens SET used_at = ?, updated_at = ? WHERE user_id = ? AND purpose = ? AND used_at IS NULL",
         {now, now, user_id, purpose});
}

int count_events(db::Connection& c, std::string_view bucket, std::int64_t window) {
  auto r = c.one("SELECT COUNT(*) FROM rate_events WHERE bucket = ? AND created_at > ?",
                 {bucket, util::now_unix() - window});
  return r ? static_cast<int>(r->i64(0)) : 0;
}

void record_event(db::Connection& c, std::string_view bucket) {
  auto now = util::now_unix();
  c.exec("INSERT INTO rate_events (bucket, created_at, updated_at) VALUES (?, ?, ?)", {bucket, now, now});
  // Keep the table small: forget events older than a day.
  c.exec("DELETE FROM rate_events WHERE bucket = ? AND created_at < ?", {bucket, now - 86400});
}

void lock_bucket(db::Connection& c, std::string_view bucket) {
  // PostgreSQL reads committed rows as of each statement's start: the lock comes first, in a
  // statement of its own, so the count that follows sees every attempt committed before it.
  if (c.dialect() == db::Dialect::kPostgres)
    c.query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtextextended(?, 7275)) AS l) AS x", {bucket});
}

bool take_event(db::Tx& t, std::string_view bucket, std::int64_t window, int max) {
  auto now = util::now_unix();
  lock_bucket(t, bucket);
  auto taken = t.exec(
      "INSERT INTO rate_events (bucket, created_at, updated_at) SELECT ?, ?, ? "
      "WHERE (SELECT COUNT(*) FROM rate_events WHERE bucket = ? AND created_at > ?) < ?",
      {bucket, now, now, bucket, now - window, max});
  // The daily retention job forgets old attempts; a busy bucket also tidies itself now and then.
  static thread_local unsigned takes = 0;
  if (taken == 1 && ++takes % 32 == 0)
    t.exec("DELETE FROM rate_events WHERE bucket = ? AND created_at < ?", {bucket, now - std::max<std::int64_t>(window, 86400)});
  return taken == 1;
}

void clear_events(db::Connection& c, std::string_view bucket) {
  c.exec("DELETE FROM rate_events WHERE bucket = ?", {bucket});
}

void forget_latest_event(db::Connection& c, std::string_view bucket) {
  c.exec("DELETE FROM rate_events WHERE id = (SELECT MAX(id) FROM rate_events WHERE bucket = ?)", {bucket});
}

std::int64_t retry_after(db::Connection& c, std::string_view bucket, std::int64_t window) {
  auto now = util::now_unix();
  auto r = c.one("SELECT MIN(created_at) FROM rate_events WHERE bucket = ? AND created_at > ?", {bucket, now - window});
  if (!r || r->is_null(0)) return 1;
  return std::max<std::int64_t>(1, r->i64(0) + window - now);
}

Recent recent_events(db::Connection& c, std::string_view bucket, std::int64_t window) {
  auto r = c.one("SELECT COUNT(*), MAX(created_at) FROM rate_events WHERE bucket = ? AND created_at > ?",
                 {bucket, util::now_unix() - window});
  Recent out;
  if (!r) return out;
  out.count = static_cast<int>(r->i64(0));
  out.newest = r->is_null(1) ? 0 : r->i64(1);
  return out;
}

}  // namespace cityskills::accounts::store
