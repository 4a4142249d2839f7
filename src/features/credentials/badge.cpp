#include "features/credentials/badge.hpp"

#include <sodium.h>

#include <boost/json.hpp>
#include <cctype>
#include <cstring>
#include <stdexcept>
#include <optional>

#include "features/orgs/branding.hpp"
#include "util/base64.hpp"
#include "util/gzip.hpp"
#include "util/strings.hpp"

namespace cityskills::credentials {
namespace {

namespace json = boost::json;

const char* achievement_type(const std::string& kind) {
  if (kind == "course") return "Course";
  if (kind == "path") return "LearningProgram";
  if (kind == "qualification") return "Certificate";
  return "Achievement";
}

json::object public_jwk(const SigningKey& k) {
  return {{"kty", "OKP"}, {"crv", "Ed25519"}, {"x", base64url(k.public_key)}, {"kid", k.kid}, {"use", "sig"}, {"alg", "EdDSA"}};
}

// An Open Badges Image object: the picture's address and a caption.
json::object image(const std::string& url, const std::string& caption) {
  return {{"id", url}, {"type", "Image"}, {"caption", caption}};
}

std::string did_of(const std::string& base_url) {
  // did:web: the host (a port's colon percent-encoded), then the path segments joined by ':'.
  auto rest = base_url.substr(base_url.find("://") + 3);
  std::string did = "did:web:";
  for (char ch : rest) {
    if (ch == ':') did += "%3A";
    else if (ch == '/') did += ':';
    else did += ch;
  }
  return did;
}

}  // namespace

std::string base64url(std::string_view bytes) { return util::base64url(bytes); }

std::string credential_json(const Award& a, const std::string& base_url, const std::string& issuer_name) {
  json::array alignment;
  for (const auto& [code, band] : a.competences) {
    json::object al{{"type", json::array{"Alignment"}},
                    {"targetName", "DigComp 2.2 " + code},
                    {"targetUrl", "https://publications.jrc.ec.europa.eu/repository/handle/JRC128415"},
                    {"targetCode", code},
                    {"targetFramework", "DigComp 2.2"},
                    {"targetType", "ceasn:Competency"}};
    if (!band.empty()) al["targetDescription"] = band;
    alignment.push_back(std::move(al));
  }
  json::array creators;
  for (const auto& i : a.issuers) {
    json::object creator{{"id", base_url + "/credentials/organisations/" + std::to_string(i.org_id)},
                         {"type", json::array{"Profile"}},
                         {"name", i.name}};
    // The logo the award was given with (its address never changes to another image).
    if (i.logo_id) creator["image"] = image(base_url + orgs::logo_path(i.org_id, *i.logo_id), i.name);
    creators.push_back(std::move(creator));
  }
  json::object achievement{
      {"id", base_url + "/credentials/achievements/" + a.kind + "/" + std::to_string(a.subject_id)},
      {"type", json::array{"Achievement"}},
      {"achievementType", achievement_type(a.kind)},
      {"name", a.title},
      {"description", a.description.empty() ? a.title : a.description},
      {"criteria", json::object{{"narrative", a.title}}},
      {"inLanguage", a.lang}};
  if (!alignment.empty()) achievement["alignment"] = std::move(alignment);
  if (!creators.empty()) achievement["creator"] = creators.front();
  json::object subject{{"type", json::array{"AchievementSubject"}},
                       {"identifier", json::array{json::object{{"type", "IdentityObject"},
                                                               {"identityHash", a.recipient_name},
                                                               {"identityType", "name"},
                                                               {"hashed", false}}}},
                       {"achievement", std::move(achievement)}};
  json::object vc{
      {"@context", json::array{"https://www.w3.org/ns/credentials/v2",
                               "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}},
      {"id", base_url + "/verify/" + a.public_id},
      {"type", json::array{"VerifiableCredential", "OpenBadgeCredential"}},
      {"issuer", json::object{{"id", base_url + "/credentials/issuer"}, {"type", json::array{"Profile"}}, {"name", issuer_name}}},
      {"validFrom", util::iso8601_utc(a.achieved_at)},
      {"name", a.title},
      {"credentialSubject", std::move(subject)}};
  if (a.expires_at) vc["validUntil"] = util::iso8601_utc(*a.expires_at);
  auto list = base_url + "/credentials/status/" + std::to_string(a.id / kStatusListBits);
  auto index = std::to_string(a.id % kStatusListBits);
  vc["credentialStatus"] = json::object{{"id", list + "#" + index},
                                        {"type", "BitstringStatusListEntry"},
                                        {"statusPurpose", "revocation"},
                                        {"statusListIndex", index},
                                        {"statusListCredential", list}};
  return json::serialize(vc);
}

namespace {

std::string sign(const json::object& header, const json::object& payload, const SigningKey& key) {
  auto signing_input = base64url(json::serialize(header)) + "." + base64url(json::serialize(payload));
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(),
                       reinterpret_cast<const unsigned char*>(key.secret_key.data()));
  return signing_input + "." + base64url(std::string_view(reinterpret_cast<char*>(sig), sizeof sig));
}

}  // namespace

std::string status_list_jwt(std::int64_t list, const std::vector<std::int64_t>& revoked, const std::string& base_url,
                            const std::string& issuer_name, const SigningKey& key) {
  std::string bits(kStatusListBits / 8, '\0');
  for (auto id : revoked) {
    if (id / kStatusListBits != list) continue;
    auto i = id % kStatusListBits;  // bit 0 is the first byte's most significant bit
    bits[static_cast<std::size_t>(i / 8)] = static_cast<char>(bits[static_cast<std::size_t>(i / 8)] | (0x80 >> (i % 8)));
  }
  auto url = base_url + "/credentials/status/" + std::to_string(list);
  json::object payload{
      {"@context", json::array{"https://www.w3.org/ns/credentials/v2"}},
      {"id", url},
      {"type", json::array{"VerifiableCredential", "BitstringStatusListCredential"}},
      {"issuer", json::object{{"id", base_url + "/credentials/issuer"}, {"type", json::array{"Profile"}}, {"name", issuer_name}}},
      {"credentialSubject", json::object{{"id", url + "#list"},
                                         {"type", "BitstringStatusList"},
                                         {"statusPurpose", "revocation"},
                                         {"encodedList", "u" + base64url(util::gzip(bits, 9))}}},
      {"iss", base_url + "/credentials/issuer"},
      {"jti", url}};
  return sign(json::object{{"alg", "EdDSA"}, {"typ", "vc+jwt"}, {"cty", "vc"}, {"kid", key.kid}}, payload, key);
}

std::string credential_jwt(const Award& a, const std::string& base_url, const std::string& issuer_name,
                           const SigningKey& key) {
  json::object header{{"alg", "EdDSA"}, {"typ", "vc+jwt"}, {"cty", "vc"}, {"kid", key.kid}};
  auto payload = json::parse(credential_json(a, base_url, issuer_name)).as_object();
  // JWT claims mirroring the credential, for verifiers that read only those.
  payload["iss"] = base_url + "/credentials/issuer";
  payload["jti"] = base_url + "/verify/" + a.public_id;
  payload["iat"] = a.achieved_at;
  payload["nbf"] = a.achieved_at;
  if (a.expires_at) payload["exp"] = *a.expires_at;
  return sign(header, payload, key);
}

std::string jwks_json(const std::vector<SigningKey>& keys) {
  json::array list;
  for (const auto& k : keys) list.push_back(public_jwk(k));
  return json::serialize(json::object{{"keys", std::move(list)}});
}

std::string issuer_json(const std::string& base_url, const std::string& issuer_name, const std::vector<SigningKey>& keys) {
  json::array methods;
  for (const auto& k : keys)
    methods.push_back(json::object{{"id", base_url + "/credentials/issuer#" + k.kid},
                                   {"type", "JsonWebKey"},
                                   {"controller", base_url + "/credentials/issuer"},
                                   {"publicKeyJwk", public_jwk(k)}});
  return json::serialize(json::object{
      {"@context", json::array{"https://www.w3.org/ns/credentials/v2",
                               "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}},
      {"id", base_url + "/credentials/issuer"},
      {"type", json::array{"Profile"}},
      {"name", issuer_name},
      {"url", base_url + "/"},
      {"jwks_uri", base_url + "/.well-known/jwks.json"},
      {"verificationMethod", std::move(methods)}});
}

std::string organisation_json(const std::string& base_url, std::int64_t org_id, const std::string& name,
                              const std::string& website, const std::string& image_url) {
  json::object profile{{"@context", json::array{"https://www.w3.org/ns/credentials/v2",
                                                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"}},
                       {"id", base_url + "/credentials/organisations/" + std::to_string(org_id)},
                       {"type", json::array{"Profile"}},
                       {"name", name}};
  if (!website.empty()) profile["url"] = website;
  if (!image_url.empty()) profile["image"] = image(image_url, name);
  return json::serialize(profile);
}

std::string did_json(const std::string& base_url, const std::vector<SigningKey>& keys) {
  auto did = did_of(base_url);
  json::array methods, refs;
  for (const auto& k : keys) {
    methods.push_back(json::object{{"id", did + "#" + k.kid}, {"type", "JsonWebKey"}, {"controller", did},
                                   {"publicKeyJwk", public_jwk(k)}});
    refs.push_back(json::string(did + "#" + k.kid));
  }
  return json::serialize(json::object{{"@context", json::array{"https://www.w3.org/ns/did/v1"}},
                                      {"id", did},
                                      {"verificationMethod", std::move(methods)},
                                      {"assertionMethod", refs}});
}

namespace {

std::optional<json::object> decode_object(std::string_view text) {
  auto bytes = util::unbase64url(text);
  if (!bytes) return std::nullopt;
  boost::system::error_code ec;
  auto v = json::parse(*bytes, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return v.as_object();
}

std::string string_at(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  return it != o.end() && it->value().is_string() ? std::string(it->value().as_string()) : "";
}

}  // namespace

Checked check_jwt(std::string_view token, const std::vector<SigningKey>& keys, const std::string& base_url) {
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.front()))) token.remove_prefix(1);
  while (!token.empty() && std::isspace(static_cast<unsigned char>(token.back()))) token.remove_suffix(1);
  auto dot1 = token.find('.');
  auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos) return {};
  auto header = decode_object(token.substr(0, dot1));
  auto payload = decode_object(token.substr(dot1 + 1, dot2 - dot1 - 1));
  if (!header || !payload) return {};
  if (string_at(*header, "alg") != "EdDSA") return {Check::kUnsupported, ""};
  auto kid = string_at(*header, "kid");
  const SigningKey* key = nullptr;
  for (const auto& k : keys)
    if (k.kid == kid) key = &k;
  if (!key) return {Check::kUnknownKey, ""};
  auto signature = util::unbase64url(token.substr(dot2 + 1));
  auto signing_input = token.substr(0, dot2);
  if (!signature || signature->size() != crypto_sign_BYTES ||
      crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature->data()),
                                  reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(),
                                  reinterpret_cast<const unsigned char*>(key->public_key.data())) != 0)
    return {Check::kBadSignature, ""};
  auto prefix = base_url + "/verify/";
  auto id = string_at(*payload, "id");
  bool badge = false;
  if (auto it = payload->find("type"); it != payload->end() && it->value().is_array())
    for (const auto& t : it->value().as_array()) badge = badge || (t.is_string() && t.as_string() == "OpenBadgeCredential");
  if (!badge || string_at(*payload, "iss") != base_url + "/credentials/issuer" || !id.starts_with(prefix))
    return {Check::kForeign, ""};
  return {Check::kOk, id.substr(prefix.size())};
}

}  // namespace cityskills::credentials
