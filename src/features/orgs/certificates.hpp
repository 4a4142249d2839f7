#pragma once
// What an organisation puts on the certificates it issues: its logo and signatory, changed by
// its own administrators (and platform admins) on the organisation's page.
#include <map>
#include <string>

#include "web/forms.hpp"

namespace cityskills::orgs {

inline constexpr std::size_t kSignatoryNameMax = 100;
inline constexpr std::size_t kSignatoryRoleMax = 120;

// The signatory: a name (not translated) and a role per language. Both empty: no signatory.
struct SignatoryForm {
  std::string name;
  std::map<std::string, std::string> roles;  // language -> role, every language read
  void read(web::FormInput& in);
};
// A name needs a role in at least one language, and a role needs a name; each a single line of
// at most kSignatoryNameMax / kSignatoryRoleMax characters.
web::FormErrors check(const SignatoryForm& form);

struct Organisation;
// The organisation's page (routes.cpp) with these errors and, when given, the signatory as entered.
http::Response organisation_page(web::Ctx& ctx, const Organisation& o, const web::FormErrors& errors, int status,
                                 const SignatoryForm* entered);

void register_certificate_routes(web::App& app);

}  // namespace cityskills::orgs
