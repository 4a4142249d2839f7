#include "features/paths/forms.hpp"

#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "web/validate.hpp"

namespace cityskills::paths {

void PathForm::read(web::FormInput& in, bool creating) {
  if (creating) org_id = in.id("org_id");
  lang = in.text("lang");
  title = in.trimmed("title");
  summary = in.trimmed("summary");
  description = in.text("description");
  audience = in.text("audience");
  level = in.text("level");
  qualification = in.flag("qualification");
  issuers = in.all("issuers");
}

void PathForm::apply(Path& p) const {
  p.lang = lang;
  p.title = title;
  p.summary = summary;
  p.description = description;
  p.audience = audience;
  p.level = level;
  p.qualification = qualification;
}

std::vector<std::int64_t> PathForm::issuer_ids() const {
  std::vector<std::int64_t> out;
  for (const auto& s : issuers)
    if (auto id = util::parse_id(s)) out.push_back(*id);
  return out;
}

web::FormErrors check(const PathForm& form, const std::set<std::int64_t>& orgs) {
  web::FormErrors errors;
  web::check_choice(errors, "lang", form.lang, i18n::kLocales);
  if (auto e = web::check_name(form.title, kTitleMax)) errors.add("title", *e);
  web::check_text(errors, "summary", form.summary, kSummaryMax, "paths.validation.too_long");
  web::check_markdown(errors, "description", form.description, kDescriptionMax, "paths.validation.too_long", false);
  web::check_choice(errors, "audience", form.audience, kAudiences);
  web::check_choice(errors, "level", form.level, kBands);
  for (const auto& s : form.issuers) {
    auto id = util::parse_id(s);
    if (!id || !orgs.count(*id)) {
      errors.add("issuers", "paths.validation.unknown_org");
      break;
    }
  }
  return errors;
}

void StepForm::read(web::FormInput& in) {
  title = in.trimmed("title");
  need = in.integer("need");
}

web::FormErrors check(const StepForm& form, int requirements) {
  web::FormErrors errors;
  if (!form.title.empty()) web::check_text(errors, "title", form.title, kStepTitleMax, "paths.validation.too_long", false);
  auto need = web::check_int_range(errors, "need", form.need, 1, kMaxRequirements);
  if (need && requirements > 0 && *need > requirements)
    errors.add("need", "paths.validation.need_too_high",
               {{"need", std::to_string(*need)}, {"count", std::to_string(requirements)}});
  return errors;
}

void RequirementForm::read(web::FormInput& in) {
  kind = in.text("kind");
  course_text = in.trimmed("course_id");
  event_text = in.trimmed("event_id");
  path_text = in.trimmed("path_id");
  course_id = util::parse_id(course_text);
  event_id = util::parse_id(event_text);
  path_id = util::parse_id(path_text);
  area = in.text("area");
  band = in.text("band");
}

Requirement RequirementForm::requirement() const {
  Requirement r;
  r.kind = kind;
  if (kind == "course") r.course_id = course_id;
  if (kind == "event") r.event_id = event_id;
  if (kind == "path") r.sub_path_id = path_id;
  if (kind == "level") {
    r.area = area;
    r.band = band;
  }
  return r;
}

web::FormErrors check(const RequirementForm& form, const Named& named, const std::set<std::int64_t>& allowed_orgs,
                      const std::vector<std::string>& areas, int count) {
  web::FormErrors errors;
  if (count >= kMaxRequirements) {
    errors.add("kind", "paths.validation.too_many_requirements", {{"max", std::to_string(kMaxRequirements)}});
    return errors;
  }
  if (!web::check_choice(errors, "kind", form.kind, kRequirementKinds)) return errors;
  if (form.kind == "level") {
    web::check_choice(errors, "area", form.area, areas);
    web::check_choice(errors, "band", form.band, kBands);
    return errors;
  }
  const std::string field = form.kind == "course" ? "course_id" : form.kind == "event" ? "event_id" : "path_id";
  const auto& text = form.kind == "course" ? form.course_text : form.kind == "event" ? form.event_text : form.path_text;
  if (text.empty()) {
    errors.add(field, "paths.validation.choose_" + form.kind);
  } else if (!named.exists) {
    errors.add(field, "paths.validation.unknown_" + form.kind);
  } else if (!allowed_orgs.count(named.org_id)) {
    errors.add(field, "paths.validation.foreign_" + form.kind);
  } else if (named.cycle) {
    errors.add(field, "paths.validation.cycle");
  }
  return errors;
}

}  // namespace cityskills::paths
