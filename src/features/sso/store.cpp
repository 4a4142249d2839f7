#include "features/sso/store.hpp"

#include "db/rows.hpp"

#include "util/crypto.hpp"
#include "util/strings.hpp"

namespace cityskills::sso::store {
namespace {

constexpr const char* kSelectProvider =
    "SELECT p.id, p.name, p.issuer, p.client_id, p.client_secret, p.scopes, p.claim_name, p.claim_email, "
    "p.claim_org, p.claim_role, p.org_id, COALESCE(o.name, '') FROM sso_providers p "
    "LEFT JOIN organisations o ON o.id = p.org_id ";

Provider to_provider(const db::Row& r) {
  using P = Provider;
  return db::read_as<P>(r, &P::id, &P::name, &P::issuer, &P::client_id, &P::client_secret, &P::scopes, &P::claim_name,
                        &P::claim_email, &P::claim_org, &P::claim_role, &P::org_id, &P::org_name);
}

constexpr const char* kSelectIdentity =
    "SELECT i.id, i.user_id, i.provider_id, p.name, i.issuer, i.subject, i.created_at, i.last_used_at "
    "FROM sso_identities i JOIN sso_providers p ON p.id = i.provider_id ";

Identity to_identity(const db::Row& r) {
  return {r.i64(0), r.i64(1), r.i64(2), r.str(3), r.str(4), r.str(5), r.i64(6), r.i64(7)};
}

}  // namespace

std::vector<Provider> providers(db::Connection& c) {
  return db::read_all(c.query(std::string(kSelectProvider) + "ORDER BY p.name, p.id"), to_provider);
}

std::optional<Provider> provider(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kSelectProvider) + "WHERE p.id = ?", {id}), to_provider);
}

std::optional<std::int64_t> create_provider(db::Connection& c, const Provider& p) {
  auto now = util::now_unix();
  return db::id_of(c.one(
      "INSERT INTO sso_providers (name, issuer, client_id, client_secret, scopes, claim_name, claim_email, claim_org, "
      "claim_role, org_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (issuer) DO NOTHING RETURNING id",
      {p.name, p.issuer, p.client_id, p.client_secret, p.scopes, p.claim_name, p.claim_email, p.claim_org, p.claim_role,
       p.org_id, now, now}));
}

bool update_provider(db::Connection& c, const Provider& p) {
  if (c.one("SELECT 1 FROM sso_providers WHERE issuer = ? AND id <> ?", {p.issuer, p.id})) return false;
  c.exec("UPDATE sso_providers SET name = ?, issuer = ?, client_id = ?, "
         "client_secret = CASE WHEN ? = '' THEN client_secret ELSE ? END, scopes = ?, claim_name = ?, "
         "claim_email = ?, claim_org = ?, claim_role = ?, org_id = ?, updated_at = ? WHERE id = ?",
         {p.name, p.issuer, p.client_id, p.client_secret, p.client_secret, p.scopes, p.claim_name, p.claim_email,
          p.claim_org, p.claim_role, p.org_id, util::now_unix(), p.id});
  return true;
}

void delete_provider(db::Connection& c, std::int64_t id) { c.exec("DELETE FROM sso_providers WHERE id = ?", {id}); }

void save_state(db::Connection& c, const std::string& state, const std::string& browser, const State& s,
                std::int64_t ttl) {
  auto now = util::now_unix();
  c.exec("DELETE FROM sso_states WHERE expires_at < ?", {now});
  c.exec("INSERT INTO sso_states (state_hash, browser_hash, provider_id, nonce, code_verifier, next, link_user_id, "
         "expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
         {crypto::sha256_hex(state), crypto::sha256_hex(browser), s.provider_id, s.nonce, s.code_verifier, s.next,
          s.link_user_id, now + ttl, now, now});
}

std::optional<State> take_state(db::Connection& c, const std::string& state, const std::string& browser) {
  if (state.empty() || browser.empty()) return std::nullopt;
  auto r = c.one(
      "DELETE FROM sso_states WHERE state_hash = ? AND browser_hash = ? AND expires_at >= ? "
      "RETURNING provider_id, nonce, code_verifier, next, link_user_id",
      {crypto::sha256_hex(state), crypto::sha256_hex(browser), util::now_unix()});
  if (!r) return std::nullopt;
  using S = State;
  return db::read_as<S>(*r, &S::provider_id, &S::nonce, &S::code_verifier, &S::next, &S::link_user_id);
}

std::vector<ProviderOfPerson> providers_of_person(db::Connection& c, std::int64_t user_id) {
  using P = ProviderOfPerson;
  return db::read_all(c.query("SELECT p.id, p.name, p.org_id, i.id, COALESCE(i.created_at, 0) FROM sso_providers p "
                              "LEFT JOIN sso_identities i ON i.provider_id = p.id AND i.user_id = ? ORDER BY p.name, p.id",
                              {user_id}),
                      [](const db::Row& r) {
                        return db::read_as<P>(r, &P::provider_id, &P::provider_name, &P::org_id, &P::identity_id,
                                              &P::linked_at);
                      });
}

std::optional<Identity> identity_by_subject(db::Connection& c, const std::string& issuer, const std::string& subject) {
  return db::read_one(c.one(std::string(kSelectIdentity) + "WHERE i.issuer = ? AND i.subject = ?", {issuer, subject}),
                      to_identity);
}

std::vector<Identity> identities_of(db::Connection& c, std::int64_t user_id) {
  return db::read_all(c.query(std::string(kSelectIdentity) + "WHERE i.user_id = ? ORDER BY p.name, i.id", {user_id}),
                      to_identity);
}

std::optional<Identity> identity(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kSelectIdentity) + "WHERE i.id = ?", {id}), to_identity);
}

bool link(db::Connection& c, std::int64_t user_id, std::int64_t provider_id, const std::string& issuer,
          const std::string& subject, bool email_verified) {
  auto now = util::now_unix();
  return c.exec("INSERT INTO sso_identities (user_id, provider_id, issuer, subject, email_verified, last_used_at, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (issuer, subject) DO NOTHING",
                {user_id, provider_id, issuer, subject, email_verified, now, now, now}) > 0;
}

void touch(db::Connection& c, std::int64_t identity_id) {
  auto now = util::now_unix();
  c.exec("UPDATE sso_identities SET last_used_at = ?, updated_at = ? WHERE id = ?", {now, now, identity_id});
}

void unlink(db::Connection& c, std::int64_t identity_id) { c.exec("DELETE FROM sso_identities WHERE id = ?", {identity_id}); }

void unlink_unproven(db::Connection& c, std::int64_t user_id) {
  c.exec("DELETE FROM sso_identities WHERE user_id = ? AND email_verified = 0", {user_id});
}

void remember_session(db::Connection& c, const std::string& session_token, std::int64_t provider_id) {
  auto now = util::now_unix();
  c.exec("INSERT INTO sso_sessions (session_hash, provider_id, created_at, updated_at) VALUES (?, ?, ?, ?)",
         {crypto::sha256_hex(session_token), provider_id, now, now});
}

std::optional<std::int64_t> session_provider(db::Connection& c, const std::string& session_token) {
  return db::id_of(
      c.one("SELECT provider_id FROM sso_sessions WHERE session_hash = ?", {crypto::sha256_hex(session_token)}));
}

}  // namespace cityskills::sso::store
