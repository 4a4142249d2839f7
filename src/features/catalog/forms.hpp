#pragma once
// The authoring course form. It reads its fields once (which makes them the form's allow-list);
// the check is pure — what needs the database (may the person author for the organisation, is
// the original of a translation one they may see) comes in as plain data — and unit-tested
// without a server.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "features/catalog/model.hpp"
#include "web/forms.hpp"

namespace cityskills::catalog {

struct CourseForm {
  std::optional<std::int64_t> org_id;
  std::string lang, title, summary, description, outcomes, level, audience;
  bool open_access = false;
  std::vector<std::string> competences;  // the ticked ones, in the framework's order
  std::string translation_of;            // the original's id as sent; empty: not a translation

  void read(web::FormInput& in);
  // Copies the entered fields into `x`; its translation link is the handler's, from the
  // original it looked up.
  void apply(Course& x) const;
};

// `org_allowed`: whether the person authors for the organisation chosen; `original_allowed`:
// whether `translation_of` names a course they may author other than this one (read only when
// the field is not empty).
web::FormErrors check(const CourseForm& form, bool org_allowed, bool original_allowed);

}  // namespace cityskills::catalog
