#include "features/xapi/store.hpp"

#include <algorithm>

#include "db/in_list.hpp"
#include "db/rows.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

namespace cityskills::xapi::store {

Settings settings(db::Connection& c) {
  auto r = c.one("SELECT enabled, endpoint, auth_key, auth_secret FROM xapi_settings WHERE id = 1");
  if (!r) return {};
  return {r->i64(0) != 0, r->str(1), r->str(2), r->str(3)};
}

void save_settings(db::Connection& c, const Settings& s) {
  auto now = util::now_unix();
  c.exec("INSERT INTO xapi_settings (id, enabled, endpoint, auth_key, auth_secret, created_at, updated_at) "
         "VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET enabled = excluded.enabled, "
         "endpoint = excluded.endpoint, auth_key = excluded.auth_key, auth_secret = CASE WHEN excluded.auth_secret = '' "
         "AND excluded.endpoint = xapi_settings.endpoint THEN xapi_settings.auth_secret ELSE excluded.auth_secret END, updated_at = excluded.updated_at",
         {s.enabled ? 1 : 0, s.endpoint, s.auth_key, s.auth_secret, now, now});
}

bool queue(db::Connection& c, const web::LearningRecord& r, const std::string& statement_id, std::int64_t now) {
  return c.exec("INSERT INTO xapi_outbox (statement_id, user_id, verb, object_type, object_path, object_name, lang, "
                "parent_path, registration_key, score_percent, progress_percent, success, completion, occurred_at, "
                "attempts, next_attempt_at, created_at, updated_at) "
                "SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ? FROM xapi_settings WHERE id = 1 AND enabled = 1",
                {statement_id, r.user_id, r.verb, r.object_type, r.object_path, r.object_name, r.lang, r.parent_path,
                 r.registration_key, r.score_percent, r.progress_percent, r.success, r.completion ? 1 : 0, now, now, now,
                 now}) > 0;
}

std::vector<Row> lease_batch(db::Connection& c, const std::string& owner, std::int64_t now, int lease, int limit) {
  // The outer conditions are checked again on each row as it is updated (PostgreSQL re-reads a
  // row another transaction changed meanwhile), so two runs never lease the same row.
  c.exec("UPDATE xapi_outbox SET lease_owner = ?, lease_until = ?, updated_at = ? WHERE sent_at IS NULL AND "
         "(lease_until IS NULL OR lease_until < ?) AND id IN (SELECT id FROM xapi_outbox WHERE sent_at IS NULL AND "
         "next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?) ORDER BY id LIMIT ?)",
         {owner, now + lease, now, now, now, now, limit});
  auto rows = c.query("SELECT id, user_id, occurred_at, statement_id, verb, object_type, object_path, object_name, "
                       "lang, parent_path, registration_key, score_percent, progress_percent, success, attempts, "
                       "completion FROM xapi_outbox WHERE lease_owner = ? AND lease_until = ? AND sent_at IS NULL "
                       "ORDER BY id",
                       {owner, now + lease});
  return db::read_all(rows, [](const db::Row& r) {
    return db::read_as<Row>(r, &Row::id, &Row::user_id, &Row::occurred_at, &Row::statement_id, &Row::verb,
                            &Row::object_type, &Row::object_path, &Row::object_name, &Row::lang, &Row::parent_path,
                            &Row::registration_key, &Row::score_percent, &Row::progress_percent, &Row::success,
                            &Row::attempts, &Row::completion);
  });
}

void mark_sent(db::Connection& c, const std::vector<std::int64_t>& ids, const std::string& owner, std::int64_t now) {
  if (ids.empty()) return;
  db::Params p{now, now};
  for (auto id : ids) p.emplace_back(id);
  p.emplace_back(owner);
  c.exec("UPDATE xapi_outbox SET sent_at = ?, last_error = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ? "
         "WHERE id IN (" + db::placeholders(ids.size()) + ") AND lease_owner = ?",
         p);
}

void release(db::Connection& c, const std::vector<std::int64_t>& ids, const std::string& owner) {
  if (ids.empty()) return;
  db::Params p;
  for (auto id : ids) p.emplace_back(id);
  p.emplace_back(owner);
  c.exec("UPDATE xapi_outbox SET lease_owner = NULL, lease_until = NULL WHERE id IN (" + db::placeholders(ids.size()) +
             ") AND lease_owner = ?",
         p);
}

bool renew(db::Connection& c, std::int64_t id, const std::string& owner, std::int64_t until) {
  return c.exec("UPDATE xapi_outbox SET lease_until = ? WHERE id = ? AND lease_owner = ? AND sent_at IS NULL",
                {until, id, owner}) == 1;
}

std::int64_t backoff_seconds(int attempts) {
  std::int64_t s = 30;
  for (int i = 1; i < attempts && s < 3600; ++i) s *= 2;
  return std::min<std::int64_t>(s, 3600);
}

void mark_failed(db::Connection& c, const std::vector<Row>& rows, const std::string& owner, const std::string& error,
                 std::int64_t now) {
  for (const auto& r : rows)
    c.exec("UPDATE xapi_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?, lease_owner = NULL, "
           "lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?",
           {now + backoff_seconds(r.attempts + 1), error.substr(0, 500), now, r.id, owner});
}

std::optional<std::int64_t> next_due(db::Connection& c) {
  auto r = c.one("SELECT MIN(CASE WHEN lease_until IS NOT NULL AND lease_until > next_attempt_at THEN lease_until "
                 "ELSE next_attempt_at END) FROM xapi_outbox WHERE sent_at IS NULL");
  if (!r || r->is_null(0)) return std::nullopt;
  return r->i64(0);
}

std::int64_t retry_now(db::Connection& c, std::int64_t now) {
  return c.exec("UPDATE xapi_outbox SET next_attempt_at = ?, updated_at = ? WHERE sent_at IS NULL AND next_attempt_at > ?",
                {now, now, now});
}

void prune_sent(db::Connection& c, std::int64_t before) {
  c.exec("DELETE FROM xapi_outbox WHERE sent_at IS NOT NULL AND sent_at < ?", {before});
}

std::string pseudonym(db::Connection& c, std::int64_t user_id) {
  if (auto r = c.one("SELECT pseudonym FROM xapi_actors WHERE user_id = ?", {user_id})) return r->str(0);
  auto now = util::now_unix();
  c.exec("INSERT INTO xapi_actors (user_id, pseudonym, created_at, updated_at) VALUES (?, ?, ?, ?) "
         "ON CONFLICT (user_id) DO NOTHING",
         {user_id, crypto::random_token(18), now, now});
  return c.one("SELECT pseudonym FROM xapi_actors WHERE user_id = ?", {user_id})->str(0);
}

Status status(db::Connection& c) {
  Status s;
  auto r = c.one("SELECT COALESCE(SUM(CASE WHEN sent_at IS NULL AND attempts = 0 THEN 1 ELSE 0 END), 0), "
                 "COALESCE(SUM(CASE WHEN sent_at IS NULL AND attempts > 0 THEN 1 ELSE 0 END), 0), "
                 "COALESCE(SUM(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), 0), COALESCE(MAX(sent_at), 0) "
                 "FROM xapi_outbox");
  if (r) {
    s.queued = r->i64(0);
    s.failing = r->i64(1);
    s.sent = r->i64(2);
    s.last_sent_at = r->i64(3);
  }
  if (auto e = c.one("SELECT last_error, updated_at FROM xapi_outbox WHERE sent_at IS NULL AND last_error IS NOT NULL "
                     "ORDER BY updated_at DESC, id DESC LIMIT 1")) {
    s.last_error = e->str(0);
    s.last_error_at = e->i64(1);
  }
  return s;
}

}  // namespace cityskills::xapi::store
