#include "features/credentials/forms.hpp"

namespace cityskills::credentials {

web::FormErrors check(const RevokeForm& form) {
  web::FormErrors errors;
  if (form.reason.empty())
    errors.add("reason", "credentials.validation.reason_required");
  else
    web::check_text(errors, "reason", form.reason, kReasonMax, "credentials.validation.reason_too_long");
  return errors;
}

}  // namespace cityskills::credentials
