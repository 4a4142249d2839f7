#include "features/practices/forms.hpp"

#include <algorithm>
#include <tuple>

#include "web/validate.hpp"

namespace cityskills::practices {
namespace {

const std::string kTooLong = "practices.validation.too_long";

// Every value of a repeated field once, in the order first sent.
std::vector<std::string> distinct(std::vector<std::string> values) {
  std::vector<std::string> out;
  for (auto& v : values)
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
  return out;
}

bool all_in(const std::vector<std::string>& values, const std::vector<std::string>& allowed) {
  return std::all_of(values.begin(), values.end(),
                     [&](const std::string& v) { return std::find(allowed.begin(), allowed.end(), v) != allowed.end(); });
}

}  // namespace

void PracticeForm::read(web::FormInput& in) {
  org_id = in.id("org_id");
  lang = in.text("lang");
  title = in.trimmed("title");
  problem = in.text("problem");
  actions = in.text("actions");
  results = in.text("results");
  figures = in.text("figures");
  lessons = in.text("lessons");
  cost_band = in.text("cost_band");
  effort_band = in.text("effort_band");
  size_band = in.text("size_band");
  country = in.text("country");
  areas = distinct(in.all("area"));
  themes = distinct(in.all("theme"));
  contact_name = in.trimmed("contact_name");
  contact_email = in.trimmed("contact_email");
  attachment = in.file("attachment");
}

void PracticeForm::apply(Practice& p) const {
  p.org_id = org_id.value_or(0);
  std::tie(p.lang, p.title, p.problem, p.actions, p.results, p.figures, p.lessons) =
      std::tie(lang, title, problem, actions, results, figures, lessons);
  std::tie(p.cost_band, p.effort_band, p.size_band, p.country, p.contact_name, p.contact_email) =
      std::tie(cost_band, effort_band, size_band, country, contact_name, contact_email);
  std::tie(p.areas, p.themes) = std::tie(areas, themes);
}

web::FormErrors check(const PracticeForm& form, const std::vector<std::int64_t>& org_ids,
                      const std::vector<std::string>& countries) {
  web::FormErrors errors;
  if (!form.org_id || std::find(org_ids.begin(), org_ids.end(), *form.org_id) == org_ids.end())
    errors.add("org_id", "validation.choice.invalid");
  web::check_choice(errors, "lang", form.lang, i18n::kLocales);
  if (auto e = web::check_name(form.title, kTitleMax)) errors.add("title", *e);
  web::check_markdown(errors, "problem", form.problem, kTextMax, kTooLong);
  web::check_markdown(errors, "actions", form.actions, kTextMax, kTooLong);
  web::check_markdown(errors, "results", form.results, kTextMax, kTooLong);
  web::check_markdown(errors, "figures", form.figures, kFiguresMax, kTooLong, false);
  web::check_markdown(errors, "lessons", form.lessons, kTextMax, kTooLong);
  web::check_choice(errors, "cost_band", form.cost_band, kCostBands);
  web::check_choice(errors, "effort_band", form.effort_band, kEffortBands);
  web::check_choice(errors, "size_band", form.size_band, kSizeBands);
  web::check_choice(errors, "country", form.country, countries);
  if (form.areas.empty() || !all_in(form.areas, kAreas)) errors.add("areas", "practices.validation.areas");
  if (!all_in(form.themes, kThemes)) errors.add("themes", "validation.choice.invalid");
  if (!form.contact_name.empty())
    if (auto e = web::check_name(form.contact_name, kContactNameMax)) errors.add("contact_name", *e);
  if (!form.contact_email.empty())
    if (auto e = web::check_email(form.contact_email)) errors.add("contact_email", *e);
  return errors;
}

void DecisionForm::read(web::FormInput& in) {
  decision = in.text("decision");
  reason = in.trimmed("reason");
}

web::FormErrors check(const DecisionForm& form) {
  web::FormErrors errors;
  if (form.decision != "approve" && form.decision != "reject") errors.add("decision", "validation.choice.invalid");
  bool says_why = form.decision == "reject" || !form.reason.empty();
  if (says_why && web::check_name(form.reason, kReasonMax))
    errors.add("reason", "practices.validation.reason", {{"max", std::to_string(kReasonMax)}});
  return errors;
}

void CommentForm::read(web::FormInput& in) { comment = in.text("comment"); }

web::FormErrors check(const CommentForm& form) {
  web::FormErrors errors;
  web::check_markdown(errors, "comment", form.comment, kCommentMax, kTooLong);
  return errors;
}

}  // namespace cityskills::practices
