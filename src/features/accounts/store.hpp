#pragma once
// The accounts feature's SQL.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "features/accounts/model.hpp"

namespace cityskills::accounts::store {

std::optional<Account> find_by_email(db::Connection& c, std::string_view email);
std::optional<Account> find_by_id(db::Connection& c, std::int64_t id);
// Returns nullopt if the e-mail is taken.
std::optional<std::int64_t> create(db::Connection& c, const Account& a);
void update_profile(db::Connection& c, const Account& a);
// The person's roles: (organisation name, role), by organisation and role.
std::vector<std::pair<std::string, std::string>> roles(db::Connection& c, std::int64_t user_id);
bool organisation_exists(db::Connection& c, std::int64_t org_id);
void set_password(db::Connection& c, std::int64_t user_id, std::string_view hash);
void mark_verified(db::Connection& c, std::int64_t user_id);
void delete_sessions(db::Connection& c, std::int64_t user_id);
// Ends every session of the account and revokes every outstanding token (all purposes) and,
// through web::credentials_reset, what other features hold for the account (the calendar feed
// address): what a password reset must do, whoever asks for it (the reset link or the
// operator's command), in one transaction.
void end_sessions_and_tokens(db::Tx& c, std::int64_t user_id);

// Single-use tokens: only the SHA-256 of the token is stored.
std::string issue_token(db::Connection& c, std::int64_t user_id, std::string_view purpose, std::int64_t ttl_seconds);
// Consumes a valid token (not expired, not used) and returns its user; nullopt otherwise.
std::optional<std::int64_t> consume_token(db::Connection& c, std::string_view token, std::string_view purpose);
// Checks without consuming.
std::optional<std::int64_t> peek_token(db::Connection& c, std::string_view token, std::string_view purpose);
// Marks every outstanding token of the account for `purpose` as used.
void revoke_tokens(db::Connection& c, std::int64_t user_id, std::string_view purpose);

// Sliding-window throttling shared by all nodes.
int count_events(db::Connection& c, std::string_view bucket, std::int64_t window_seconds);
void record_event(db::Connection& c, std::string_view bucket);
// Counts an attempt only while fewer than `max` fell in the window, as one step (see rate_allow).
// Inside the caller's write transaction: on PostgreSQL waits for the lock of one bucket and
// holds it until the transaction ends, so counts read after it see every event committed
// before; nothing on SQLite, whose write transaction holds the database's one write lock.
void lock_bucket(db::Connection& c, std::string_view bucket);
bool take_event(db::Tx& t, std::string_view bucket, std::int64_t window_seconds, int max);
void clear_events(db::Connection& c, std::string_view bucket);
// Takes back the latest event of a bucket (an attempt counted before it proved harmless).
void forget_latest_event(db::Connection& c, std::string_view bucket);
// Seconds until the oldest event in the window leaves it.
std::int64_t retry_after(db::Connection& c, std::string_view bucket, std::int64_t window_seconds);
struct Recent {
  int count = 0;
  std::int64_t newest = 0;  // unix time of the latest event; 0 when none
};
// The events of the last `window_seconds` in a bucket: how many, and when the latest was.
Recent recent_events(db::Connection& c, std::string_view bucket, std::int64_t window_seconds);

}  // namespace cityskills::accounts::store
