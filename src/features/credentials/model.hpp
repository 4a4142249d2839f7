#pragma once
// Plain data of awards.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cityskills::credentials {

// An issuing organisation as it was when the award was given: its name, logo and signatory
// (decision note 0022), so later changes never alter a certificate already issued.
struct Issuer {
  std::int64_t org_id = 0;
  std::string name;
  std::optional<std::int64_t> logo_id;  // a media row the organisation has or had as its logo
  std::string signatory_name, signatory_role;
};

struct Award {
  std::int64_t id = 0, user_id = 0, subject_id = 0;
  std::string public_id, kind, recipient_name, lang, title, description, evidence_json;
  std::vector<std::pair<std::string, std::string>> competences;
  std::vector<Issuer> issuers;
  std::int64_t achieved_at = 0;
  std::optional<std::int64_t> expires_at, revoked_at;
  std::string revoke_reason;
  bool is_private = false;
};

enum class Status { kValid, kExpired, kRevoked };

// Revocation wins over expiry: a revoked award says so whatever its date.
inline Status status_at(const Award& a, std::int64_t now) {
  if (a.revoked_at) return Status::kRevoked;
  if (a.expires_at && *a.expires_at <= now) return Status::kExpired;
  return Status::kValid;
}

struct LogEntry {
  std::string public_id, action, actor_name, reason, title;
  std::int64_t created_at = 0;
};

// The instance's signing key.
struct SigningKey {
  int generation = 0;
  std::string kid, public_key, secret_key;  // raw bytes
};

}  // namespace cityskills::credentials
