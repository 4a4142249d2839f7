#include "features/ideas/forms.hpp"

#include <algorithm>
#include <tuple>

#include "web/validate.hpp"

namespace cityskills::ideas {

void IdeaForm::read(web::FormInput& in) {
  org_id = in.id("org_id");
  lang = in.text("lang");
  title = in.trimmed("title");
  body = in.text("body");
}

void IdeaForm::apply(Idea& idea) const {
  idea.org_id = org_id.value_or(0);
  std::tie(idea.lang, idea.title, idea.body) = std::tie(lang, title, body);
}

web::FormErrors check(const IdeaForm& form, const std::vector<std::int64_t>& org_ids) {
  web::FormErrors errors;
  if (!form.org_id || std::find(org_ids.begin(), org_ids.end(), *form.org_id) == org_ids.end())
    errors.add("org_id", "validation.choice.invalid");
  web::check_choice(errors, "lang", form.lang, i18n::kLocales);
  if (auto e = web::check_name(form.title, kTitleMax)) errors.add("title", *e);
  web::check_markdown(errors, "body", form.body, kBodyMax, "ideas.validation.too_long");
  return errors;
}

view::Data values(const Idea& idea, const std::vector<orgs::OrgRef>& orgs) {
  view::Data d;
  std::vector<std::pair<std::string, std::string>> org_options;
  for (const auto& o : orgs) org_options.emplace_back(std::to_string(o.id), o.name);
  d.set("orgs", web::options(org_options, std::to_string(idea.org_id)));
  std::vector<std::pair<std::string, std::string>> langs;
  for (auto l : i18n::kLocales) langs.emplace_back(std::string(l), std::string(i18n::native_name(l)));
  d.set("langs", web::options(langs, idea.lang));
  d.set("title", idea.title);
  d.set("body", idea.body);
  return d;
}

void CommentForm::read(web::FormInput& in) { comment = in.text("comment"); }

web::FormErrors check(const CommentForm& form) {
  web::FormErrors errors;
  web::check_markdown(errors, "comment", form.comment, kCommentMax, "ideas.validation.too_long");
  return errors;
}

void StatusForm::read(web::FormInput& in) {
  status = in.text("status");
  note = in.trimmed("note");
}

web::FormErrors check(const StatusForm& form) {
  web::FormErrors errors;
  web::check_choice(errors, "status", form.status, kStatuses);
  if (web::check_name(form.note, kNoteMax)) errors.add("note", "ideas.validation.note");
  return errors;
}

}  // namespace cityskills::ideas
