// ID-token verification with OpenSSL 3 (EVP): keys built from the JWK parameters, RS256 as
// RSASSA-PKCS1-v1_5 with SHA-256 (keys of 2048 bits or more), ES256 as ECDSA on P-256 with the
// JWS raw r||s signature turned into DER.
#include "features/sso/jwt.hpp"
#include "features/sso/json_fields.hpp"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <sodium.h>

#include <cmath>

#include <boost/json.hpp>

#include <memory>
#include <optional>
#include <vector>

#include "util/base64.hpp"

namespace cityskills::sso {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxToken = 16 * 1024;

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
  void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
  void operator()(OSSL_PARAM_BLD* p) const { OSSL_PARAM_BLD_free(p); }
  void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
  void operator()(BIGNUM* p) const { BN_free(p); }
  void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
template <class T>
using Owned = std::unique_ptr<T, Free>;

using util::unbase64url;

std::optional<std::int64_t> number(const json::object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() < (1ULL << 62)) return static_cast<std::int64_t>(v->as_uint64());
  // A double only when it is a whole number in range: converting NaN, an infinity or a huge
  // value to an integer is undefined behaviour.
  if (v->is_double()) {
    double d = v->as_double();
    if (!std::isfinite(d) || d != std::trunc(d) || d < -9.0e15 || d > 9.0e15) return std::nullopt;
    return static_cast<std::int64_t>(d);
  }
  return std::nullopt;
}

Owned<BIGNUM> bignum(const std::string& bytes) {
  return Owned<BIGNUM>(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr));
}

Owned<EVP_PKEY> from_params(const char* type, OSSL_PARAM_BLD* bld) {
  Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(bld));
  Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
      EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
    return nullptr;
  return Owned<EVP_PKEY>(key);
}

Owned<EVP_PKEY> rsa_key(const json::object& jwk) {
  auto n = unbase64url(str(jwk, "n")), e = unbase64url(str(jwk, "e"));
  if (!n || !e || n->empty() || e->empty()) return nullptr;
  auto bn_n = bignum(*n), bn_e = bignum(*e);
  Owned<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  if (!bn_n || !bn_e || !bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) ||
      !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()))
    return nullptr;
  auto key = from_params("RSA", bld.get());
  if (key && EVP_PKEY_get_bits(key.get()) < 2048) return nullptr;  // too weak to trust
  return key;
}

Owned<EVP_PKEY> ec_key(const json::object& jwk) {
  if (str(jwk, "crv") != "P-256") return nullptr;
  auto x = unbase64url(str(jwk, "x")), y = unbase64url(str(jwk, "y"));
  if (!x || !y || x->size() != 32 || y->size() != 32) return nullptr;
  std::string point = "\x04" + *x + *y;
  Owned<OSSL_PARAM_BLD> bld(OSSL_PARAM_BLD_new());
  static char group[] = "prime256v1";
  if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()))
    return nullptr;
  return from_params("EC", bld.get());  // a point off the curve is refused here
}

// JWS ES256 signatures are r||s (32 bytes each); OpenSSL verifies DER.
std::optional<std::string> ecdsa_der(const std::string& raw) {
  if (raw.size() != 64) return std::nullopt;
  Owned<ECDSA_SIG> sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  if (!sig || !r || !s || !ECDSA_SIG_set0(sig.get(), r, s)) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return std::nullopt;
  std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

bool verify_sha256(EVP_PKEY* key, std::string_view signed_part, const std::string& signature) {
  Owned<EVP_MD_CTX> md(EVP_MD_CTX_new());
  if (!md || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key) != 1) return false;
  return EVP_DigestVerify(md.get(), reinterpret_cast<const unsigned char*>(signature.data()), signature.size(),
                          reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size()) == 1;
}

// The keys of the set that could have made this signature: the algorithm's key type, for
// signing, with the header's key id when it names one.
TokenError check_signature(const std::string& alg, const std::string& kid, std::string_view jwks_json,
                           std::string_view signed_part, const std::string& signature) {
  auto jwks = parse_object(jwks_json);
  auto* keys = jwks ? jwks->if_contains("keys") : nullptr;
  if (!keys || !keys->is_array()) return TokenError::kUnknownKey;
  std::optional<std::string> der;
  if (alg == "ES256") {
    der = ecdsa_der(signature);
    if (!der) return TokenError::kSignature;
  }
  bool candidate = false;
  for (const auto& k : keys->as_array()) {
    if (!k.is_object()) continue;
    const auto& jwk = k.as_object();
    if (!kid.empty() && str(jwk, "kid") != kid) continue;
    if (auto use = str(jwk, "use"); !use.empty() && use != "sig") continue;
    if (auto a = str(jwk, "alg"); !a.empty() && a != alg) continue;
    auto kty = str(jwk, "kty");
    Owned<EVP_PKEY> key;
    if (alg == "RS256" && kty == "RSA") key = rsa_key(jwk);
    if (alg == "ES256" && kty == "EC") key = ec_key(jwk);
    if (!key) continue;
    candidate = true;
    if (verify_sha256(key.get(), signed_part, der ? *der : signature)) return TokenError::kNone;
  }
  return candidate ? TokenError::kSignature : TokenError::kUnknownKey;
}

bool audience_has(const json::object& claims, const std::string& client_id, std::size_t& count) {
  auto* aud = claims.if_contains("aud");
  count = 0;
  if (!aud) return false;
  if (aud->is_string()) {
    count = 1;
    return aud->as_string() == client_id;
  }
  if (!aud->is_array()) return false;
  bool found = false;
  for (const auto& a : aud->as_array()) {
    ++count;
    if (a.is_string() && a.as_string() == client_id) found = true;
  }
  return found;
}

TokenError check_claims(const json::object& claims, const Expectations& e) {
  if (str(claims, "iss") != e.issuer) return TokenError::kIssuer;
  std::size_t audiences = 0;
  if (!audience_has(claims, e.client_id, audiences)) return TokenError::kAudience;
  auto azp = str(claims, "azp");
  if ((audiences > 1 || claims.contains("azp")) && azp != e.client_id) return TokenError::kAudience;
  auto exp = number(claims, "exp"), iat = number(claims, "iat");
  if (!exp || !iat) return TokenError::kMalformed;
  if (*exp <= e.now - e.skew || *iat < e.now - e.max_age - e.skew) return TokenError::kExpired;
  if (*iat > e.now + e.skew) return TokenError::kNotYetValid;
  if (auto nbf = number(claims, "nbf"); nbf && *nbf > e.now + e.skew) return TokenError::kNotYetValid;
  auto nonce = str(claims, "nonce");
  if (e.nonce.empty() || nonce.size() != e.nonce.size() || sodium_memcmp(nonce.data(), e.nonce.data(), nonce.size()) != 0)
    return TokenError::kNonce;
  auto sub = str(claims, "sub");
  if (sub.empty() || sub.size() > 255) return TokenError::kSubject;
  return TokenError::kNone;
}

}  // namespace

TokenResult verify_id_token(std::string_view jwt, std::string_view jwks_json, const Expectations& e) {
  TokenResult out;
  out.error = TokenError::kMalformed;
  if (jwt.size() > kMaxToken) return out;
  auto dot1 = jwt.find('.');
  auto dot2 = dot1 == std::string_view::npos ? dot1 : jwt.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || jwt.find('.', dot2 + 1) != std::string_view::npos) return out;
  auto header_text = unbase64url(jwt.substr(0, dot1));
  auto payload_text = unbase64url(jwt.substr(dot1 + 1, dot2 - dot1 - 1));
  auto signature = unbase64url(jwt.substr(dot2 + 1));
  if (!header_text || !payload_text || !signature) return out;
  auto header = parse_object(*header_text);
  auto claims = parse_object(*payload_text);
  if (!header || !claims) return out;
  auto alg = str(*header, "alg");
  // Only asymmetric algorithms: `none` proves nothing, and HS256 "signed" with the provider's
  // public key would be forgeable by anyone who fetched the key set.
  if (alg != "RS256" && alg != "ES256") {
    out.error = TokenError::kAlgorithm;
    return out;
  }
  if (header->contains("crit")) return out;  // no extension is understood, so none may be critical
  out.error = check_signature(alg, str(*header, "kid"), jwks_json, jwt.substr(0, dot2), *signature);
  // A failed verification leaves OpenSSL's per-thread error queue filled: clear it, so that no
  // later, unrelated OpenSSL call on this thread reads a stale error.
  ERR_clear_error();
  if (out.error != TokenError::kNone) return out;
  out.error = check_claims(*claims, e);
  if (out.error == TokenError::kNone) out.claims = std::move(*claims);
  return out;
}

std::string_view error_name(TokenError e) {
  switch (e) {
    case TokenError::kNone: return "none";
    case TokenError::kMalformed: return "malformed";
    case TokenError::kAlgorithm: return "algorithm";
    case TokenError::kUnknownKey: return "unknown_key";
    case TokenError::kSignature: return "signature";
    case TokenError::kIssuer: return "issuer";
    case TokenError::kAudience: return "audience";
    case TokenError::kNonce: return "nonce";
    case TokenError::kExpired: return "expired";
    case TokenError::kNotYetValid: return "not_yet_valid";
    case TokenError::kSubject: return "subject";
  }
  return "unknown";
}

std::string_view error_key(TokenError e) {
  switch (e) {
    case TokenError::kIssuer: return "sso.error.issuer";
    case TokenError::kAudience: return "sso.error.audience";
    case TokenError::kNonce: return "sso.error.nonce";
    case TokenError::kExpired:
    case TokenError::kNotYetValid: return "sso.error.expired";
    case TokenError::kAlgorithm:
    case TokenError::kUnknownKey:
    case TokenError::kSignature: return "sso.error.signature";
    default: return "sso.error.token";
  }
}

std::string base64url(std::string_view bytes) { return util::base64url(bytes); }

std::string pkce_challenge(std::string_view verifier) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size());
  return base64url(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

}  // namespace cityskills::sso
