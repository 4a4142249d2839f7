// Authoring learning paths in the browser: details, steps and elective groups, requirements,
// translations, publishing, and who completed. Only publishers of the path's organisation; a
// published path is never left without steps or with a group that cannot be met.
#include <algorithm>
#include <set>

#include "features/assessment/api.hpp"
#include "features/catalog/api.hpp"
#include "features/events/api.hpp"
#include "features/orgs/api.hpp"
#include "features/paths/api.hpp"
#include "features/paths/forms.hpp"
#include "features/paths/pages.hpp"
#include "features/paths/policy.hpp"
#include "features/paths/store.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/forms.hpp"

namespace cityskills::paths {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;
using namespace detail;

constexpr int kChoices = 300;  // courses and events offered in a requirement's lists

// A structural change that would leave a published path impossible to complete.
struct BrokenPublished {};
// The path named as a requirement leads back to this one (found inside the transaction).
struct CycleFound {};

std::string edit_url(std::int64_t id) { return "/author/paths/" + std::to_string(id); }

std::set<std::int64_t> allowed_orgs(const Path& p) {
  std::set<std::int64_t> out(p.issuer_ids.begin(), p.issuer_ids.end());
  out.insert(p.org_id);
  return out;
}

std::set<std::int64_t> all_org_ids(db::Connection& c) {
  std::set<std::int64_t> out;
  for (const auto& o : orgs::all(c)) out.insert(o.id);
  return out;
}

view::Data details_values(const Ctx& ctx, db::Connection& c, const Path& p, const std::vector<orgs::OrgRef>& publishable,
                          bool creating) {
  view::Data d;
  std::vector<std::pair<std::string, std::string>> org_options;
  for (const auto& o : publishable) org_options.emplace_back(std::to_string(o.id), o.name);
  d.set("orgs", web::options(org_options, std::to_string(p.org_id)));
  d.set("creating", creating);
  d.set("id", std::to_string(p.id));
  d.set("org_name", p.org_name);
  std::vector<std::pair<std::string, std::string>> langs, audiences, levels;
  for (auto l : i18n::kLocales) langs.emplace_back(std::string(l), std::string(i18n::native_name(l)));
  for (const auto& a : kAudiences) audiences.emplace_back(a, ctx.t("catalog.audience." + a));
  for (const auto& b : kBands) levels.emplace_back(b, ctx.t("common.level." + b));
  d.set("langs", web::options(langs, p.lang));
  d.set("audiences", web::options(audiences, p.audience));
  d.set("levels", web::options(levels, p.level));
  d.set("title", p.title);
  d.set("summary", p.summary);
  d.set("description", p.description);
  d.set("qualification", p.qualification);
  view::List issuers;
  for (const auto& o : orgs::all(c)) {
    if (o.id == p.org_id) continue;
    view::Data x;
    x.set("value", std::to_string(o.id));
    x.set("label", o.name);
    x.set("checked", std::find(p.issuer_ids.begin(), p.issuer_ids.end(), o.id) != p.issuer_ids.end());
    issuers.push_back(std::move(x));
  }
  d.set("issuer_options", std::move(issuers));
  return d;
}

Response new_page(Ctx& ctx, db::Connection& c, const Path& p, const FormErrors& errors, int status) {
  auto publishable = orgs::publishable(c, *ctx.user);
  auto d = details_values(ctx, c, p, publishable, true);
  errors.into(d, ctx);
  return ctx.page(ctx.t("paths.new.title"), "paths/author_new", d, std::move(status));
}

// The editing page: details, problems, steps with their requirements, and the forms to change them.
Response edit_page(Ctx& ctx, db::Connection& c, const Path& p, const FormErrors& errors, int status,
                   const Path* entered = nullptr) {
  auto publishable = orgs::publishable(c, *ctx.user);
  auto d = details_values(ctx, c, entered ? *entered : p, publishable, false);
  auto steps = store::steps(c, p.id);
  d.set("steps", step_items(ctx, c, steps, nullptr, true));
  d.set("has_steps", !steps.empty());
  d.set("published", p.published);
  d.set("url", "/paths/" + std::to_string(p.id));
  view::List problems;
  for (const auto& key : structure_problems(steps)) {
    view::Data x;
    x.set("text", ctx.t(key));
    problems.push_back(std::move(x));
  }
  d.set("problems", problems);
  d.set("has_problems", !problems.empty());
  auto orgs_allowed = allowed_orgs(p);
  std::vector<std::int64_t> org_list(orgs_allowed.begin(), orgs_allowed.end());
  std::vector<std::pair<std::string, std::string>> courses{{"", ctx.t("paths.requirement.choose")}};
  for (const auto& x : catalog::courses_of_orgs(c, org_list, kChoices))
    courses.emplace_back(std::to_string(x.id), x.title + " (" + x.lang + (x.published ? "" : ", " + ctx.t("paths.draft")) + ")");
  std::vector<std::pair<std::string, std::string>> evs{{"", ctx.t("paths.requirement.choose")}};
  for (const auto& x : events::events_of_orgs(c, org_list, kChoices))
    evs.emplace_back(std::to_string(x.id), x.title + " — " + i18n::format_date(ctx.locale, x.starts_at, x.time_zone));
  std::vector<std::pair<std::string, std::string>> subs{{"", ctx.t("paths.requirement.choose")}};
  for (const auto& x : store::of_orgs(c, org_list))
    if (x.id != p.id) subs.emplace_back(std::to_string(x.id), x.title + " (" + x.lang + ")");
  std::vector<std::pair<std::string, std::string>> kinds, areas, bands;
  for (const auto& k : kRequirementKinds) kinds.emplace_back(k, ctx.t("paths.kind." + k));
  for (const auto& [code, name] : assessment::default_areas(c, ctx.locale)) areas.emplace_back(code, code + ". " + name);
  for (const auto& b : kBands) bands.emplace_back(b, ctx.t("common.level." + b));
  d.set("course_options", web::options(courses, ""));
  d.set("event_options", web::options(evs, ""));
  d.set("path_options", web::options(subs, ""));
  d.set("kind_options", web::options(kinds, "course"));
  d.set("area_options", web::options(areas, ""));
  d.set("band_options", web::options(bands, "intermediate"));
  view::List translations;
  std::set<std::string> have;
  for (const auto& t : store::translations(c, p)) {
    have.insert(t.lang);
    if (t.id == p.id) continue;
    view::Data x;
    x.set("url", edit_url(t.id));
    x.set("lang_name", std::string(i18n::native_name(t.lang)));
    x.set("title", t.title);
    x.set("lang", t.lang);
    translations.push_back(std::move(x));
  }
  d.set("translations", std::move(translations));
  std::vector<std::pair<std::string, std::string>> missing;
  for (auto l : i18n::kLocales)
    if (!have.count(std::string(l))) missing.emplace_back(std::string(l), std::string(i18n::native_name(l)));
  d.set("missing_langs", web::options(missing, ""));
  d.set("can_translate", !missing.empty());
  d.set("completions", std::to_string(store::completions_of(c, p.group_id).size()));
  errors.into(d, ctx);
  return ctx.page(ctx.t("paths.edit.title", {{"title", p.title}}), "paths/author_edit", d, std::move(status));
}

Response list(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto publishable = orgs::publishable(*c, *ctx.user);
  if (publishable.empty()) return ctx.error(403, "paths.forbidden");
  std::vector<std::int64_t> ids;
  for (const auto& o : publishable) ids.push_back(o.id);
  view::List rows;
  for (const auto& p : store::of_orgs(*c, ids)) {
    auto d = card(ctx, p);
    d.set("edit_url", edit_url(p.id));
    d.set("state", ctx.t(p.published ? "paths.state.published" : "paths.state.draft"));
    rows.push_back(std::move(d));
  }
  view::Data d;
  d.set("paths", rows);
  d.set("has_paths", !rows.empty());
  return ctx.page(ctx.t("paths.author.title"), "paths/author_list", std::move(d));
}

Response new_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto publishable = orgs::publishable(*c, *ctx.user);
  if (publishable.empty()) return ctx.error(403, "paths.forbidden");
  Path p;
  p.org_id = publishable.front().id;
  p.lang = ctx.locale;
  return new_page(ctx, *c, p, {}, 200);
}

Response create(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<PathForm>(ctx, true);
  auto c = ctx.db().acquire();
  Path p;
  p.org_id = form.org_id.value_or(0);
  if (!policy::may_manage(ctx.actor(), p.org_id)) return ctx.error(403, "paths.forbidden");
  form.apply(p);
  p.issuer_ids = form.issuer_ids();
  auto errors = check(form, all_org_ids(*c));
  if (!errors.empty()) return new_page(ctx, *c, p, errors, 422);
  auto id = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& tx) {
    auto id = store::create(tx, p, ctx.user->id);
    store::set_issuers(tx, id, p.issuer_ids);
    return id;
  });
  log::info("path created", "\"path_id\":" + std::to_string(id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash("paths.created");
  return ctx.redirect(edit_url(id));
}

Response edit_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto p = find_managed(*c, ctx, ctx.path_id("id"));
  return edit_page(ctx, *c, p, {}, 200);
}

Response update(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto p = find_managed(*c, ctx, ctx.path_id("id"));
  auto form = web::read_form<PathForm>(ctx, false);
  auto entered = p;
  form.apply(entered);
  entered.issuer_ids = form.issuer_ids();
  auto errors = check(form, all_org_ids(*c));
  if (!errors.empty()) return edit_page(ctx, *c, p, errors, 422, &entered);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& tx) {
    store::update(tx, entered);
    store::set_issuers(tx, p.id, entered.issuer_ids);
  });
  ctx.flash("paths.saved");
  return ctx.redirect(edit_url(p.id));
}

// Runs a change to the steps in one transaction; on a published path, a change that would leave
// it impossible to complete is undone and refused.
template <class F>
std::optional<Response> change_structure(Ctx& ctx, const Path& p, F&& fn) {
  try {
    ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
      fn(c);
      if (p.published && !structure_problems(store::steps(c, p.id)).empty()) throw BrokenPublished{};
      c.exec("UPDATE paths SET updated_at = ? WHERE id = ?", {util::now_unix(), p.id});
      if (p.published) store::index(c, p.id);
    });
  } catch (const BrokenPublished&) {
    return ctx.error(409, "paths.published_must_stay_complete");
  }
  return std::nullopt;
}

Response set_published(Ctx& ctx, bool published) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto p = find_managed(*c, ctx, ctx.path_id("id"));
  web::FormInput(ctx).finish();
  if (published) {
    auto problems = structure_problems(store::steps(*c, p.id));
    if (!problems.empty()) {
      FormErrors errors;
      for (const auto& key : problems) errors.add("steps", key);
      return edit_page(ctx, *c, p, errors, 422);
    }
  }
  store::set_published(*c, p.id, published);
  log::info(published ? "path published" : "path unpublished",
            "\"path_id\":" + std::to_string(p.id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash(published ? "paths.published" : "paths.unpublished");
  return ctx.redirect(edit_url(p.id));
}
Response publish(Ctx& ctx) { return set_published(ctx, true); }
Response unpublish(Ctx& ctx) { return set_published(ctx, false); }

Response remove(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto p = find_managed(*c, ctx, ctx.path_id("id"));
  web::FormInput(ctx).finish();
  if (store::has_completions(*c, p.id)) return ctx.error(409, "paths.delete.has_completions");
  store::remove(*c, p.id);
  log::info("path deleted", "\"path_id\":" + std::to_string(p.id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash("paths.deleted");
  return ctx.redirect("/author/paths");
}

// A translation: the same steps and co-issuers in another language, as a draft to translate.
Response translate(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto p = find_managed(*c, ctx, ctx.path_id("id"));
  web::FormInput in(ctx);
  auto lang = in.text("lang");
  in.finish();
  if (!i18n::supported(lang)) return ctx.error(422, "validation.choice.invalid");
  for (const auto& t : store::translations(*c, p))
    if (t.lang == lang) return ctx.error(409, "paths.translate.exists");
  auto steps = store::steps(*c, p.id);
  auto id = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& tx) {
    auto copy = p;
    copy.lang = lang;
    copy.translation_of = p.translation_of.value_or(p.id);
    auto id = store::create(tx, copy, ctx.user->id);
    store::set_issuers(tx, id, p.issuer_ids);
    for (const auto& s : steps) {
      auto sid = store::add_step(tx, id, s.title, s.need);
      for (const auto& q : s.requirements) store::add_requirement(tx, sid, id, q);
    }
    return id;
  });
  ctx.flash("paths.translate.created");
  return ctx.redirect(edit_url(id));
}

Response add_step(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto p = find_managed(*c, ctx, ctx.path_id("id"));
  auto form = web::read_form<StepForm>(ctx);
  auto errors = check(form, 0);
  if (store::steps(*c, p.id).size() >= static_cast<std::size_t>(kMaxSteps))
    errors.add("title", "paths.validation.too_many_steps", {{"max", std::to_string(kMaxSteps)}});
  if (!errors.empty()) return edit_page(ctx, *c, p, errors, 422);
  // A new step is empty until its requirements are added: on a published path that is allowed
  // only together with them, so the step is added to a draft, or to a path unpublished first.
  if (p.published) return ctx.error(409, "paths.published_must_stay_complete");
  store::add_step(*c, p.id, form.title, static_cast<int>(*form.need));
  ctx.flash("paths.step.added");
  return ctx.redirect(edit_url(p.id) + "#steps-heading");
}

// The step, checked to belong to the path in the address.
store::StepRef step_of(db::Connection& c, const Path& p, std::int64_t step_id) {
  auto s = store::step(c, step_id);
  if (!s || s->path_id != p.id) throw web::Reject{404, "errors.not_found"};
  return *s;
}

Response update_step(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto p = find_managed(*c, ctx, ctx.path_id("id"));
  auto s = step_of(*c, p, ctx.path_id("sid"));
  auto form = web::read_form<StepForm>(ctx);
  auto errors = check(form, s.requirements);
  if (!errors.empty()) return edit_page(ctx, *c, p, errors, 422);
  if (auto refused = change_structure(ctx, p, [&](db::Connection& tx) {
        store::update_step(tx, s.id, form.title, static_cast<int>(*form.need));
      }))
    return *refused;
  ctx.flash("paths.step.saved");
  return ctx.redirect(edit_url(p.id) + "#step-" + std::to_string(s.id));
}

Response delete_step(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto p = find_managed(*c, ctx, ctx.path_id("id"));
  web::FormInput(ctx).finish();
  auto s = step_of(*c, p, ctx.path_id("sid"));
  if (auto refused = change_structure(ctx, p, [&](db::Connection& tx) { store::delete_step(tx, s.id); })) return *refused;
  ctx.flash("paths.step.deleted");
  return ctx.redirect(edit_url(p.id) + "#steps-heading");
}

Response move_step(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto p = find_managed(*c, ctx, ctx.path_id("id"));
  auto s = step_of(*c, p, ctx.path_id("sid"));
  web::FormInput in(ctx);
  auto direction = in.text("direction");
  in.finish();
  if (direction != "up" && direction != "down") return ctx.error(400, "errors.bad_request");
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& tx) { store::move_step(tx, s.id, direction == "up" ? -1 : 1); });
  return ctx.redirect(edit_url(p.id) + "#step-" + std::to_string(s.id));
}

Response add_requirement(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto p = find_managed(*c, ctx, ctx.path_id("id"));
  auto s = step_of(*c, p, ctx.path_id("sid"));
  auto form = web::read_form<RequirementForm>(ctx);
  Named named;
  if (form.kind == "course" && form.course_id) {
    auto found = catalog::courses_by_id(*c, {*form.course_id});
    if (!found.empty()) named = {true, found.front().org_id, false};
  } else if (form.kind == "event" && form.event_id) {
    auto found = events::events_by_id(*c, {*form.event_id});
    if (!found.empty()) named = {true, found.front().org_id, false};
  } else if (form.kind == "path" && form.path_id) {
    if (auto sub = store::find(*c, *form.path_id))
      named = {true, sub->org_id, *form.path_id == p.id || makes_cycle(p.id, *form.path_id, store::sub_paths(*c))};
  }
  std::vector<std::string> areas;
  for (const auto& [code, name] : assessment::default_areas(*c, ctx.locale)) areas.push_back(code);
  auto errors = check(form, named, allowed_orgs(p), areas, s.requirements);
  if (!errors.empty()) return edit_page(ctx, *c, p, errors, 422);
  try {
    if (auto refused = change_structure(ctx, p, [&](db::Connection& tx) {
          // Checked again inside the transaction: a concurrent change could have made the cycle.
          if (form.kind == "path" && makes_cycle(p.id, *form.path_id, store::sub_paths(tx))) throw CycleFound{};
          store::add_requirement(tx, s.id, p.id, form.requirement());
        }))
      return *refused;
  } catch (const CycleFound&) {
    named.cycle = true;
    return edit_page(ctx, *c, p, check(form, named, allowed_orgs(p), areas, s.requirements), 422);
  }
  ctx.flash("paths.requirement.added");
  return ctx.redirect(edit_url(p.id) + "#step-" + std::to_string(s.id));
}

Response delete_requirement(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto p = find_managed(*c, ctx, ctx.path_id("id"));
  web::FormInput(ctx).finish();
  auto q = store::requirement(*c, ctx.path_id("rid"));
  if (!q || q->path_id != p.id) return ctx.error(404, "errors.not_found");
  if (auto refused = change_structure(ctx, p, [&](db::Connection& tx) { store::delete_requirement(tx, q->id); }))
    return *refused;
  ctx.flash("paths.requirement.deleted");
  return ctx.redirect(edit_url(p.id) + "#step-" + std::to_string(q->step_id));
}

Response completions(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto c = ctx.db().acquire();
  auto p = find_managed(*c, ctx, ctx.path_id("id"));
  view::List rows;
  for (const auto& k : store::completions_of(*c, p.group_id)) {
    view::Data x;
    x.set("name", k.display_name);
    x.set("date", i18n::format_date(ctx.locale, k.completed_at, ctx.zone()));
    x.set("title", k.title);
    rows.push_back(std::move(x));
  }
  auto d = card(ctx, p);
  d.set("rows", rows);
  d.set("has_rows", !rows.empty());
  d.set("following", std::to_string(store::followers(*c, p.group_id)));
  d.set("edit_url", edit_url(p.id));
  return ctx.page(ctx.t("paths.completions.title"), "paths/completions", std::move(d));
}

}  // namespace

void register_authoring(web::App& app) {
  app.route("GET", "/author/paths", web::Access::kPublisher, list);
  app.route("GET", "/author/paths/new", web::Access::kPublisher, new_form);
  app.route("POST", "/author/paths/new", web::Access::kPublisher, create);
  app.route("GET", "/author/paths/{id}", web::Access::kPublisher, edit_form);
  app.route("POST", "/author/paths/{id}", web::Access::kPublisher, update);
  app.route("POST", "/author/paths/{id}/publish", web::Access::kPublisher, publish);
  app.route("POST", "/author/paths/{id}/unpublish", web::Access::kPublisher, unpublish);
  app.route("POST", "/author/paths/{id}/delete", web::Access::kPublisher, remove);
  app.route("POST", "/author/paths/{id}/translate", web::Access::kPublisher, translate);
  app.route("POST", "/author/paths/{id}/steps", web::Access::kPublisher, add_step);
  app.route("POST", "/author/paths/{id}/steps/{sid}", web::Access::kPublisher, update_step);
  app.route("POST", "/author/paths/{id}/steps/{sid}/delete", web::Access::kPublisher, delete_step);
  app.route("POST", "/author/paths/{id}/steps/{sid}/move", web::Access::kPublisher, move_step);
  app.route("POST", "/author/paths/{id}/steps/{sid}/requirements", web::Access::kPublisher, add_requirement);
  app.route("POST", "/author/paths/{id}/requirements/{rid}/delete", web::Access::kPublisher, delete_requirement);
  app.route("GET", "/author/paths/{id}/completions", web::Access::kPublisher, completions);
}

}  // namespace cityskills::paths
