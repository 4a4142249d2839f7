#include "features/accounts/forms.hpp"

#include <algorithm>
#include <tuple>

#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "web/validate.hpp"

namespace cityskills::accounts {
namespace {

// An optional choice: empty, or one of `allowed`.
void check_optional_choice(web::FormErrors& errors, const std::string& field, const std::string& value,
                           const std::vector<std::string>& allowed) {
  if (!value.empty()) web::check_choice(errors, field, value, allowed);
}

}  // namespace

void SignupForm::read(web::FormInput& in) {
  email = in.trimmed("email");
  display_name = in.trimmed("display_name");
  password = in.text("password");
  privacy_accept = in.flag("privacy_accept");
  notice_id = in.text("notice_id");
}

web::FormErrors check(const SignupForm& form, const std::optional<Refusal>& refusal, std::int64_t notice_id) {
  web::FormErrors errors;
  if (auto e = web::check_email(form.email)) errors.add("email", *e);
  else if (refusal) errors.add("email", refusal->first, refusal->second);
  if (auto e = web::check_name(form.display_name)) errors.add("display_name", *e);
  if (auto e = check_password(form.password, {form.email, form.email.substr(0, form.email.find('@')), form.display_name}))
    errors.add("password", *e, kPasswordLimits);
  if (!form.privacy_accept)
    errors.add("privacy_accept", "accounts.signup.accept_required");
  else if ((form.notice_id.empty() ? "0" : form.notice_id) != std::to_string(notice_id))
    errors.add("privacy_accept", "accounts.signup.notice_changed");
  return errors;
}

void LoginForm::read(web::FormInput& in) {
  email = util::to_lower(in.trimmed("email"));
  password = in.text("password");
  next = in.text("next");
}

void EmailForm::read(web::FormInput& in) { email = in.trimmed("email"); }

web::FormErrors check(const EmailForm& form) {
  web::FormErrors errors;
  if (auto e = web::check_email(form.email)) errors.add("email", *e);
  return errors;
}

void ResetForm::read(web::FormInput& in) {
  token = in.text("token");
  password = in.text("password");
}

web::FormErrors check(const ResetForm& form, const Account& account) {
  web::FormErrors errors;
  const auto& email = account.email;
  if (auto e = check_password(form.password, {email, email.substr(0, email.find('@')), account.display_name}))
    errors.add("password", *e, kPasswordLimits);
  return errors;
}

void ProfileForm::read(web::FormInput& in) {
  display_name = in.trimmed("display_name");
  audience = in.text("audience");
  age_band = in.text("age_band");
  org_id = in.text("org_id");
  country = in.text("country");
  lang = in.text("lang");
}

std::optional<std::int64_t> ProfileForm::org() const { return util::parse_id(org_id); }

void ProfileForm::apply(Account& a, bool org_exists) const {
  std::tie(a.display_name, a.audience, a.age_band, a.country, a.lang) =
      std::tie(display_name, audience, age_band, country, lang);
  a.org_id.reset();
  if (auto id = org(); id && org_exists) a.org_id = *id;
}

web::FormErrors check(const ProfileForm& form, bool org_exists) {
  web::FormErrors errors;
  if (auto e = web::check_name(form.display_name)) errors.add("display_name", *e);
  check_optional_choice(errors, "audience", form.audience, kAudiences);
  check_optional_choice(errors, "age_band", form.age_band, kAgeBands);
  check_optional_choice(errors, "country", form.country, kCountries);
  if (!i18n::supported(form.lang)) errors.add("lang", "validation.choice.invalid");
  if (!form.org_id.empty() && (!form.org() || !org_exists)) errors.add("org_id", "validation.choice.invalid");
  return errors;
}

}  // namespace cityskills::accounts
