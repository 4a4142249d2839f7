#include "features/credentials/forms.hpp"

#include "util/strings.hpp"

namespace cityskills::credentials {

web::FormErrors check(const RevokeForm& form) {
  web::FormErrors errors;
  if (form.reason.empty())
    errors.add("reason", "credentials.validation.reason_required");
  else
    web::check_text(errors, "reason", form.reason, kReasonMax, "credentials.validation.reason_too_long");
  return errors;
}

web::FormErrors check(const CheckForm& form) {
  web::FormErrors errors;
  auto token = form.token();
  auto field = form.upload ? "file" : "credential";
  if (util::trim(token).empty())
    errors.add(field, "credentials.check.empty");
  else if (token.size() > kCredentialMax)
    errors.add(field, "credentials.check.too_long", {{"max", std::to_string(kCredentialMax / 1024)}});
  return errors;
}

}  // namespace cityskills::credentials
