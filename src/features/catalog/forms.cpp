#include "features/catalog/forms.hpp"

#include <tuple>

#include "features/catalog/api.hpp"
#include "i18n/i18n.hpp"
#include "web/validate.hpp"

namespace cityskills::catalog {
namespace {
const std::string kTooLong = "catalog.validation.too_long";
}  // namespace

void CourseForm::read(web::FormInput& in) {
  org_id = in.id("org_id");
  lang = in.text("lang");
  title = in.trimmed("title");
  summary = in.trimmed("summary");
  description = in.text("description");
  outcomes = in.text("outcomes");
  level = in.text("level");
  audience = in.text("audience");
  open_access = in.flag("open_access");
  for (const auto& code : kCompetences)
    if (in.flag("competence_" + code)) competences.push_back(code);
  translation_of = in.text("translation_of");
}

void CourseForm::apply(Course& x) const {
  x.org_id = org_id.value_or(0);
  std::tie(x.lang, x.title, x.summary, x.description, x.outcomes, x.level, x.audience) =
      std::tie(lang, title, summary, description, outcomes, level, audience);
  x.open_access = open_access;
  x.competences = competences;
}

web::FormErrors check(const CourseForm& form, bool org_allowed, bool original_allowed) {
  web::FormErrors e;
  if (!form.org_id || !org_allowed) e.add("org_id", "validation.choice.invalid");
  web::check_choice(e, "lang", form.lang, i18n::kLocales);
  if (auto err = web::check_name(form.title, kTitleMax)) e.add("title", *err);
  if (auto err = web::check_name(form.summary, kSummaryMax)) e.add("summary", *err);
  web::check_markdown(e, "description", form.description, kDescriptionMax, kTooLong, false);
  web::check_text(e, "outcomes", form.outcomes, kOutcomesMax, kTooLong, false);
  web::check_choice(e, "level", form.level, kLevels);
  web::check_choice(e, "audience", form.audience, kAudiences);
  if (!form.translation_of.empty() && !original_allowed) e.add("translation_of", "validation.choice.invalid");
  return e;
}

}  // namespace cityskills::catalog
