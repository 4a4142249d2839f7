#include "features/sso/oidc.hpp"
#include "features/sso/json_fields.hpp"

#include <curl/curl.h>

#include <boost/json.hpp>

#include <memory>
#include <vector>

#include "http/url.hpp"
#include "util/base64.hpp"
#include "web/validate.hpp"

namespace cityskills::sso {
namespace {

namespace json = boost::json;

constexpr std::size_t kMaxBody = 512 * 1024;  // a discovery document or key set is a few KiB
constexpr long kTimeoutMs = 8000;

struct Reply {
  long status = 0;
  std::string body;
};

std::size_t collect(char* data, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() + size * n > kMaxBody) return 0;  // aborts the transfer
  out->append(data, size * n);
  return size * n;
}

// One request: no redirects followed, http(s) only, bounded in time and size. Throws
// Failure "sso.error.unreachable" when no answer came.
Reply fetch(const std::string& url, const std::vector<std::string>& headers, const std::string* form = nullptr) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) throw Failure("sso.error.unreachable", "curl_easy_init failed");
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> owned(list, curl_slist_free_all);
  Reply r;
  char err[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, kTimeoutMs);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 4000L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "cityskills-sso");
  if (form) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form->c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(form->size()));
  }
  auto rc = curl_easy_perform(c);
  if (rc != CURLE_OK) throw Failure("sso.error.unreachable", url + ": " + (err[0] ? err : curl_easy_strerror(rc)));
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  return r;
}

std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + http::percent_encode(k) + "=" + http::percent_encode(v);
  return out;
}

}  // namespace

bool acceptable_issuer(std::string_view url) {
  if (!web::is_http_url(url) || url.find('?') != std::string_view::npos || url.find('#') != std::string_view::npos)
    return false;
  if (url.starts_with("https://")) return true;
  for (std::string_view host : {"http://127.0.0.1:", "http://127.0.0.1/", "http://localhost:", "http://localhost/",
                                "http://[::1]:", "http://[::1]/"})
    if (url.starts_with(host)) return true;
  return url == "http://127.0.0.1" || url == "http://localhost";
}

bool acceptable_endpoint(std::string_view url) {
  if (!web::is_http_url(url) || url.find('#') != std::string_view::npos) return false;
  auto end = url.find_first_of("/?", url.find("://") + 3);
  auto origin = url.substr(0, end == std::string_view::npos ? url.size() : end);
  return acceptable_issuer(origin);
}

Discovery discover(const std::string& issuer) {
  auto base = issuer;
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto url = base + "/.well-known/openid-configuration";
  auto r = fetch(url, {"Accept: application/json"});
  if (r.status != 200) throw Failure("sso.error.discovery", url + " answered " + std::to_string(r.status));
  auto doc = parse_object(r.body);
  if (!doc) throw Failure("sso.error.discovery", url + ": not a JSON object");
  Discovery d;
  d.issuer = str(*doc, "issuer");
  d.authorization_endpoint = str(*doc, "authorization_endpoint");
  d.token_endpoint = str(*doc, "token_endpoint");
  d.jwks_uri = str(*doc, "jwks_uri");
  d.userinfo_endpoint = str(*doc, "userinfo_endpoint");
  d.end_session_endpoint = str(*doc, "end_session_endpoint");
  // OpenID Connect Discovery 1.0, section 4.3: the issuer must be the one asked for.
  if (d.issuer != issuer) throw Failure("sso.error.discovery", url + ": names issuer " + d.issuer.substr(0, 200));
  // Every endpoint under the issuer's rule: https, or plain http only on this machine.
  for (const auto* u : {&d.authorization_endpoint, &d.token_endpoint, &d.jwks_uri})
    if (!acceptable_endpoint(*u))
      throw Failure("sso.error.discovery", url + ": an endpoint is missing or neither https nor loopback http");
  for (const auto* u : {&d.userinfo_endpoint, &d.end_session_endpoint})
    if (!u->empty() && !acceptable_endpoint(*u))
      throw Failure("sso.error.discovery", url + ": an optional endpoint is neither https nor loopback http");
  if (auto* methods = doc->if_contains("code_challenge_methods_supported"); methods && methods->is_array()) {
    bool s256 = false;
    for (const auto& m : methods->as_array()) s256 = s256 || (m.is_string() && m.as_string() == "S256");
    if (!s256) throw Failure("sso.error.discovery", url + ": PKCE S256 not offered");
  }
  return d;
}

std::string fetch_jwks(const Discovery& d) {
  auto r = fetch(d.jwks_uri, {"Accept: application/json, application/jwk-set+json"});
  if (r.status != 200 || !parse_object(r.body)) throw Failure("sso.error.discovery", d.jwks_uri + ": no key set");
  return r.body;
}

Tokens redeem_code(const Discovery& d, const std::string& client_id, const std::string& client_secret,
                   const std::string& code, const std::string& redirect_uri, const std::string& verifier) {
  auto body = form_encode({{"grant_type", "authorization_code"},
                           {"code", code},
                           {"redirect_uri", redirect_uri},
                           {"code_verifier", verifier}});
  // RFC 6749 section 2.3.1: id and secret form-encoded before they are joined.
  auto basic = util::base64(http::percent_encode(client_id) + ":" + http::percent_encode(client_secret));
  auto r = fetch(d.token_endpoint,
                 {"Accept: application/json", "Content-Type: application/x-www-form-urlencoded",
                  "Authorization: Basic " + basic},
                 &body);
  // A provider that is down or failing is not a refused code: the person is told to try later.
  if (r.status >= 500 || r.status == 429)
    throw Failure("sso.error.unreachable", d.token_endpoint + " answered " + std::to_string(r.status));
  auto doc = parse_object(r.body);
  if (r.status != 200 || !doc) {
    auto error = doc ? str(*doc, "error") : std::string();
    throw Failure("sso.error.code_refused", d.token_endpoint + " answered " + std::to_string(r.status) + " " +
                                                error.substr(0, 60), 400);
  }
  Tokens t{str(*doc, "id_token"), str(*doc, "access_token")};
  if (t.id_token.empty()) throw Failure("sso.error.token", d.token_endpoint + ": no id_token");
  return t;
}

json::object userinfo(const Discovery& d, const std::string& access_token) {
  if (d.userinfo_endpoint.empty() || access_token.empty()) return {};
  auto r = fetch(d.userinfo_endpoint, {"Accept: application/json", "Authorization: Bearer " + access_token});
  if (r.status != 200) return {};
  auto doc = parse_object(r.body);
  return doc ? *doc : json::object{};
}

}  // namespace cityskills::sso
