#pragma once
// The ID token's checks, pure and without the network (unit-tested alone): a compact JWS whose
// signature verifies against a key of the provider's JWKS, with RS256 or ES256 only (`none`
// and the HMAC algorithms are refused, so a public key is never taken for a shared secret),
// then the claims: issuer, audience and authorised party, nonce, expiry and issue time within
// a bounded clock skew.
#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace cityskills::sso {

struct Expectations {
  std::string issuer;     // the configured issuer, compared byte for byte
  std::string client_id;  // must be an audience (and the authorised party when one is named)
  std::string nonce;      // the one sent with this sign-in
  std::int64_t now = 0;
  std::int64_t skew = 120;     // seconds of clock difference tolerated either way
  std::int64_t max_age = 600;  // a token issued longer ago than this is stale
};

enum class TokenError {
  kNone,
  kMalformed,    // not three base64url parts of JSON, or too large
  kAlgorithm,    // `none`, HMAC or another algorithm than RS256/ES256
  kUnknownKey,   // no key of the set for this algorithm and key id
  kSignature,    // the signature does not verify
  kIssuer,
  kAudience,     // client not among the audiences, or another authorised party
  kNonce,
  kExpired,      // exp passed, or issued too long ago
  kNotYetValid,  // iat or nbf in the future beyond the skew
  kSubject,      // no usable `sub`
};

struct TokenResult {
  TokenError error = TokenError::kNone;
  boost::json::object claims;  // set when error is kNone
};

TokenResult verify_id_token(std::string_view jwt, std::string_view jwks_json, const Expectations& e);
// The translation key that tells the person (and the log) what was wrong.
std::string_view error_key(TokenError e);
std::string_view error_name(TokenError e);

// base64url without padding, as JWS and PKCE use it.
std::string base64url(std::string_view bytes);
// PKCE S256: BASE64URL(SHA-256(verifier)).
std::string pkce_challenge(std::string_view verifier);

}  // namespace cityskills::sso
