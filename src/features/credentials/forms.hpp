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

// A credential presented for checking: pasted by anyone, or uploaded as a file by a signed-in
// person (uploads are never open to everyone).
inline constexpr std::size_t kCredentialMax = 16 * 1024;
struct CheckForm {
  std::string credential;
  const web::UploadedFile* file = nullptr;
  bool upload = false;
  void read(web::FormInput& in, bool uploading) {
    upload = uploading;
    if (upload)
      file = in.file("file");
    else
      credential = in.text("credential");
  }
  std::string_view token() const { return file ? file->data : std::string_view(credential); }
};
web::FormErrors check(const CheckForm& form);

}  // namespace cityskills::credentials
