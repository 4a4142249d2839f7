// Learning paths for learners: the list with filters, a path's page with its steps and the
// person's progress, following a path, and the paths and awards on "My learning".
#include <algorithm>

#include "features/assessment/api.hpp"
#include "features/orgs/api.hpp"
#include "features/paths/api.hpp"
#include "features/paths/pages.hpp"
#include "features/paths/policy.hpp"
#include "features/paths/store.hpp"
#include "util/log.hpp"
#include "view/markdown.hpp"
#include "web/extensions.hpp"
#include "web/form_input.hpp"
#include "web/forms.hpp"
#include "web/list_params.hpp"
#include "web/processing.hpp"
#include "web/login_link.hpp"

namespace cityskills::paths {

void register_authoring(web::App& app);

namespace detail {

bool can_manage(db::Connection&, const web::Ctx& ctx, const Path& p) { return policy::may_manage(ctx.actor(), p.org_id); }

Path find_visible(db::Connection& c, const web::Ctx& ctx, std::int64_t id) {
  auto p = store::find(c, id);
  if (!p || !policy::may_view(ctx.actor(), p->org_id, p->published)) throw web::Reject{404, "errors.not_found"};
  return *p;
}

Path find_managed(db::Connection& c, const web::Ctx& ctx, std::int64_t id) {
  auto p = store::find(c, id);
  if (!p) throw web::Reject{404, "errors.not_found"};
  if (!can_manage(c, ctx, *p)) {
    log::warn("path change refused", "\"path_id\":" + std::to_string(id) + ",\"user_id\":" +
                                         std::to_string(ctx.user ? ctx.user->id : 0));
    throw web::Reject{403, "paths.forbidden"};
  }
  return *p;
}

view::Data card(const web::Ctx& ctx, const Path& p) {
  view::Data d;
  d.set("id", std::to_string(p.id));
  d.set("url", "/paths/" + std::to_string(p.id));
  d.set("title", p.title);
  d.set("summary", p.summary);
  d.set("lang", p.lang);
  d.set("lang_name", std::string(i18n::native_name(p.lang)));
  d.set("level", ctx.t("common.level." + p.level));
  d.set("audience", ctx.t("catalog.audience." + p.audience));
  d.set("org", p.org_name);
  std::string issuers = p.org_name;
  for (const auto& n : p.issuer_names) issuers += ", " + n;
  d.set("issuers", std::move(issuers));
  d.set("qualification", p.qualification);
  d.set("published", p.published);
  return d;
}

std::string level_label(const web::Ctx& ctx, db::Connection& c, const Requirement& r) {
  std::string area = r.area;
  for (const auto& [code, name] : assessment::default_areas(c, ctx.locale))
    if (code == r.area) area = code + ". " + name;
  return ctx.t("paths.requirement.level_text", {{"band", ctx.t("common.level." + r.band)}, {"area", area}});
}

view::List step_items(const web::Ctx& ctx, db::Connection& c, const std::vector<Step>& steps,
                      const PathProgress* progress, bool authoring) {
  view::List out;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const auto& s = steps[i];
    view::Data d;
    d.set("id", std::to_string(s.id));
    d.set("step_id", std::to_string(s.id));
    d.set("path_id", std::to_string(s.path_id));
    d.set("raw_title", s.title);
    d.set("number", std::to_string(i + 1));
    d.set("title", s.title.empty() ? ctx.t("paths.step.numbered", {{"n", std::to_string(i + 1)}}) : s.title);
    d.set("need", std::to_string(s.need));
    d.set("count", std::to_string(s.requirements.size()));
    d.set("elective", s.requirements.size() > 1 || s.need > 1);
    d.set("need_text", ctx.t("paths.step.need", {{"need", std::to_string(s.need)},
                                                  {"count", std::to_string(s.requirements.size())}}));
    d.set("first", i == 0);
    d.set("last", i + 1 == steps.size());
    if (progress) {
      const auto& sp = progress->steps[i];
      d.set("tracked", true);
      d.set("done", sp.done);
      d.set("status", sp.done ? ctx.t("paths.step.done")
                              : ctx.t("paths.step.progress", {{"met", std::to_string(sp.met)}, {"need", std::to_string(s.need)}}));
    }
    view::List reqs;
    for (std::size_t j = 0; j < s.requirements.size(); ++j) {
      const auto& r = s.requirements[j];
      view::Data q;
      // Every optional key is set: a missing one would be looked up in the path's own data.
      for (const char* key : {"href", "when", "lang_name", "unavailable", "met"}) q.set(key, false);
      q.set("id", std::to_string(r.id));
      q.set("kind", ctx.t("paths.kind." + r.kind));
      if (r.kind == "course" && r.course_id) {
        q.set("href", "/courses/" + std::to_string(*r.course_id));
        q.set("text", r.title);
      } else if (r.kind == "event" && r.event_id) {
        q.set("href", "/events/" + std::to_string(*r.event_id));
        q.set("text", r.title);
        if (r.starts_at) q.set("when", i18n::format_range(ctx.locale, r.starts_at, r.ends_at, r.time_zone));
      } else if (r.kind == "path" && r.sub_path_id) {
        q.set("href", "/paths/" + std::to_string(*r.sub_path_id));
        q.set("text", r.title);
      } else {
        q.set("text", level_label(ctx, c, r));
        if (!authoring) q.set("href", "/assessment");
      }
      q.set("lang", r.lang.empty() ? ctx.locale : r.lang);
      if (!r.lang.empty() && r.lang != ctx.locale) q.set("lang_name", std::string(i18n::native_name(r.lang)));
      if (!r.available) q.set("unavailable", true);
      if (progress) q.set("met", progress->steps[i].requirement_met[j]);
      reqs.push_back(std::move(q));
    }
    d.set("requirements", std::move(reqs));
    d.set("empty", s.requirements.empty());
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace detail

namespace {

using http::Response;
using web::Ctx;
using namespace detail;

constexpr int kPerPage = 20;

Response list(Ctx& ctx) {
  web::ListParams q(ctx, "/paths", "paths.filter.invalid");
  store::Filter f;
  f.reader_lang = ctx.locale;
  f.audience = q.choice("audience", kAudiences);
  f.level = q.choice("level", kBands);
  f.lang = q.language();
  auto c = ctx.db().acquire();
  std::string org_slug;
  f.org_id = orgs::org_filter(*c, q, org_slug);
  f.qualifications_only = q.choice("qualification", {"1"}) == "1";
  auto items = store::list(*c, f, kPerPage + 1, q.offset(kPerPage));
  view::Data d;
  view::List cards;
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < items.size() && i < static_cast<std::size_t>(kPerPage); ++i) ids.push_back(items[i].id);
  auto all_steps = store::steps_of(*c, ids);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto card_data = card(ctx, items[i]);
    card_data.set("steps", std::to_string(all_steps[ids[i]].size()));
    cards.push_back(std::move(card_data));
  }
  d.set("paths", std::move(cards));
  d.set("levels", web::filter_menu(ctx, "common.level.", kBands, f.level));
  d.set("audiences", web::filter_menu(ctx, "catalog.audience.", kAudiences, f.audience));
  d.set("languages", web::language_menu(ctx, f.lang));
  d.set("orgs", orgs::org_menu(*c, ctx, org_slug));
  d.set("qualification_only", f.qualifications_only);
  d.set("can_write", ctx.user && !orgs::publishable(*c, *ctx.user).empty());
  q.paging(d, items.size(), kPerPage);
  return ctx.page(ctx.t("paths.list.title"), "paths/list", std::move(d));
}

Response show(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto p = find_visible(*c, ctx, ctx.path_id("id"));
  auto steps = store::steps(*c, p.id);
  auto d = card(ctx, p);
  d.set("description", view::render_markdown(p.description).html);
  if (!p.published) d.set("draft", true);
  view::List translations;
  for (const auto& t : store::translations(*c, p))
    if (t.id != p.id && t.published) {
      view::Data x;
      x.set("url", "/paths/" + std::to_string(t.id));
      x.set("lang", t.lang);
      x.set("lang_name", std::string(i18n::native_name(t.lang)));
      translations.push_back(std::move(x));
    }
  d.set("has_translations", !translations.empty());
  d.set("translations", std::move(translations));
  std::optional<PathProgress> progress;
  if (ctx.user) {
    d.set("signed_in", true);
    bool following = store::following(*c, ctx.user->id, p.id);
    d.set("following", following);
    auto done = store::completion(*c, ctx.user->id, p.group_id);
    if (done) {
      d.set("completed", true);
      d.set("completed_on", i18n::format_date(ctx.locale, done->completed_at, ctx.zone()));
    }
    auto f = store::facts(*c, ctx.user->id, p.id);
    progress = evaluate(steps, f);
    // A completed path shows every step as done: what completed it stays.
    if (done)
      for (auto& s : progress->steps) s.done = true;
    if (done) progress->done = static_cast<int>(steps.size());
    d.set("progress", std::to_string(done ? 100 : progress->percent));
    d.set("progress_text", ctx.t("paths.progress", {{"done", std::to_string(done ? steps.size() : static_cast<std::size_t>(progress->done))},
                                                   {"count", std::to_string(steps.size())}}));
  } else {
    d.set("login_next", web::login_link("/paths/" + std::to_string(p.id)));
  }
  d.set("steps", step_items(ctx, *c, steps, progress ? &*progress : nullptr, false));
  d.set("has_steps", !steps.empty());
  d.set("can_manage", can_manage(*c, ctx, p));
  return ctx.page(p.title, "paths/show", std::move(d));
}

Response set_following(Ctx& ctx, bool follow) {
  if (auto r = ctx.require_user()) return *r;
  web::FormInput(ctx).finish();
  auto id = ctx.path_id("id");
  {
    auto c = ctx.db().acquire();
    auto p = store::find(*c, id);
    if (!p || !p->published) return ctx.error(404, "errors.not_found");
  }
  bool awarded = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    if (!follow) {
      store::unfollow(c, ctx.user->id, id);
      return false;
    }
    store::follow(c, ctx.user->id, id);
    // What the person achieved before following counts at once.
    auto before = store::completions_by(c, ctx.user->id).size();
    refresh(c, ctx.user->id);
    return store::completions_by(c, ctx.user->id).size() > before;
  });
  ctx.flash(follow ? (awarded ? "paths.completed_now" : "paths.following") : "paths.unfollowed");
  return ctx.redirect("/paths/" + std::to_string(id));
}

Response follow(Ctx& ctx) { return set_following(ctx, true); }
Response unfollow(Ctx& ctx) { return set_following(ctx, false); }

// Whether the person follows or has completed any path, read by the session's statement
// (web::SessionColumn): most people have done neither, and their "My learning" and profile
// then read nothing of paths.
constexpr std::string_view kInvolvedColumn = "paths.involved";
constexpr const char* kInvolvedSql =
    "CASE WHEN EXISTS (SELECT 1 FROM path_followers f WHERE f.user_id = u.id) OR "
    "EXISTS (SELECT 1 FROM path_completions k WHERE k.user_id = u.id) THEN '1' ELSE '0' END";

bool involved(const Ctx& ctx) {
  auto it = ctx.user->extra.find(kInvolvedColumn);
  return it == ctx.user->extra.end() || !it->second || *it->second != "0";
}

// The paths and qualifications completed, as the profile and "My learning" list them.
view::List award_list(const Ctx& ctx, const std::vector<store::Completion>& awards) {
  view::List out;
  for (const auto& a : awards) {
    view::Data x;
    x.set("title", a.title);
    if (a.path_id) x.set("url", "/paths/" + std::to_string(*a.path_id));
    x.set("qualification", a.qualification);
    x.set("completed_on", i18n::format_date(ctx.locale, a.completed_at, ctx.zone()));
    out.push_back(std::move(x));
  }
  return out;
}

// The profile: the paths and qualifications the person completed.
std::string profile_section(Ctx& ctx) {
  if (!ctx.user) return "";
  auto c = ctx.db().acquire();
  auto done = award_list(ctx, involved(ctx) ? store::completions_by(*c, ctx.user->id) : std::vector<store::Completion>{});
  view::Data d;
  d.set("awards", done);
  d.set("has_awards", !done.empty());
  return view::render(ctx.locale, "paths/profile", d);
}

// "My learning": the paths followed, with progress, and the awards.
std::string my_learning_section(Ctx& ctx) {
  if (!ctx.user) return "";
  auto c = ctx.db().acquire();
  std::vector<Path> followed;
  std::vector<store::Completion> awards;
  if (involved(ctx)) {
    followed = store::followed(*c, ctx.user->id);
    awards = store::completions_by(*c, ctx.user->id);
  }
  auto completed = [&](const Path& p) {
    return std::any_of(awards.begin(), awards.end(), [&](const auto& a) { return a.group_id == p.group_id; });
  };
  view::Data d;
  view::List current;
  // One read of what the person achieved and of every path's steps, whatever the number of
  // paths, and none when every path followed is completed.
  std::vector<std::int64_t> ids;
  for (const auto& p : followed)
    if (!completed(p)) ids.push_back(p.id);
  Facts facts;
  std::map<std::int64_t, std::vector<Step>> all_steps;
  if (!ids.empty()) {
    facts = store::facts(*c, ctx.user->id);
    all_steps = store::steps_of(*c, ids);
  }
  for (const auto& p : followed) {
    if (completed(p)) continue;
    const auto& steps = all_steps[p.id];
    auto pr = evaluate(steps, facts);
    auto x = card(ctx, p);
    x.set("progress", std::to_string(pr.percent));
    x.set("progress_text", ctx.t("paths.progress", {{"done", std::to_string(pr.done)}, {"count", std::to_string(steps.size())}}));
    current.push_back(std::move(x));
  }
  auto done = award_list(ctx, awards);
  d.set("paths", current);
  d.set("has_paths", !current.empty());
  d.set("awards", done);
  d.set("has_awards", !done.empty());
  return view::render(ctx.locale, "paths/my", d);
}

}  // namespace

void register_routes(web::App& app) {
  // What this feature keeps about people, for the records of processing (GDPR art. 30).
  web::declare_account_data("paths", "paths", {"staff", "organisation"},
                            {"paths", "path_followers", "path_step_records", "path_completions"});
  app.services().session_columns.push_back({std::string(kInvolvedColumn), kInvolvedSql});
  app.route("GET", "/paths", web::Access::kAnyone, list, web::shared_page());
  app.route("GET", "/paths/{id}", web::Access::kAnyone, show, web::shared_page());
  app.route("POST", "/paths/{id}/follow", web::Access::kSignedIn, follow);
  app.route("POST", "/paths/{id}/unfollow", web::Access::kSignedIn, unfollow);
  register_authoring(app);
}

void register_extensions() {
  web::on_achievement([](db::Tx& c, std::int64_t user_id) { refresh(c, user_id); });
  web::add_section("my_learning", my_learning_section);
  web::add_section("profile", profile_section);
  assessment::set_path_source(published_paths);
}

void index_search(db::Connection& c) { store::index_all(c); }

}  // namespace cityskills::paths
