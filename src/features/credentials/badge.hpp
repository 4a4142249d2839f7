#pragma once
// Open Badges 3.0 credentials (W3C Verifiable Credentials data model 2.0, OpenBadgeCredential)
// secured as VC-JOSE JWTs: a compact JWS, alg EdDSA (Ed25519, libsodium), signed by the
// instance's own key (decision note 0016). The same award and key give the same bytes.
#include <string>
#include <vector>

#include "features/credentials/model.hpp"

namespace cityskills::credentials {

// The credential of `a` as JSON; `base_url` is the instance's public address (no trailing /).
std::string credential_json(const Award& a, const std::string& base_url, const std::string& issuer_name);
// The credential signed with `key`: header.payload.signature, each base64url.
std::string credential_jwt(const Award& a, const std::string& base_url, const std::string& issuer_name,
                           const SigningKey& key);
// The public keys as a JWK set (RFC 7517), every generation, so rotated keys still verify.
std::string jwks_json(const std::vector<SigningKey>& keys);
// The issuer's Open Badges profile with its keys.
std::string issuer_json(const std::string& base_url, const std::string& issuer_name, const std::vector<SigningKey>& keys);
// The issuer as a did:web document (for verifiers that resolve DIDs).
std::string did_json(const std::string& base_url, const std::vector<SigningKey>& keys);

std::string base64url(std::string_view bytes);

}  // namespace cityskills::credentials
