#include "features/credentials/store.hpp"

#include "db/rows.hpp"

#include <sodium.h>

#include <boost/json.hpp>
#include <cstring>

#include "db/in_list.hpp"
#include "features/credentials/badge.hpp"
#include "features/orgs/branding.hpp"
#include "util/base64.hpp"
#include "util/strings.hpp"
#include "web/learning.hpp"

namespace cityskills::credentials::store {
namespace {

namespace json = boost::json;

constexpr const char* kAwardFields =
    "SELECT id, public_id, user_id, kind, subject_id, recipient_name, lang, title, description, competences, issuers, "
    "evidence, achieved_at, expires_at, private, revoked_at, revoke_reason FROM awards ";

Award to_award(const db::Row& r) {
  Award a;
  db::read_into(r, 0, a, &Award::id, &Award::public_id, &Award::user_id, &Award::kind, &Award::subject_id,
                &Award::recipient_name, &Award::lang, &Award::title, &Award::description);
  auto competences = json::parse(r.str(9)), issuers = json::parse(r.str(10));
  for (const auto& v : competences.as_array()) {
    const auto& pair = v.as_array();
    a.competences.emplace_back(std::string(pair.at(0).as_string()), std::string(pair.at(1).as_string()));
  }
  for (const auto& v : issuers.as_array()) {
    const auto& item = v.as_array();
    Issuer i{item.at(0).as_int64(), std::string(item.at(1).as_string())};
    // Awards given since migration 0120 carry the logo and signatory as a third element.
    if (item.size() > 2 && item.at(2).is_object()) {
      const auto& more = item.at(2).as_object();
      if (auto it = more.find("logo"); it != more.end() && it->value().is_int64()) i.logo_id = it->value().as_int64();
      if (auto it = more.find("signatory"); it != more.end() && it->value().is_string())
        i.signatory_name = std::string(it->value().as_string());
      if (auto it = more.find("role"); it != more.end() && it->value().is_string())
        i.signatory_role = std::string(it->value().as_string());
    }
    a.issuers.push_back(std::move(i));
  }
  db::read_into(r, 11, a, &Award::evidence_json, &Award::achieved_at, &Award::expires_at, &Award::is_private,
                &Award::revoked_at, &Award::revoke_reason);
  return a;
}

std::string unbase64url(std::string_view text) {
  auto bytes = util::unbase64url(text);
  if (!bytes) throw std::runtime_error("stored signing key is not base64url");
  return std::move(*bytes);
}

SigningKey to_key(const db::Row& r) {
  return {static_cast<int>(r.i64(0)), r.str(1), unbase64url(r.str(2)), unbase64url(r.str(3))};
}

constexpr const char* kKeyFields = "SELECT generation, kid, public_key, secret_key FROM credential_keys ";

// Inserts a key of `generation` unless another node did first.
void add_key(db::Connection& c, int generation) {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  std::string pub(reinterpret_cast<char*>(pk), sizeof pk), sec(reinterpret_cast<char*>(sk), sizeof sk);
  sodium_memzero(sk, sizeof sk);
  // The RFC 7638 thumbprint of the public JWK names the key.
  std::string jwk = "{\"crv\":\"Ed25519\",\"kty\":\"OKP\",\"x\":\"" + base64url(pub) + "\"}";
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(jwk.data()), jwk.size());
  auto kid = base64url(std::string_view(reinterpret_cast<char*>(digest), sizeof digest));
  auto now = util::now_unix();
  c.exec("INSERT INTO credential_keys (generation, kid, public_key, secret_key, created_at) VALUES (?, ?, ?, ?, ?) "
         "ON CONFLICT (generation) DO NOTHING",
         {generation, kid, base64url(pub), base64url(sec), now});
  sodium_memzero(sec.data(), sec.size());
}

}  // namespace

std::string new_public_id() {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kAlphabet[(buffer << (5 - bits)) & 31];
  return out;  // 26 characters
}

bool well_formed(std::string_view code) {
  if (code.size() != 26) return false;
  for (char ch : code)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '2' && ch <= '7'))) return false;
  return true;
}

std::int64_t award(db::Connection& c, std::int64_t user_id, const Achievement& a) {
  json::array competences, issuers;
  for (const auto& [code, band] : a.competences) competences.push_back(json::array{json::string(code), json::string(band)});
  std::vector<std::int64_t> org_ids;
  for (auto org_id : a.issuer_org_ids) {
    auto o = orgs::branding(c, org_id, a.lang);
    if (!o) continue;
    json::array item{org_id, json::string(o->name)};
    json::object more;
    if (o->logo_id) more["logo"] = *o->logo_id;
    if (!o->signatory_name.empty()) {
      more["signatory"] = o->signatory_name;
      more["role"] = o->signatory_role;
    }
    if (!more.empty()) item.push_back(std::move(more));
    issuers.push_back(std::move(item));
    org_ids.push_back(org_id);
  }
  auto name = c.one("SELECT display_name FROM users WHERE id = ?", {user_id});
  if (!name) throw std::runtime_error("award for an unknown person");
  auto now = util::now_unix();
  auto achieved = a.achieved_at > 0 ? a.achieved_at : now;
  auto public_id = new_public_id();
  auto inserted = c.one(
      "INSERT INTO awards (public_id, user_id, kind, subject_id, recipient_name, lang, title, description, competences, "
      "issuers, evidence, achieved_at, expires_at, private, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (user_id, kind, subject_id) DO NOTHING "
      "RETURNING id",
      {public_id, user_id, a.kind, a.subject_id, name->str(0), a.lang, a.title, a.description,
       json::serialize(competences), json::serialize(issuers), a.evidence_json.empty() ? "{}" : a.evidence_json,
       achieved, a.expires_at > 0 ? db::Param(a.expires_at) : db::Param(nullptr), now, now});
  if (!inserted) {
    auto existing = c.one("SELECT id FROM awards WHERE user_id = ? AND kind = ? AND subject_id = ?",
                          {user_id, a.kind, a.subject_id});
    if (!existing) throw std::runtime_error("award neither inserted nor found");
    return existing->i64(0);
  }
  auto id = inserted->i64(0);
  for (auto org_id : org_ids)
    c.exec("INSERT INTO award_issuers (award_id, org_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
           {id, org_id, now});
  c.exec("INSERT INTO award_log (award_id, public_id, action, actor_id, reason, title, created_at) "
         "VALUES (?, ?, 'issued', NULL, '', ?, ?)",
         {id, public_id, a.title, now});
  web::LearningRecord earned;
  earned.user_id = user_id;
  earned.verb = "earned";
  earned.object_type = "award";
  earned.object_path = "/credentials/achievements/" + a.kind + "/" + std::to_string(a.subject_id);
  earned.object_name = a.title;
  earned.lang = a.lang;
  web::learning_record(c, earned);
  return id;
}

std::optional<Award> by_public_id(db::Connection& c, std::string_view public_id) {
  return db::read_one(c.one(std::string(kAwardFields) + "WHERE public_id = ?", {public_id}), to_award);
}

std::optional<Award> find(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kAwardFields) + "WHERE id = ?", {id}), to_award);
}

std::vector<std::int64_t> revoked_between(db::Connection& c, std::int64_t from, std::int64_t to) {
  std::vector<std::int64_t> out;
  for (const auto& r : c.query("SELECT id FROM awards WHERE revoked_at IS NOT NULL AND id >= ? AND id < ? ORDER BY id", {from, to}))
    out.push_back(r.i64(0));
  return out;
}

std::int64_t max_id(db::Connection& c) { return c.one("SELECT COALESCE(MAX(id), 0) FROM awards")->i64(0); }

std::vector<Award> of_user(db::Connection& c, std::int64_t user_id) {
  return db::read_all(
      c.query(std::string(kAwardFields) + "WHERE user_id = ? ORDER BY achieved_at DESC, id DESC", {user_id}), to_award);
}

void set_private(db::Connection& c, std::int64_t id, bool is_private) {
  c.exec("UPDATE awards SET private = ?, updated_at = ? WHERE id = ?", {is_private, util::now_unix(), id});
}

bool revoke(db::Connection& c, std::int64_t id, std::int64_t actor_id, const std::string& reason) {
  auto now = util::now_unix();
  // The condition on revoked_at makes a second, concurrent revocation change nothing.
  if (c.exec("UPDATE awards SET revoked_at = ?, revoked_by = ?, revoke_reason = ?, updated_at = ? "
             "WHERE id = ? AND revoked_at IS NULL",
             {now, actor_id, reason, now, id}) == 0)
    return false;
  c.exec("INSERT INTO award_log (award_id, public_id, action, actor_id, reason, title, created_at) "
         "SELECT id, public_id, 'revoked', ?, ?, title, ? FROM awards WHERE id = ?",
         {actor_id, reason, now, id});
  return true;
}

bool reinstate(db::Connection& c, std::int64_t id, std::int64_t actor_id, const std::string& reason) {
  auto now = util::now_unix();
  // As with revoke: only the first of two concurrent reinstatements changes anything.
  if (c.exec("UPDATE awards SET revoked_at = NULL, revoked_by = NULL, revoke_reason = NULL, updated_at = ? "
             "WHERE id = ? AND revoked_at IS NOT NULL",
             {now, id}) == 0)
    return false;
  c.exec("INSERT INTO award_log (award_id, public_id, action, actor_id, reason, title, created_at) "
         "SELECT id, public_id, 'reinstated', ?, ?, title, ? FROM awards WHERE id = ?",
         {actor_id, reason, now, id});
  return true;
}

std::vector<Award> issued_by(db::Connection& c, const std::vector<std::int64_t>& org_ids, int limit) {
  std::vector<Award> out;
  if (org_ids.empty()) return out;
  db::Params p;
  auto in = db::in_list(org_ids, p);
  p.emplace_back(limit);
  for (const auto& r : c.query(std::string(kAwardFields) +
                                   "WHERE id IN (SELECT award_id FROM award_issuers WHERE org_id IN (" + in +
                                   ")) ORDER BY created_at DESC, id DESC LIMIT ?",
                               p))
    out.push_back(to_award(r));
  return out;
}

std::vector<LogEntry> log_of(db::Connection& c, const std::vector<std::int64_t>& org_ids, int limit) {
  std::vector<LogEntry> out;
  if (org_ids.empty()) return out;
  db::Params p;
  auto in = db::in_list(org_ids, p);
  p.emplace_back(limit);
  for (const auto& r : c.query("SELECT l.public_id, l.action, u.display_name, l.reason, l.title, l.created_at FROM award_log l "
                               "LEFT JOIN users u ON u.id = l.actor_id WHERE l.award_id IN (SELECT award_id FROM "
                               "award_issuers WHERE org_id IN (" + in +
                                   ")) ORDER BY l.created_at DESC, l.id DESC LIMIT ?",
                               p))
    out.push_back({r.str(0), r.str(1), r.str(2), r.str(3), r.str(4), r.i64(5)});
  return out;
}

std::int64_t failed_lookups(db::Connection& c, const std::string& client, std::int64_t since) {
  return c.one("SELECT COUNT(*) FROM credential_lookups WHERE client = ? AND created_at >= ?", {client, since})->i64(0);
}

void record_failed_lookup(db::Connection& c, const std::string& client, std::int64_t now, std::int64_t window) {
  c.exec("DELETE FROM credential_lookups WHERE client = ? AND created_at < ?", {client, now - window});
  c.exec("INSERT INTO credential_lookups (client, created_at) VALUES (?, ?)", {client, now});
}

SigningKey current_key(db::Connection& c) {
  auto r = c.one(std::string(kKeyFields) + "ORDER BY generation DESC LIMIT 1");
  if (!r) {
    add_key(c, 1);
    r = c.one(std::string(kKeyFields) + "ORDER BY generation DESC LIMIT 1");
  }
  return to_key(*r);
}

std::vector<SigningKey> all_keys(db::Connection& c) {
  return db::read_all(c.query(std::string(kKeyFields) + "ORDER BY generation"), to_key);
}

SigningKey rotate_key(db::Connection& c) {
  auto latest = current_key(c);
  add_key(c, latest.generation + 1);
  return current_key(c);
}

}  // namespace cityskills::credentials::store

namespace cityskills::credentials {

// The api's entry point lives with the store (not the pages), so that features and tools that
// award without serving pages link only this.
std::int64_t award(db::Connection& c, std::int64_t user_id, const Achievement& a) { return store::award(c, user_id, a); }

}  // namespace cityskills::credentials
