#pragma once
// The forms of credentials: revoking an award (a reason is required) and hiding or showing
// one's own award. Each reads its fields once (its allow-list); `check` is pure.
#include <string>

#include "web/forms.hpp"

namespace cityskills::credentials {

inline constexpr std::size_t kReasonMax = 500;

struct RevokeForm {
  std::string reason;
  void read(web::FormInput& in) { reason = in.trimmed("reason"); }
};
web::FormErrors check(const RevokeForm& form);

struct PrivacyForm {
  bool make_private = false;
  void read(web::FormInput& in) { make_private = in.flag("private"); }
};

}  // namespace cityskills::credentials
