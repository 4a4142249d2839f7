#pragma once
// The Learning Record Store form of /admin/xapi: fields named once, `check` pure.
#include <string>

#include "web/form_input.hpp"
#include "web/forms.hpp"

namespace cityskills::xapi {

struct SettingsForm {
  std::string endpoint, auth_key, auth_secret;
  bool enabled = false;
  void read(web::FormInput& in);
};

// `secret_stored`: a secret is already saved (an empty field keeps it). Switched off, the
// fields may be empty; what is filled in must still be valid.
web::FormErrors check(const SettingsForm& f, bool secret_stored);

}  // namespace cityskills::xapi
