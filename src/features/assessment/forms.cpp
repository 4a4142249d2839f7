#include "features/assessment/forms.hpp"

#include <algorithm>

#include "features/assessment/scoring.hpp"
#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "web/validate.hpp"

namespace cityskills::assessment {

void BankQuestionForm::read(web::FormInput& in) {
  competence = in.id("competence");
  level = in.text("level");
  kind = in.text("kind");
  answer = in.text("answer");
  active = in.flag("active");
  for (auto l : i18n::kLocales) {
    std::string lang(l);
    prompts[lang] = in.trimmed("prompt_" + lang);
  }
}

void BankQuestionForm::apply(Question& q) const {
  q.competence_id = competence.value_or(0);
  q.level = level;
  q.kind = kind;
  q.answer = answer == "1" ? 1 : 0;
  q.active = active;
  for (const auto& [lang, text] : prompts) q.prompts[lang] = text;
}

web::FormErrors check(const BankQuestionForm& form, bool competence_known) {
  web::FormErrors errors;
  if (!competence_known) errors.add("competence", "validation.choice.invalid");
  if (band_number(form.level) == 0) errors.add("level", "validation.choice.invalid");
  web::check_choice(errors, "kind", form.kind, kKinds);
  if (form.kind == "true_false" && form.answer != "1" && form.answer != "0") errors.add("answer", "validation.choice.invalid");
  bool any = false;
  for (auto l : i18n::kLocales) {
    std::string lang(l);
    auto it = form.prompts.find(lang);
    if (it == form.prompts.end() || it->second.empty()) continue;
    const auto& text = it->second;
    any = true;
    if (!util::valid_utf8(text) || util::utf8_length(text) > kPromptMax)
      errors.add("prompt_" + lang, "assessment.manage.too_long",
                 {{"max", std::to_string(kPromptMax)},
                  {"length", std::to_string(util::valid_utf8(text) ? util::utf8_length(text) : text.size())}});
    else if (auto e = web::check_name(text, kPromptMax)) errors.add("prompt_" + lang, *e);
  }
  if (!any) errors.add("prompt_en", "assessment.manage.prompt_required");
  return errors;
}

}  // namespace cityskills::assessment
