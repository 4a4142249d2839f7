// Good practices: the submission pages. The form (forms.cpp) is checked and stored as one
// draft for the organisation's moderators, with its first attachment.
#include "features/accounts/api.hpp"
#include "features/orgs/api.hpp"
#include "features/practices/common.hpp"
#include "features/practices/forms.hpp"
#include "features/practices/store.hpp"
#include "media/media.hpp"
#include "util/log.hpp"
#include "web/forms.hpp"
#include "web/upload_route.hpp"

namespace cityskills::practices {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;
using namespace detail;

constexpr int kPracticesPerDay = 5;

view::List checkboxes(const std::string& name, const Named& named, const std::vector<std::string>& checked) {
  view::List out;
  for (const auto& [code, label] : named) {
    view::Data o;
    o.set("id", name + "-" + code);
    o.set("name", name);
    o.set("value", code);
    o.set("label", label);
    o.set("checked", one_of(code, checked));
    out.push_back(std::move(o));
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

// The organisations a practice may be submitted to and the countries offered: what the form's
// check needs from the database and the locale.
web::FormErrors check_submission(Ctx& ctx, const PracticeForm& form) {
  std::vector<std::int64_t> org_ids;
  {
    auto c = ctx.db().acquire();
    for (const auto& o : orgs::all(*c)) org_ids.push_back(o.id);
  }
  std::vector<std::string> countries;
  for (const auto& [code, name] : accounts::country_options(ctx.locale)) countries.push_back(code);
  return check(form, org_ids, countries);
}

Response create(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<PracticeForm>(ctx);
  auto errors = check_submission(ctx, form);
  Practice p;
  form.apply(p);
  auto form_page = [&](int status) {
    auto d = form_data(ctx, p);
    errors.into(d, ctx);
    return ctx.page(ctx.t("practices.new.title"), "practices/form", d, std::move(status));
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
  if (const auto* f = form.attachment) {
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
