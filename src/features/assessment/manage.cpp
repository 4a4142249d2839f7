// Authoring the question bank, and the figures organisation admins see about their members.
#include <algorithm>

#include "features/assessment/forms.hpp"
#include "features/assessment/pages.hpp"
#include "features/assessment/policy.hpp"
#include "features/orgs/api.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "view/csv.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"

namespace cityskills::assessment {
namespace {

using http::Response;
using web::Ctx;

// The framework named in the path, when the user may edit it; Reject otherwise.
Framework editable_framework(Ctx& ctx, db::Connection& c) {
  auto fid = ctx.path_id("fid");
  auto f = store::framework(c, fid, ctx.locale);
  if (!f) throw web::Reject{404, "errors.not_found"};
  for (const auto& e : editable(c, ctx.actor(), ctx.locale))
    if (e.id == f->id) return *f;
  throw web::Reject{403, "assessment.manage.forbidden"};
}

view::Data form_data(Ctx& ctx, const Bank& b, const Question& q, const std::map<std::string, std::string>& prompt_errors = {}) {
  view::Data d;
  std::vector<std::pair<std::string, std::string>> comps, levels, kinds;
  for (const auto& a : b.areas)
    for (const auto& c : a.competences) comps.emplace_back(std::to_string(c.id), c.code + " " + c.name);
  for (const auto& l : kBands) levels.emplace_back(l, ctx.t("assessment.band." + l));
  for (const auto& k : kKinds) kinds.emplace_back(k, ctx.t("assessment.kind." + k));
  d.set("competences", web::options(comps, std::to_string(q.competence_id)));
  d.set("levels", web::options(levels, q.level));
  d.set("kinds", web::options(kinds, q.kind));
  d.set("answers", web::options({{"1", ctx.t("assessment.tf.true")}, {"0", ctx.t("assessment.tf.false")}},
                                std::to_string(q.answer)));
  d.set("active", q.active);
  view::List prompts;
  for (auto l : i18n::kLocales) {
    view::Data x;
    std::string lang(l);
    x.set("lang", lang);
    x.set("language", std::string(i18n::native_name(l)));
    auto it = q.prompts.find(lang);
    x.set("value", it == q.prompts.end() ? "" : it->second);
    if (auto e = prompt_errors.find(lang); e != prompt_errors.end()) x.set("error", e->second);
    prompts.push_back(std::move(x));
  }
  d.set("prompts", std::move(prompts));
  d.set("framework", b.framework.name);
  d.set("framework_href", "/assessment/manage/" + std::to_string(b.framework.id));
  d.set("action", "/assessment/manage/" + std::to_string(b.framework.id) + "/questions/" + (q.id ? std::to_string(q.id) : "new"));
  d.set("is_new", q.id == 0);
  return d;
}

std::optional<Question> question_in(Ctx& ctx, db::Connection& c, const Framework& f) {
  auto raw = ctx.path_params["qid"];
  if (raw == "new") {
    Question q;
    q.level = kBands.front();
    q.kind = "self";
    q.answer = 1;
    return q;
  }
  auto id = util::parse_id(raw);
  if (!id) throw web::Reject{404, "errors.not_found"};
  auto q = store::question(c, *id);
  if (!q || q->framework_id != f.id) throw web::Reject{404, "errors.not_found"};
  return q;
}

}  // namespace

std::vector<Framework> editable(db::Connection& c, const web::Actor& actor, const std::string& lang) {
  std::vector<Framework> out;
  for (const auto& f : store::frameworks(c, lang))
    if (policy::may_edit_framework(actor, f.org_id)) out.push_back(f);
  return out;
}

Response manage_list(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto list = editable(*c, ctx.actor(), ctx.locale);
  if (list.empty()) return ctx.error(403, "assessment.manage.forbidden");
  view::Data d;
  view::List fl;
  for (const auto& f : list) {
    view::Data x;
    x.set("name", f.name);
    x.set("href", "/assessment/manage/" + std::to_string(f.id));
    fl.push_back(std::move(x));
  }
  d.set("frameworks", std::move(fl));
  return ctx.page(ctx.t("assessment.manage.title"), "assessment/manage", std::move(d));
}

Response manage_framework(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto f = editable_framework(ctx, *c);
  auto b = store::bank(*c, f, ctx.locale, store::Questions::kAll);
  view::Data d;
  d.set("framework", f.name);
  d.set("new_href", "/assessment/manage/" + std::to_string(f.id) + "/questions/new");
  view::List rows;
  for (const auto& q : b.questions) {
    view::Data x;
    x.set("competence", q.competence);
    x.set("level", ctx.t("assessment.band." + q.level));
    x.set("kind", ctx.t("assessment.kind." + q.kind));
    x.set("prompt", q.prompt);
    x.set("prompt_lang", q.prompt_lang);
    std::string langs;
    for (const auto& [l, t] : q.prompts) langs += (langs.empty() ? "" : " ") + l;
    x.set("langs", std::move(langs));
    x.set("active", q.active);
    x.set("href", "/assessment/manage/" + std::to_string(f.id) + "/questions/" + std::to_string(q.id));
    rows.push_back(std::move(x));
  }
  d.set("questions", std::move(rows));
  return ctx.page(ctx.t("assessment.manage.questions"), "assessment/questions", std::move(d));
}

Response question_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto f = editable_framework(ctx, *c);
  auto q = question_in(ctx, *c, f);
  auto b = store::bank(*c, f, ctx.locale, store::Questions::kAll);
  if (q->id == 0 && !b.areas.empty() && !b.areas.front().competences.empty())
    q->competence_id = b.areas.front().competences.front().id;
  return ctx.page(ctx.t("assessment.manage.edit"), "assessment/question_form", form_data(ctx, b, *q));
}

Response question_save(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<BankQuestionForm>(ctx);
  auto c = ctx.db().acquire();
  auto f = editable_framework(ctx, *c);
  auto q = question_in(ctx, *c, f);
  auto b = store::bank(*c, f, ctx.locale, store::Questions::kAll);
  bool known = false;
  for (const auto& a : b.areas)
    for (const auto& comp : a.competences) known = known || (form.competence && comp.id == *form.competence);
  auto errors = check(form, known);
  form.apply(*q);
  // Each prompt's message also stands beside its own text box.
  std::map<std::string, std::string> prompt_errors;
  for (auto l : i18n::kLocales)
    if (auto field = "prompt_" + std::string(l); errors.has(field))
      prompt_errors[std::string(l)] = ctx.t(errors.key(field), errors.args(field));
  if (!errors.empty()) {
    auto d = form_data(ctx, b, *q, prompt_errors);
    errors.into(d, ctx);
    return ctx.page(ctx.t("assessment.manage.edit"), "assessment/question_form", std::move(d), 422);
  }
  auto id = store::save_question(*c, f.id, *q, ctx.user->id);
  log::info("assessment question saved", "\"question_id\":" + std::to_string(id) + ",\"by\":" + std::to_string(ctx.user->id));
  for (auto l : i18n::kLocales) {
    ctx.svc.cache.drop(intro_cache_key(l));  // the introduction counts questions
    ctx.svc.cache.drop(result_cache_key(l, f.id));
  }
  ctx.flash("assessment.manage.saved");
  return ctx.redirect("/assessment/manage/" + std::to_string(f.id));
}

namespace {

// The organisation named in the path and its members' distribution, for its admins and
// platform admins; anyone else gets the 404 of an organisation that does not exist.
struct OrgFigures {
  orgs::OrgRef org;
  Framework framework;
  Bank bank;
  store::Distribution dist;
};
OrgFigures org_figures_of(Ctx& ctx, db::Connection& c) {
  auto org = orgs::by_slug(c, ctx.path_params["slug"]);
  if (!org) throw web::Reject{404, "errors.not_found"};
  if (!policy::may_see_org_results(ctx.actor(), org->id)) {
    log::warn("organisation report refused", "\"request_id\":\"" + ctx.req.request_id + "\",\"user_id\":" +
                                                 std::to_string(ctx.user->id) + ",\"org_id\":" + std::to_string(org->id) +
                                                 ",\"report\":\"skills\"");
    throw web::Reject{404, "errors.not_found"};
  }
  auto all = store::frameworks(c, ctx.locale);
  if (all.empty()) throw web::Reject{404, "errors.not_found"};
  auto b = store::bank(c, all.front(), ctx.locale, store::Questions::kNone);
  auto dist = store::distribution(c, all.front().id, orgs::member_ids(c, org->id));
  return {*org, all.front(), std::move(b), std::move(dist)};
}

}  // namespace

Response org_figures(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto f = org_figures_of(ctx, *c);
  auto& dist = f.dist;
  view::Data d;
  d.set("org", f.org.name);
  d.set("framework", f.framework.name);
  d.set("people", i18n::tn(ctx.locale, "assessment.org.people", dist.people));
  d.set("min", std::to_string(kMinGroup));
  d.set("back", "/organisations/" + std::to_string(f.org.id) + "/reports");
  if (dist.people >= kMinGroup) {
    view::List heads;
    for (const auto& band : kBands) {
      view::Data x;
      x.set("name", ctx.t("assessment.band." + band));
      heads.push_back(std::move(x));
    }
    d.set("heads", std::move(heads));
    view::List rows;
    for (const auto& a : f.bank.areas) {
      view::Data row;
      row.set("name", a.code + ". " + a.name);
      view::List cells;
      for (int band = 1; band <= 4; ++band) {
        view::Data cell;
        cell.set("n", std::to_string(dist.per_area[a.code][band]));
        cells.push_back(std::move(cell));
      }
      row.set("cells", std::move(cells));
      row.set("none", std::to_string(dist.per_area[a.code][0]));
      rows.push_back(std::move(row));
    }
    d.set("rows", std::move(rows));
    d.set("has_rows", true);
    d.set("csv", "/assessment/org/" + f.org.slug + "/skills.csv");
  }
  return ctx.page(ctx.t("assessment.org.title"), "assessment/org", std::move(d));
}

// The same figures as CSV; for a group under the minimum, only the message saying so.
Response org_figures_csv(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto f = org_figures_of(ctx, *c);
  std::string out;
  if (f.dist.people < kMinGroup) {
    out = view::csv_row({ctx.t("assessment.org.too_few")});
  } else {
    std::vector<view::CsvCell> head = {ctx.t("assessment.result.area")};
    for (const auto& band : kBands) head.emplace_back(ctx.t("assessment.band." + band));
    head.emplace_back(ctx.t("assessment.level.none"));
    out = view::csv_row(head);
    for (const auto& a : f.bank.areas) {
      std::vector<view::CsvCell> row = {a.code + ". " + a.name};
      for (int band = 0; band <= 4; ++band) row.emplace_back(f.dist.per_area[a.code][band == 4 ? 0 : band + 1]);
      out += view::csv_row(row);
    }
  }
  return view::csv_download(out, "organisation-" + std::to_string(f.org.id) + "-skills.csv");
}

std::optional<SkillFigures> org_skill_figures(db::Connection& c, std::int64_t org_id, const std::string& lang) {
  auto all = store::frameworks(c, lang);
  if (all.empty()) return std::nullopt;
  auto bank = store::bank(c, all.front(), lang, store::Questions::kNone);
  auto dist = store::distribution(c, all.front().id, orgs::member_ids(c, org_id));
  SkillFigures out;
  out.framework = all.front().name;
  out.people = dist.people;
  if (dist.people < kMinGroup) return out;
  for (const auto& a : bank.areas) {
    AreaFigures x;
    x.code = a.code;
    x.name = a.name;
    for (int band = 0; band <= 4; ++band) x.bands[band] = dist.per_area[a.code][band];
    out.areas.push_back(x);
  }
  return out;
}

}  // namespace cityskills::assessment
