#pragma once
// Talking to an OpenID provider over HTTP (libcurl): its discovery document, its key set, the
// token endpoint and the userinfo endpoint. Every failure is a thrown `Failure` naming what
// went wrong in words the person can read (a translation key) and in the log.
#include <boost/json/object.hpp>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace cityskills::sso {

struct Failure : std::runtime_error {
  Failure(std::string key, const std::string& detail, int status = 502)
      : std::runtime_error(detail), key(std::move(key)), status(status) {}
  std::string key;  // translation key shown to the person
  int status;
};

struct Discovery {
  std::string issuer, authorization_endpoint, token_endpoint, jwks_uri, userinfo_endpoint, end_session_endpoint;
};

// GETs `<issuer>/.well-known/openid-configuration` and checks it: the issuer it names is the
// configured one, the endpoints are http(s) addresses, S256 is offered when methods are listed.
// Failure "sso.error.unreachable" or "sso.error.discovery".
Discovery discover(const std::string& issuer);
// The provider's key set as JSON text (Failure "sso.error.unreachable" / "sso.error.discovery").
std::string fetch_jwks(const Discovery& d);

struct Tokens {
  std::string id_token, access_token;
};
// Exchanges the code at the token endpoint (client_secret_basic, with the PKCE verifier).
// Failure "sso.error.code_refused" when the provider refuses the code (used, expired, another
// client's), "sso.error.unreachable" when it cannot be reached.
Tokens redeem_code(const Discovery& d, const std::string& client_id, const std::string& client_secret,
                   const std::string& code, const std::string& redirect_uri, const std::string& verifier);
// The userinfo claims for the access token; empty when the provider has no such endpoint or
// answers with anything but a JSON object.
boost::json::object userinfo(const Discovery& d, const std::string& access_token);

// Whether `url` may name a provider: https, or http on a loopback host (development and tests).
bool acceptable_issuer(std::string_view url);
// An endpoint named by discovery: the same rule for its origin (https, or http on loopback).
bool acceptable_endpoint(std::string_view url);

}  // namespace cityskills::sso
