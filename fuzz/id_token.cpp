// The ID-token check of single sign-on (sso::verify_id_token) on hostile tokens and key sets:
// the input's first line is the token, the rest the provider's JWKS. A token is accepted only
// with RS256 or ES256 and only when it verifies against a key of the set, and then its claims
// name the expected issuer, audience and nonce.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/json.hpp>

#include "common.hpp"
#include "features/sso/jwt.hpp"

using namespace cityskills;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto line = input.find('\n');
  auto token = input.substr(0, line);
  auto jwks = line == std::string_view::npos ? std::string_view(R"({"keys":[]})") : input.substr(line + 1);
  sso::Expectations e{"https://id.example.it", "cityskills", "n-1", 1'800'000'000};
  auto r = sso::verify_id_token(token, jwks, e);
  if (r.error != sso::TokenError::kNone) {
    fuzz::require(r.claims.empty(), "a refused token yields no claims");
    fuzz::require(sso::error_key(r.error).starts_with("sso.error."), "refusal names a translation key");
    return 0;
  }
  fuzz::require(line != std::string_view::npos, "nothing verifies against an empty key set");
  fuzz::require(r.claims.at("iss").as_string() == e.issuer, "accepted tokens name the issuer");
  fuzz::require(r.claims.at("nonce").as_string() == e.nonce, "accepted tokens carry the nonce");
  return 0;
}
