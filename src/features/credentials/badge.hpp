#pragma once
// Open Badges 3.0 credentials (W3C Verifiable Credentials data model 2.0, OpenBadgeCredential)
// secured as VC-JOSE JWTs: a compact JWS, alg EdDSA (Ed25519, libsodium), signed by the
// instance's own key (decision note 0016). The same award and key give the same bytes.
#include <cstdint>
#include <string>
#include <vector>

#include "features/credentials/model.hpp"

namespace cityskills::credentials {

// The credential of `a` as JSON; `base_url` is the instance's public address (no trailing /).
std::string credential_json(const Award& a, const std::string& base_url, const std::string& issuer_name);
// The credential signed with `key`: header.payload.signature, each base64url.
std::string credential_jwt(const Award& a, const std::string& base_url, const std::string& issuer_name,
                           const SigningKey& key);
// Revocation status lists (W3C Bitstring Status List): award id N is bit N % kStatusListBits of
// list N / kStatusListBits; the smallest size the specification allows, for herd privacy.
inline constexpr std::int64_t kStatusListBits = 131072;
// The status list credential `list` (a BitstringStatusListCredential, signed like the awards),
// with the bits of `revoked` (award ids inside this list) set.
std::string status_list_jwt(std::int64_t list, const std::vector<std::int64_t>& revoked, const std::string& base_url,
                            const std::string& issuer_name, const SigningKey& key);

// The public keys as a JWK set (RFC 7517), every generation, so rotated keys still verify.
std::string jwks_json(const std::vector<SigningKey>& keys);
// The issuer's Open Badges profile with its keys.
std::string issuer_json(const std::string& base_url, const std::string& issuer_name, const std::vector<SigningKey>& keys);
// An issuing organisation's Open Badges profile (the achievements' creator): its name, website
// and, with `image_url`, its logo as an Image object.
std::string organisation_json(const std::string& base_url, std::int64_t org_id, const std::string& name,
                              const std::string& website, const std::string& image_url);
// The issuer as a did:web document (for verifiers that resolve DIDs).
std::string did_json(const std::string& base_url, const std::vector<SigningKey>& keys);

std::string base64url(std::string_view bytes);

// What checking a presented credential found, before looking at the award's status.
enum class Check {
  kOk,            // signed by one of our keys, issued by this instance: `code` is set
  kMalformed,     // empty, binary, not a compact JWS, or its parts are not JSON
  kUnsupported,   // not signed with EdDSA (alg none, HMAC, RSA...)
  kUnknownKey,    // signed with a key this instance never had (another issuer, a forged key)
  kBadSignature,  // a byte of header, payload or signature was changed
  kForeign,       // validly signed but not an Open Badge of this instance
};
struct Checked {
  Check result = Check::kMalformed;
  std::string code;  // the verification code named by the credential
};
// Checks a VC-JOSE JWT against the instance's keys; never throws on bad input.
Checked check_jwt(std::string_view token, const std::vector<SigningKey>& keys, const std::string& base_url);

}  // namespace cityskills::credentials
