#include "features/orgs/forms.hpp"

#include "features/accounts/model.hpp"
#include "util/strings.hpp"
#include "web/validate.hpp"

namespace cityskills::orgs {
namespace {

// 2 to 60 of a-z, 0-9 and '-', neither starting nor ending with '-'.
bool valid_slug(std::string_view s) {
  if (s.size() < 2 || s.size() > 60) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  return s.front() != '-' && s.back() != '-';
}

}  // namespace

void OrgForm::read(web::FormInput& in) {
  name = in.trimmed("name");
  slug = util::to_lower(in.trimmed("slug"));
  kind = in.text("kind");
  country = in.text("country");
  website = in.trimmed("website");
}

Organisation OrgForm::organisation() const {
  Organisation o;
  o.name = name;
  o.slug = slug;
  o.kind = kind;
  o.country = country;
  o.website = website;
  return o;
}

web::FormErrors check(const OrgForm& form) {
  web::FormErrors errors;
  if (auto e = web::check_name(form.name, 200)) errors.add("name", *e);
  if (!valid_slug(form.slug)) errors.add("slug", "orgs.validation.slug");
  web::check_choice(errors, "kind", form.kind, kKinds);
  web::check_choice(errors, "country", form.country, accounts::kCountries);
  web::check_url(errors, "website", form.website, false);
  return errors;
}

void MemberForm::read(web::FormInput& in) {
  email = util::to_lower(in.trimmed("email"));
  role = in.text("role");
}

web::FormErrors check(const MemberForm& form, bool account_found) {
  web::FormErrors errors;
  web::check_choice(errors, "role", form.role, accounts::kRoles);
  if (!account_found) errors.add("member_email", "orgs.validation.no_such_user");
  return errors;
}

}  // namespace cityskills::orgs
