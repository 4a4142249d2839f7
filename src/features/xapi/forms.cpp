#include "features/xapi/forms.hpp"

#include <algorithm>

#include "web/secure_url.hpp"
#include "web/validate.hpp"

namespace cityskills::xapi {
namespace {

bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) { return ch > 0x20 && ch < 0x7f; });
}

}  // namespace

void SettingsForm::read(web::FormInput& in) {
  endpoint = in.trimmed("endpoint");
  auth_key = in.trimmed("auth_key");
  auth_secret = in.text("auth_secret");
  enabled = in.flag("enabled");
}

web::FormErrors check(const SettingsForm& f, bool secret_stored) {
  web::FormErrors e;
  if (f.endpoint.empty()) {
    if (f.enabled) e.add("endpoint", "xapi.admin.endpoint_required");
  } else if (!web::is_http_url(f.endpoint) || f.endpoint.find_first_of("?#") != std::string::npos) {
    e.add("endpoint", "xapi.admin.endpoint_invalid");
  } else if (!web::is_secure_or_loopback_url(f.endpoint)) {
    e.add("endpoint", "xapi.admin.endpoint_insecure");
  }
  // Basic authentication: the key may not hold a colon (it ends the user name).
  if (f.auth_key.empty()) {
    if (f.enabled) e.add("auth_key", "xapi.admin.key_required");
  } else if (f.auth_key.size() > 200 || !printable_ascii(f.auth_key) || f.auth_key.find(':') != std::string::npos) {
    e.add("auth_key", "xapi.admin.key_invalid");
  }
  if (f.auth_secret.empty()) {
    if (f.enabled && !secret_stored) e.add("auth_secret", "xapi.admin.secret_required");
  } else if (f.auth_secret.size() > 500 || !printable_ascii(f.auth_secret)) {
    e.add("auth_secret", "xapi.admin.secret_invalid");
  }
  return e;
}

}  // namespace cityskills::xapi
