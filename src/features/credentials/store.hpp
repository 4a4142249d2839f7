#pragma once
// The SQL of awards. Invariant: one award per (person, kind, subject), held by the database's
// unique constraint, never by a check in C++. Nothing here caches: revocation and privacy are
// read from the database on every request, so every node sees them at once.
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/credentials/api.hpp"
#include "features/credentials/model.hpp"

namespace cityskills::credentials::store {

// A fresh verification code: 128 random bits in lower-case base32 (26 characters).
std::string new_public_id();
// Whether `code` has the shape of a verification code (checked before any query).
bool well_formed(std::string_view code);

std::int64_t award(db::Connection& c, std::int64_t user_id, const Achievement& a);
std::optional<Award> by_public_id(db::Connection& c, std::string_view public_id);
std::optional<Award> find(db::Connection& c, std::int64_t id);
// Ids of the revoked awards with `from` <= id < `to`.
std::vector<std::int64_t> revoked_between(db::Connection& c, std::int64_t from, std::int64_t to);
// The highest award id (0 when there is none).
std::int64_t max_id(db::Connection& c);
std::vector<Award> of_user(db::Connection& c, std::int64_t user_id);
void set_private(db::Connection& c, std::int64_t id, bool is_private);
// False when it was already revoked (nothing changes then).
bool revoke(db::Connection& c, std::int64_t id, std::int64_t actor_id, const std::string& reason);
// Makes a revoked award valid again (its status-list bit clears with it) and logs who and why;
// false when it was not revoked.
bool reinstate(db::Connection& c, std::int64_t id, std::int64_t actor_id, const std::string& reason);
// Awards issued by one of `org_ids`, newest first.
std::vector<Award> issued_by(db::Connection& c, const std::vector<std::int64_t>& org_ids, int limit);
std::vector<LogEntry> log_of(db::Connection& c, const std::vector<std::int64_t>& org_ids, int limit);

// Failed look-ups by `client` since `since`; recording one also forgets that client's older ones.
std::int64_t failed_lookups(db::Connection& c, const std::string& client, std::int64_t since);
void record_failed_lookup(db::Connection& c, const std::string& client, std::int64_t now, std::int64_t window);

// The signing key of the highest generation, created on first use (once, on any node).
SigningKey current_key(db::Connection& c);
// Every key ever used, oldest first (published, so old credentials stay verifiable).
std::vector<SigningKey> all_keys(db::Connection& c);
// Adds a key of the next generation, which signs from now on.
SigningKey rotate_key(db::Connection& c);

}  // namespace cityskills::credentials::store
