// Good practices: the submission form, checked and stored as one draft for the organisation's
// moderators, with its first attachment.
#include "features/accounts/api.hpp"
#include "features/orgs/api.hpp"
#include "features/practices/common.hpp"
#include "features/practices/store.hpp"
#include "media/media.hpp"
#include "util/log.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"
#include "web/upload_route.hpp"

namespace cityskills::practices {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;
using namespace detail;

constexpr std::size_t kTextMax = 8000;
const std::string kTooLong = "practices.validation.too_long";
constexpr std::size_t kFiguresMax = 1000;
constexpr int kPracticesPerDay = 5;

std::vector<std::string> multi(const Ctx& ctx, std::string_view name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : ctx.form)
    if (k == name && !one_of(v, out)) out.push_back(v);
  return out;
}

view::List checkboxes(const std::string& name, const Named& named, const std::vector<std::string>& checked) {
  view::List out;
  for (const auto& [code, label] : named) {
    view::Data o;
    o.set("id", name + "-" + code);
    o.set("name", name);
    o.set("value", code);
    o.set("label", label);
    o.set("checked", one_of(code, checked));
    out.push_back(o);
  }
  return out;
}

view::List choice(const Ctx& ctx, const std::string& prefix, const std::vector<std::string>& codes,
                  const std::string& selected) {
  // A first, empty choice: facts about the practice are the author's to give, never preset.
  std::vector<std::pair<std::string, std::string>> v{{"", ctx.t("practices.choose")}};
  for (const auto& code : codes) v.emplace_back(code, ctx.t(prefix + code));
  return web::options(v, selected);
}

view::Data form_data(Ctx& ctx, const Practice& p) {
  view::Data d;
  std::vector<std::pair<std::string, std::string>> orgs;
  {
    auto c = ctx.db().acquire();
    for (const auto& o : orgs::all(*c)) orgs.emplace_back(std::to_string(o.id), o.name);
  }
  d.set("orgs", web::options(orgs, std::to_string(p.org_id)));
  d.set("langs", web::options(web::language_names(), p.lang));
  auto countries = accounts::country_options(ctx.locale);
  countries.insert(countries.begin(), {"", ctx.t("practices.choose")});
  d.set("countries", web::options(countries, p.country));
  d.set("costs", choice(ctx, "practices.cost.", kCostBands, p.cost_band));
  d.set("efforts", choice(ctx, "practices.effort.", kEffortBands, p.effort_band));
  d.set("sizes", choice(ctx, "practices.size.", kSizeBands, p.size_band));
  d.set("area_boxes", checkboxes("area", area_names(ctx, kAreas), p.areas));
  d.set("theme_boxes", checkboxes("theme", web::labelled(ctx, "practices.theme.", kThemes), p.themes));
  for (auto [k, v] : {std::pair{"title", &p.title}, std::pair{"problem", &p.problem}, std::pair{"actions", &p.actions},
                      std::pair{"results", &p.results}, std::pair{"figures", &p.figures},
                      std::pair{"lessons", &p.lessons}, std::pair{"contact_name", &p.contact_name},
                      std::pair{"contact_email", &p.contact_email}})
    d.set(k, *v);
  d.set("allowed_types", allowed_types());
  return d;
}

Response new_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Practice p;
  p.lang = ctx.locale;  // country, cost, effort and size stay unchosen until the author chooses
  return ctx.page(ctx.t("practices.new.title"), "practices/form", form_data(ctx, p));
}


Practice read_form(Ctx& ctx, FormErrors& errors) {
  web::allow_fields(ctx, {"org_id", "lang", "title", "problem", "actions", "results", "figures", "lessons", "cost_band",
                          "effort_band", "size_band", "country", "area", "theme", "contact_name", "contact_email",
                          "attachment"});
  Practice p;
  p.org_id = util::parse_id(ctx.field("org_id")).value_or(0);
  p.lang = ctx.field("lang");
  p.title = std::string(util::trim(ctx.field("title")));
  p.problem = ctx.field("problem");
  p.actions = ctx.field("actions");
  p.results = ctx.field("results");
  p.figures = ctx.field("figures");
  p.lessons = ctx.field("lessons");
  p.cost_band = ctx.field("cost_band");
  p.effort_band = ctx.field("effort_band");
  p.size_band = ctx.field("size_band");
  p.country = ctx.field("country");
  p.areas = multi(ctx, "area");
  p.themes = multi(ctx, "theme");
  p.contact_name = std::string(util::trim(ctx.field("contact_name")));
  p.contact_email = std::string(util::trim(ctx.field("contact_email")));
  {
    auto c = ctx.db().acquire();
    bool org_ok = false;
    for (const auto& o : orgs::all(*c)) org_ok = org_ok || o.id == p.org_id;
    if (!org_ok) errors.add("org_id", "validation.choice.invalid");
  }
  if (!i18n::supported(p.lang)) errors.add("lang", "validation.choice.invalid");
  if (auto e = web::check_name(p.title, 150)) errors.add("title", *e);
  web::check_markdown(errors, "problem", p.problem, kTextMax, kTooLong);
  web::check_markdown(errors, "actions", p.actions, kTextMax, kTooLong);
  web::check_markdown(errors, "results", p.results, kTextMax, kTooLong);
  web::check_markdown(errors, "figures", p.figures, kFiguresMax, kTooLong, false);
  web::check_markdown(errors, "lessons", p.lessons, kTextMax, kTooLong);
  if (!one_of(p.cost_band, kCostBands)) errors.add("cost_band", "validation.choice.invalid");
  if (!one_of(p.effort_band, kEffortBands)) errors.add("effort_band", "validation.choice.invalid");
  if (!one_of(p.size_band, kSizeBands)) errors.add("size_band", "validation.choice.invalid");
  bool country_ok = false;
  for (const auto& [code, name] : accounts::country_options(ctx.locale)) country_ok = country_ok || code == p.country;
  if (!country_ok) errors.add("country", "validation.choice.invalid");
  bool areas_ok = !p.areas.empty(), themes_ok = true;
  for (const auto& a : p.areas) areas_ok = areas_ok && one_of(a, kAreas);
  for (const auto& t : p.themes) themes_ok = themes_ok && one_of(t, kThemes);
  if (!areas_ok) errors.add("areas", "practices.validation.areas");
  if (!themes_ok) errors.add("themes", "validation.choice.invalid");
  if (!p.contact_name.empty())
    if (auto e = web::check_name(p.contact_name, 100)) errors.add("contact_name", *e);
  if (!p.contact_email.empty())
    if (auto e = web::check_email(p.contact_email)) errors.add("contact_email", *e);
  return p;
}

Response create(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  FormErrors errors;
  Practice p = read_form(ctx, errors);
  auto form_page = [&](int status) {
    auto d = form_data(ctx, p);
    errors.into(d, ctx);
    return ctx.page(ctx.t("practices.new.title"), "practices/form", d, status);
  };
  if (!errors.empty()) return form_page(422);
  {
    auto c = ctx.db().acquire();
    // A second click on the same form leads to the practice the first one created.
    if (auto existing = store::recent_duplicate(*c, ctx.user->id, p.title, 600))
      return ctx.redirect("/practices/" + std::to_string(*existing));
    if (!accounts::rate_allow(ctx.db(), "practice:" + std::to_string(ctx.user->id), 86400, kPracticesPerDay)) {
      return ctx.too_many("practices.too_many", 3600);
    }
  }
  std::optional<std::int64_t> media_id;
  if (auto* f = ctx.file("attachment")) {
    auto stored = media::store(ctx.db(), ctx.svc.config.data_dir, {f->filename, f->data}, attachment_policy(), p.org_id,
                               ctx.user->id);
    if (!stored.ok()) {
      log::warn("attachment refused", "\"request_id\":\"" + ctx.req.request_id + "\",\"reason\":\"" + stored.error_key + "\"");
      errors.add("attachment", stored.error_key, stored.args);
      return form_page(stored.status);
    }
    media_id = stored.item->id;
  }
  auto id = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto id = store::create(c, p, ctx.user->id);
    if (media_id) store::attach(c, id, *media_id);
    return id;
  });
  log::info("practice submitted", "\"practice_id\":" + std::to_string(id) + ",\"org_id\":" + std::to_string(p.org_id));
  ctx.flash("practices.submitted");
  return ctx.redirect("/practices/" + std::to_string(id));
}

}  // namespace

void register_submission(web::App& app) {
  auto upload = web::upload_route(kUploadLimit);
  app.route("GET", "/practices/new", web::Access::kSignedIn, new_form);
  app.route("POST", "/practices/new", web::Access::kSignedIn, create, upload);
}

}  // namespace cityskills::practices
