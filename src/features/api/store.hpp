#pragma once
// The API feature's SQL: tokens. Invariant: a token is found only by the SHA-256 of its secret
// (UNIQUE), and a revoked or expired one never authenticates (the caller refuses it by the
// dates returned with it).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "web/roles.hpp"

namespace cityskills::api::store {

struct Token {
  std::int64_t id = 0, user_id = 0;
  std::optional<std::int64_t> org_id;  // set: the organisation's service token
  std::string name, prefix, scopes, org_name, owner_name;
  std::int64_t expires_at = 0, created_at = 0;
  std::optional<std::int64_t> last_used_at, revoked_at;
};

std::int64_t create(db::Connection& c, const Token& t, const std::string& token_hash);
// The person's own personal tokens, and the service tokens of these organisations, newest first.
std::vector<Token> listed(db::Connection& c, std::int64_t user_id, const std::vector<std::int64_t>& org_ids);
std::optional<Token> find(db::Connection& c, std::int64_t id);
// True when it was revoked now (false: already revoked).
bool revoke(db::Connection& c, std::int64_t id);
// Revokes every token the person made, personal and service, still in force (a password reset
// ends them with the sessions: whoever held the old session may have made one); how many.
int revoke_all_of(db::Connection& c, std::int64_t user_id);

// A token presented to the API, with the person it acts as and every role they hold.
struct Presented {
  Token token;
  std::string email, display_name, lang;
  bool platform_admin = false, verified = false;
  std::vector<web::Membership> roles;
};
// The token with this hash, whose person is not disabled; nullopt otherwise.
std::optional<Presented> presented(db::Connection& c, const std::string& token_hash);
void touch(db::Connection& c, std::int64_t id, std::int64_t now);

}  // namespace cityskills::api::store
