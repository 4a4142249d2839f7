#pragma once
// The single-sign-on feature's SQL. Invariants: an (issuer, subject) pair names at most one
// account (UNIQUE); a sign-in state is taken at most once, by the browser that started it,
// before it expires (one DELETE ... RETURNING decides).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::sso::store {

struct Provider {
  std::int64_t id = 0;
  std::string name, issuer, client_id, client_secret, scopes;
  std::string claim_name = "name", claim_email = "email", claim_org, claim_role;
  std::optional<std::int64_t> org_id;
  std::string org_name;  // for the list; "" when not restricted
};

std::vector<Provider> providers(db::Connection& c);
std::optional<Provider> provider(db::Connection& c, std::int64_t id);
// The new provider's id; nullopt when another provider already has this issuer.
std::optional<std::int64_t> create_provider(db::Connection& c, const Provider& p);
// Updates every field; an empty client_secret keeps the stored one. False when the issuer is
// another provider's.
bool update_provider(db::Connection& c, const Provider& p);
void delete_provider(db::Connection& c, std::int64_t id);

struct State {
  std::int64_t provider_id = 0;
  std::string nonce, code_verifier, next;
  std::optional<std::int64_t> link_user_id;  // set: link the identity to this signed-in account
};
void save_state(db::Connection& c, const std::string& state, const std::string& browser, const State& s,
                std::int64_t ttl_seconds);
// Takes the state for good when it exists, is unexpired and belongs to this browser.
std::optional<State> take_state(db::Connection& c, const std::string& state, const std::string& browser);

struct Identity {
  std::int64_t id = 0, user_id = 0, provider_id = 0;
  std::string provider_name, issuer, subject;
  std::int64_t created_at = 0, last_used_at = 0;
};
std::optional<Identity> identity_by_subject(db::Connection& c, const std::string& issuer, const std::string& subject);
std::vector<Identity> identities_of(db::Connection& c, std::int64_t user_id);
// For the profile, in one statement: every provider, with the person's identity there if any.
struct ProviderOfPerson {
  std::int64_t provider_id = 0;
  std::string provider_name;
  std::optional<std::int64_t> org_id;
  std::optional<std::int64_t> identity_id;
  std::int64_t linked_at = 0;
};
std::vector<ProviderOfPerson> providers_of_person(db::Connection& c, std::int64_t user_id);
std::optional<Identity> identity(db::Connection& c, std::int64_t id);
// False when the identity was linked meanwhile (by a sign-in running at the same time).
bool link(db::Connection& c, std::int64_t user_id, std::int64_t provider_id, const std::string& issuer,
          const std::string& subject, bool email_verified);
void touch(db::Connection& c, std::int64_t identity_id);
void unlink(db::Connection& c, std::int64_t identity_id);
// Identities linked on an address the provider did not vouch for: dropped once the address's
// owner proves it (a password reset), so an identity cannot keep a door into their account.
void unlink_unproven(db::Connection& c, std::int64_t user_id);

void remember_session(db::Connection& c, const std::string& session_token, std::int64_t provider_id);
std::optional<std::int64_t> session_provider(db::Connection& c, const std::string& session_token);

}  // namespace cityskills::sso::store
