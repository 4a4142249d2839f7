#pragma once
// The resource form: the fields a publisher sends (read once, which makes them the form's
// allow-list), their checks — pure, unit-tested without a server — and the page data that shows
// a resource in the form again.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/orgs/api.hpp"
#include "features/resources/store.hpp"
#include "media/media.hpp"
#include "view/view.hpp"
#include "web/forms.hpp"

namespace cityskills::resources {

inline constexpr std::size_t kTitleMax = 150;
inline constexpr std::size_t kDescriptionMax = 8000;

struct ResourceForm {
  std::optional<std::int64_t> org_id;  // chosen when publishing; fixed afterwards
  std::string lang, kind, title, description, licence, format, url;
  const web::UploadedFile* file = nullptr;  // a new file, when one was chosen

  // `publishing`: the organisation is chosen too (a new resource).
  void read(web::FormInput& in, bool publishing);
  // Copies the entered fields into `r`, keeping its id, organisation and current file.
  void apply(Resource& r) const;
};

// The form's field errors; `has_file` says whether the resource already has an uploaded file
// (then neither a link nor a new file is needed).
web::FormErrors check(const ResourceForm& form, bool has_file);

// The form page for `r` (as stored, or as entered when shown again with errors); `orgs` are
// the organisations the person may publish in.
view::Data values(const web::Ctx& ctx, const Resource& r, bool editing, const std::vector<orgs::OrgRef>& orgs);

// Documents and images, the files a resource may carry.
media::Policy upload_policy();
// The licence as shown: its SPDX identifier, or the translated "proprietary".
std::string licence_label(const web::Ctx& ctx, const std::string& licence);

}  // namespace cityskills::resources
