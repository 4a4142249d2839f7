#pragma once
// The SQL of learning records: the store's settings, the outbox and the pseudonyms. The outbox
// keeps one invariant: a row is marked sent only by the run that holds its lease, and only
// after the store accepted it; until then it stays, whatever fails.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "web/learning.hpp"

namespace cityskills::xapi::store {

struct Settings {
  bool enabled = false;
  std::string endpoint, auth_key, auth_secret;
};
Settings settings(db::Connection& c);
// Saves the settings; an empty secret keeps the stored one while the endpoint stays the same
// (a new endpoint never receives the old secret: it is cleared unless a new one is given).
void save_settings(db::Connection& c, const Settings& s);

// Writes the statement's row when the store is switched on (one statement, nothing otherwise).
// Returns whether a row was written.
bool queue(db::Connection& c, const web::LearningRecord& r, const std::string& statement_id, std::int64_t now);

struct Row {
  std::int64_t id = 0, user_id = 0, occurred_at = 0;
  std::string statement_id, verb, object_type, object_path, object_name, lang, parent_path, registration_key;
  int score_percent = -1, progress_percent = -1, success = -1, attempts = 0;
  bool completion = false;
};
// Leases up to `limit` due rows, oldest first, to `owner` until `now + lease`, and returns them.
std::vector<Row> lease_batch(db::Connection& c, const std::string& owner, std::int64_t now, int lease, int limit);
// Marks leased rows sent (the store accepted them). Rows no longer leased by `owner` are left.
void mark_sent(db::Connection& c, const std::vector<std::int64_t>& ids, const std::string& owner, std::int64_t now);
// Gives leased rows back untried (no attempt counted, no error).
void release(db::Connection& c, const std::vector<std::int64_t>& ids, const std::string& owner);
// Extends the lease of one row to `until` while `owner` still holds it and it is unsent; false
// when another run has taken it (the lease ran out) or sent it: then it must not be sent again.
bool renew(db::Connection& c, std::int64_t id, const std::string& owner, std::int64_t until);
// Gives leased rows back with the error, to be tried again after `backoff_seconds`.
void mark_failed(db::Connection& c, const std::vector<Row>& rows, const std::string& owner, const std::string& error,
                 std::int64_t now);
// The wait after a row's n-th failed attempt: 30 s, doubling, at most an hour.
std::int64_t backoff_seconds(int attempts);
// When the next unsent row is due (its retry time, or its lease's end), if any row is unsent.
std::optional<std::int64_t> next_due(db::Connection& c);
// Every failing row due now (the administrator's "try again now"). Returns how many.
std::int64_t retry_now(db::Connection& c, std::int64_t now);
// Forgets rows sent before `before`.
void prune_sent(db::Connection& c, std::int64_t before);

// The person's pseudonym in statements, made at the first statement and kept.
std::string pseudonym(db::Connection& c, std::int64_t user_id);

struct Status {
  std::int64_t queued = 0, failing = 0, sent = 0;
  std::int64_t last_sent_at = 0, last_error_at = 0;
  std::string last_error;
};
Status status(db::Connection& c);

}  // namespace cityskills::xapi::store
