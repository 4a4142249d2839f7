#include "features/forum/forms.hpp"

#include <algorithm>

#include "features/forum/common.hpp"
#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "web/validate.hpp"

namespace cityskills::forum {
namespace {

constexpr std::size_t kCategoryNameMax = 100, kCategoryDescriptionMax = 500;

bool valid_slug(const std::string& s) {
  if (s.size() < 2 || s.size() > 60) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'; });
}

// A position from 0 to 1000 ("" is 0), or nullopt.
std::optional<std::int64_t> position_of(const std::string& text) {
  auto p = util::parse_int(text.empty() ? "0" : text);
  if (!p || *p < 0 || *p > 1000) return std::nullopt;
  return p;
}

}  // namespace

void ThreadForm::read(web::FormInput& in) {
  title = in.trimmed("title");
  body = in.text("body");
  lang = in.text("lang");
}

web::FormErrors check(const ThreadForm& form) {
  web::FormErrors errors;
  if (auto e = web::check_name(form.title, kTitleMax)) {
    if (*e == "validation.text.too_long")
      errors.add("title", "forum.validation.too_long",
                 {{"max", std::to_string(kTitleMax)}, {"length", std::to_string(util::utf8_length(form.title))}});
    else errors.add("title", *e);
  }
  if (!i18n::supported(form.lang)) errors.add("lang", "validation.choice.invalid");
  check_body("body", form.body, errors);
  return errors;
}

void ReplyForm::read(web::FormInput& in) { body = in.text("body"); }

web::FormErrors check(const ReplyForm& form) {
  web::FormErrors errors;
  check_body("body", form.body, errors);
  return errors;
}

void EditForm::read(web::FormInput& in) {
  body = in.text("body");
  title = in.trimmed("title");
}

web::FormErrors check(const EditForm& form, bool opening) {
  web::FormErrors errors;
  if (opening)
    if (auto e = web::check_name(form.title, kTitleMax)) errors.add("title", *e);
  check_body("body", form.body, errors);
  return errors;
}

void ReasonForm::read(web::FormInput& in) { reason = in.trimmed("reason"); }

web::FormErrors check(const ReasonForm& form, const std::string& field) {
  web::FormErrors errors;
  check_reason(field, form.reason, errors);
  return errors;
}

void ThreadActionForm::read(web::FormInput& in, bool is_move) {
  reason = in.trimmed("reason");
  move = is_move;
  if (move) category_id = in.id("category_id");
}

std::optional<std::int64_t> ThreadActionForm::destination(const std::vector<Category>& targets) const {
  for (const auto& c : targets)
    if (category_id && c.id == *category_id) return c.id;
  return std::nullopt;
}

web::FormErrors check(const ThreadActionForm& form, const std::string& reason_field, const std::vector<Category>& targets) {
  web::FormErrors errors;
  check_reason(reason_field, form.reason, errors);
  // Another organisation's category is not a choice for this moderator.
  if (form.move && !form.destination(targets)) errors.add("category_id", "validation.choice.invalid");
  return errors;
}

void CategoryForm::read(web::FormInput& in) {
  name = in.trimmed("name");
  slug = util::to_lower(in.trimmed("slug"));
  description = in.trimmed("description");
  org_id = in.text("org_id");
  position = in.text("position");
  for (auto lang : i18n::kLocales) {
    std::string l(lang);
    texts.push_back({l, in.trimmed("name_" + l), in.trimmed("description_" + l)});
  }
}

std::optional<std::int64_t> CategoryForm::org() const { return util::parse_id(org_id); }

Category CategoryForm::category(bool org_exists) const {
  Category cat;
  cat.name = name;
  cat.slug = slug;
  cat.description = description;
  for (const auto& tr : texts)
    if (!tr.name.empty() || !tr.description.empty()) cat.translations.push_back(tr);
  if (auto p = position_of(position)) cat.position = *p;
  if (!org_id.empty() && org_exists) cat.org_id = org();
  return cat;
}

web::FormErrors check(const CategoryForm& form, bool org_exists) {
  web::FormErrors errors;
  if (auto e = web::check_name(form.name, kCategoryNameMax)) errors.add("name", *e);
  if (!valid_slug(form.slug)) errors.add("slug", "forum.validation.slug");
  if (auto e = web::check_name(form.description, kCategoryDescriptionMax)) errors.add("description", *e);
  for (const auto& tr : form.texts) {
    if (!tr.name.empty())
      if (auto e = web::check_name(tr.name, kCategoryNameMax)) errors.add("name_" + tr.lang, *e);
    if (!tr.description.empty())
      if (auto e = web::check_name(tr.description, kCategoryDescriptionMax)) errors.add("description_" + tr.lang, *e);
  }
  if (!position_of(form.position)) errors.add("position", "forum.validation.position");
  if (!form.org_id.empty() && (!form.org() || !org_exists)) errors.add("org_id", "validation.choice.invalid");
  return errors;
}

}  // namespace cityskills::forum
