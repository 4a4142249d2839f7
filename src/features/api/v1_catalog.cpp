// /api/v1/courses, /api/v1/paths and /api/v1/enrolments: the catalogue's and the learning
// paths' own stores and policies behind JSON (what their pages show, to the same people).
#include <array>

#include "features/accounts/api.hpp"
#include "features/api/kit.hpp"
#include "features/api/policy.hpp"
#include "features/api/routes.hpp"
#include "features/api/subject.hpp"
#include "features/catalog/policy.hpp"
#include "features/catalog/store.hpp"
#include "features/paths/policy.hpp"
#include "features/paths/store.hpp"
#include "util/strings.hpp"

namespace cityskills::api {
namespace {

using http::Response;
using web::Ctx;

std::string course_json(const Ctx& ctx, const catalog::Course& x) {
  Object o;
  o.num("id", x.id)
      .str("title", x.title)
      .str("summary", x.summary)
      .str("lang", x.lang)
      .str("level", x.level)
      .str("audience", x.audience)
      .raw("organisation", Object().num("id", x.org_id).str("name", x.org_name).str("slug", x.org_slug).done())
      .strs("competences", x.competences)
      .num("minutes", x.minutes)
      .num("lessons", x.lessons)
      .boolean("published", x.published)
      .time("published_at", x.published ? std::optional<std::int64_t>(x.published_at) : std::nullopt)
      .str("url", ctx.svc.config.public_url + "/courses/" + std::to_string(x.id));
  return o.done();
}

// The lang and org filters of a list: a language the site has, an organisation's id.
void read_filters(const Ctx& ctx, std::string& lang, std::optional<std::int64_t>& org) {
  if (auto l = lang_param(ctx, "lang")) lang = *l;
  org = id_param(ctx, "org");
}

Response list_courses(Ctx& ctx) {
  auto page = read_page(ctx, "courses", 2, {"lang", "org"});
  catalog::store::Filter f;
  f.reader_lang = ctx.locale;
  read_filters(ctx, f.lang, f.org_id);
  f.after = after_pair(page);
  auto c = ctx.db().acquire();
  return list_page(
      ctx, "courses", page, catalog::store::catalogue(*c, f, page.limit + 1, 0),
      [](const catalog::Course& x) { return std::vector<std::int64_t>{x.published_at, x.id}; },
      [&](const catalog::Course& x) { return course_json(ctx, x); });
}

// A course the caller may see (drafts to its authors only), else 404 as on the pages.
catalog::Course visible_course(Ctx& ctx, db::Connection& c, std::int64_t id) {
  auto x = catalog::store::find(c, id);
  if (!x || !catalog::policy::may_view(ctx.actor(), x->org_id, x->published)) throw Problem{404, "errors.not_found"};
  return *x;
}

Response course_detail(Ctx& ctx) {
  read_page(ctx, "course", 0);
  auto c = ctx.db().acquire();
  auto x = visible_course(ctx, *c, ctx.path_id("id"));
  std::vector<std::string> modules;
  for (const auto& m : catalog::store::modules(*c, x.id)) {
    std::vector<std::string> lessons;
    for (const auto& l : m.lessons)
      lessons.push_back(Object().num("id", l.id).str("title", l.title).str("kind", l.kind).num("minutes", l.minutes).done());
    modules.push_back(Object().num("id", m.id).str("title", m.title).raw("lessons", array(lessons)).done());
  }
  auto body = course_json(ctx, x);
  body.pop_back();
  body += ",\"description\":\"" + util::json_escape(x.description) + "\",\"modules\":" + array(modules) + "}";
  return json(200, body);
}

std::string path_json(const Ctx& ctx, const paths::Path& x) {
  return Object()
      .num("id", x.id)
      .str("title", x.title)
      .str("summary", x.summary)
      .str("lang", x.lang)
      .str("level", x.level)
      .str("audience", x.audience)
      .boolean("qualification", x.qualification)
      .raw("organisation", Object().num("id", x.org_id).str("name", x.org_name).str("slug", x.org_slug).done())
      .boolean("published", x.published)
      .time("published_at", x.published ? std::optional<std::int64_t>(x.published_at) : std::nullopt)
      .str("url", ctx.svc.config.public_url + "/paths/" + std::to_string(x.id))
      .done();
}

Response list_paths(Ctx& ctx) {
  auto page = read_page(ctx, "paths", 3, {"lang", "org"});
  paths::store::Filter f;
  f.reader_lang = ctx.locale;
  read_filters(ctx, f.lang, f.org_id);
  if (page.after) f.after = std::array<std::int64_t, 3>{(*page.after)[0], (*page.after)[1], (*page.after)[2]};
  auto c = ctx.db().acquire();
  return list_page(
      ctx, "paths", page, paths::store::list(*c, f, page.limit + 1, 0),
      [](const paths::Path& x) { return std::vector<std::int64_t>{x.qualification ? 1 : 0, x.published_at, x.id}; },
      [&](const paths::Path& x) { return path_json(ctx, x); });
}

// A path with its steps and what each asks for (drafts only to those who may manage them).
Response path_detail(Ctx& ctx) {
  read_page(ctx, "path", 0);
  auto c = ctx.db().acquire();
  auto x = paths::store::find(*c, ctx.path_id("id"));
  if (!x || !paths::policy::may_view(ctx.actor(), x->org_id, x->published)) throw Problem{404, "errors.not_found"};
  std::vector<std::string> steps;
  for (const auto& st : paths::store::steps(*c, x->id)) {
    std::vector<std::string> reqs;
    for (const auto& r : st.requirements) {
      Object o;
      o.str("kind", r.kind).str("title", r.title);
      if (r.course_id) o.num("course_id", *r.course_id);
      if (r.event_id) o.num("event_id", *r.event_id);
      if (r.sub_path_id) o.num("path_id", *r.sub_path_id);
      if (r.kind == "level") o.str("area", r.area).str("band", r.band);
      reqs.push_back(o.done());
    }
    steps.push_back(Object().num("id", st.id).str("title", st.title).num("need", st.need).raw("requirements", array(reqs)).done());
  }
  auto body = path_json(ctx, *x);
  body.pop_back();
  body += ",\"description\":\"" + util::json_escape(x->description) + "\",\"steps\":" + array(steps) + "}";
  return json(200, body);
}

std::string enrolment_json(const Ctx& ctx, std::int64_t person, const catalog::store::Enrolment& e) {
  return Object()
      .num("person_id", person)
      .raw("course", course_json(ctx, e.course))
      .time("enrolled_at", e.enrolled_at)
      .num("lessons_done", e.done)
      .num("lessons", e.course.lessons)
      .time("completed_at", e.completed_at ? std::optional<std::int64_t>(e.completed_at) : std::nullopt)
      .done();
}

Response list_enrolments(Ctx& ctx) {
  read_page(ctx, "enrolments", 0, {"person"});
  auto person = id_param(ctx, "person");
  auto c = ctx.db().acquire();
  auto who = subject(ctx, *c, person);
  return list_all(catalog::store::my_learning(*c, who), [&](const auto& e) { return enrolment_json(ctx, who, e); });
}

// Enrolling twice changes nothing (200 the second time, 201 the first).
Response enrol(Ctx& ctx) {
  auto body = read_body(ctx, {{"course_id", Type::kInteger}, {"person_id", Type::kInteger, false}});
  std::optional<std::int64_t> person;
  if (body.count("person_id")) person = body.at("person_id").integer;
  auto created = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    auto who = subject(ctx, c, person);
    auto x = visible_course(ctx, c, body.at("course_id").integer);
    if (!x.published) throw Problem{409, "api.errors.course_not_published"};
    bool was = catalog::store::enrolled(c, who, x.id);
    if (!was) catalog::store::enrol(c, who, x.id);
    return std::make_pair(!was, who);
  });
  auto c = ctx.db().acquire();
  for (const auto& e : catalog::store::my_learning(*c, created.second))
    if (e.course.id == body.at("course_id").integer)
      return json(created.first ? 201 : 200, enrolment_json(ctx, created.second, e));
  throw Problem{404, "errors.not_found"};
}

}  // namespace

void register_catalog_routes(web::App& app) {
  token_route(app, "GET", "/api/v1/courses", "courses:read", list_courses);
  token_route(app, "GET", "/api/v1/courses/{id}", "courses:read", course_detail);
  token_route(app, "GET", "/api/v1/paths", "courses:read", list_paths);
  token_route(app, "GET", "/api/v1/paths/{id}", "courses:read", path_detail);
  token_route(app, "GET", "/api/v1/enrolments", "enrolments:read", list_enrolments);
  token_route(app, "POST", "/api/v1/enrolments", "enrolments:write", enrol);
}

}  // namespace cityskills::api
