#pragma once
// The provider form of the administration pages: fields named once, `check` pure.
#include <optional>
#include <string>
#include <vector>

#include "web/form_input.hpp"
#include "web/forms.hpp"

namespace cityskills::sso {

struct ProviderForm {
  std::string name, issuer, client_id, client_secret, scopes, claim_name, claim_email, claim_org, claim_role, org;
  void read(web::FormInput& in);
};

// `secret_required`: a new provider needs one; an existing one keeps its secret when the
// field is left empty. `org_ids`: the organisations that exist.
web::FormErrors check(const ProviderForm& f, bool secret_required, const std::vector<std::int64_t>& org_ids);
// The scopes as stored: single spaces, "openid" first and once.
std::string normalised_scopes(const std::string& scopes);

}  // namespace cityskills::sso
