#include "features/sso/forms.hpp"

#include <algorithm>

#include "features/sso/oidc.hpp"
#include "util/strings.hpp"

namespace cityskills::sso {
namespace {

bool token_chars(std::string_view s, std::string_view extra) {
  return std::all_of(s.begin(), s.end(), [&](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           extra.find(ch) != std::string_view::npos;
  });
}

bool printable_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char ch) { return ch > 0x20 && ch < 0x7f; });
}

void check_claim(web::FormErrors& e, const std::string& field, const std::string& value, bool required) {
  if (value.empty()) {
    if (required) e.add(field, "sso.admin.claim_required");
    return;
  }
  if (value.size() > 100 || !token_chars(value, "_-.:/")) e.add(field, "sso.admin.claim_invalid");
}

}  // namespace

void ProviderForm::read(web::FormInput& in) {
  name = in.trimmed("name");
  issuer = in.trimmed("issuer");
  client_id = in.trimmed("client_id");
  client_secret = in.text("client_secret");
  scopes = in.trimmed("scopes");
  claim_name = in.trimmed("claim_name");
  claim_email = in.trimmed("claim_email");
  claim_org = in.trimmed("claim_org");
  claim_role = in.trimmed("claim_role");
  org = in.trimmed("org_id");
}

std::string normalised_scopes(const std::string& scopes) {
  std::string out = "openid";
  for (auto s : util::split(scopes, ' ')) {
    if (s.empty() || s == "openid") continue;
    if ((" " + out + " ").find(" " + std::string(s) + " ") != std::string::npos) continue;
    out += " " + std::string(s);
  }
  return out;
}

web::FormErrors check(const ProviderForm& f, bool secret_required, const std::vector<std::int64_t>& org_ids) {
  web::FormErrors e;
  web::check_text(e, "name", f.name, 80, "validation.text.too_long");
  if (f.issuer.empty()) e.add("issuer", "sso.admin.issuer_required");
  else if (!acceptable_issuer(f.issuer)) e.add("issuer", "sso.admin.issuer_invalid");
  if (f.client_id.empty()) e.add("client_id", "sso.admin.client_id_required");
  else if (f.client_id.size() > 200 || !printable_ascii(f.client_id)) e.add("client_id", "sso.admin.client_id_invalid");
  if (f.client_secret.empty()) {
    if (secret_required) e.add("client_secret", "sso.admin.secret_required");
  } else if (f.client_secret.size() > 500 || !printable_ascii(f.client_secret)) {
    e.add("client_secret", "sso.admin.secret_invalid");
  }
  if (f.scopes.size() > 300 || !token_chars(f.scopes, " _-.:/")) e.add("scopes", "sso.admin.scopes_invalid");
  check_claim(e, "claim_name", f.claim_name, true);
  check_claim(e, "claim_email", f.claim_email, true);
  check_claim(e, "claim_org", f.claim_org, false);
  check_claim(e, "claim_role", f.claim_role, false);
  if (!f.org.empty()) {
    auto id = util::parse_id(f.org);
    if (!id || std::find(org_ids.begin(), org_ids.end(), *id) == org_ids.end()) e.add("org_id", "validation.choice.invalid");
  }
  return e;
}

}  // namespace cityskills::sso
