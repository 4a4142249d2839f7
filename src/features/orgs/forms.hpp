#pragma once
// The organisation forms of the platform administration: an organisation and a member's role.
// Each reads its fields once (which makes them the form's allow-list); the checks are pure —
// whether the address belongs to an account comes in as plain data — and unit-tested without
// a server. (The certificate signatory's form is in certificates.hpp.)
#include <string>

#include "features/orgs/store.hpp"
#include "web/forms.hpp"

namespace cityskills::orgs {

struct OrgForm {
  std::string name;
  std::string slug;  // trimmed and in lower case
  std::string kind, country, website;
  void read(web::FormInput& in);
  // The organisation as entered (no id: the handler's).
  Organisation organisation() const;
};
web::FormErrors check(const OrgForm& form);

// A role given to the person with an address.
struct MemberForm {
  std::string email;  // trimmed and in lower case
  std::string role;
  void read(web::FormInput& in);
};
// `account_found`: whether the address belongs to an account (its error is on "member_email").
web::FormErrors check(const MemberForm& form, bool account_found);

}  // namespace cityskills::orgs
