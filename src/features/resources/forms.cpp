#include "features/resources/forms.hpp"

#include <tuple>

#include "util/strings.hpp"
#include "web/validate.hpp"

namespace cityskills::resources {

void ResourceForm::read(web::FormInput& in, bool publishing) {
  if (publishing) org_id = in.id("org_id");
  lang = in.text("lang");
  kind = in.text("kind");
  title = in.trimmed("title");
  description = in.text("description");
  licence = in.text("licence");
  format = in.text("format");
  url = in.trimmed("url");
  file = in.file("file");
}

void ResourceForm::apply(Resource& r) const {
  std::tie(r.lang, r.kind, r.title, r.description, r.licence, r.format, r.url) =
      std::tie(lang, kind, title, description, licence, format, url);
}

web::FormErrors check(const ResourceForm& form, bool has_file) {
  web::FormErrors errors;
  web::check_choice(errors, "lang", form.lang, i18n::kLocales);
  web::check_choice(errors, "kind", form.kind, kKinds);
  web::check_choice(errors, "licence", form.licence, kLicences);
  web::check_choice(errors, "format", form.format, kFormats);
  if (auto e = web::check_name(form.title, kTitleMax)) errors.add("title", *e);
  web::check_markdown(errors, "description", form.description, kDescriptionMax, "practices.validation.too_long");
  web::check_url(errors, "url", form.url, false);
  if (form.url.empty() && !has_file && !form.file) errors.add("url", "resources.validation.link_or_file");
  return errors;
}

media::Policy upload_policy() { return media::combine({media::document_policy(), media::image_policy()}); }

std::string licence_label(const web::Ctx& ctx, const std::string& licence) {
  return licence == "proprietary" ? ctx.t("resources.licence.proprietary") : licence;
}

view::Data values(const web::Ctx& ctx, const Resource& r, bool editing, const std::vector<orgs::OrgRef>& orgs) {
  view::Data d;
  std::vector<std::pair<std::string, std::string>> org_options;
  for (const auto& o : orgs) org_options.emplace_back(std::to_string(o.id), o.name);
  d.set("orgs", web::options(org_options, std::to_string(r.org_id)));
  d.set("editing", editing);
  d.set("id", std::to_string(r.id));
  d.set("org_name", r.org_name);
  std::vector<std::pair<std::string, std::string>> langs;
  for (auto l : i18n::kLocales) langs.emplace_back(std::string(l), std::string(i18n::native_name(l)));
  d.set("langs", web::options(langs, r.lang));
  std::vector<std::pair<std::string, std::string>> kinds, licences, formats;
  for (const auto& k : kKinds) kinds.emplace_back(k, ctx.t("resources.kind." + k));
  for (const auto& l : kLicences) licences.emplace_back(l, licence_label(ctx, l));
  for (const auto& f : kFormats) formats.emplace_back(f, ctx.t("resources.format." + f));
  d.set("kinds", web::options(kinds, r.kind));
  d.set("licences", web::options(licences, r.licence));
  d.set("formats", web::options(formats, r.format));
  d.set("title", r.title);
  d.set("description", r.description);
  d.set("url", r.url);
  if (r.media_id) d.set("current_file", r.file_name);
  std::string types;
  for (const auto& e : upload_policy().extensions) types += (types.empty() ? "" : ", ") + e;
  d.set("allowed_types", std::move(types));
  return d;
}

}  // namespace cityskills::resources
