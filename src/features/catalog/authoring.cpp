// The catalogue, author side: authors and organisation admins create and edit their
// organisation's courses, modules, lessons, quizzes and captions in the browser, reorder
// lessons, preview, publish and unpublish. Another organisation's course is a 404.
#include <algorithm>
#include <variant>

#include "features/catalog/api.hpp"
#include "features/catalog/common.hpp"
#include "features/catalog/store.hpp"
#include "features/catalog/video.hpp"
#include "features/catalog/vtt.hpp"
#include "jobs/jobs.hpp"
#include "media/media.hpp"
#include "features/orgs/api.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "view/markdown.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"

namespace cityskills::catalog {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

constexpr std::size_t kMB = 1024 * 1024;
constexpr std::size_t kVideoMax = kVideoMaxBytes;
const std::string kTooLong = "catalog.validation.too_long";

std::string course_admin_url(std::int64_t id) { return "/author/courses/" + std::to_string(id); }

// The course if the signed-in person authors for its organisation; 404 otherwise.
Course authored_course(Ctx& ctx, std::int64_t id) {
  std::optional<Course> course;
  {
    auto c = ctx.db().acquire();
    course = store::find(*c, id);
  }
  if (!course || !can_author(ctx, course->org_id)) {
    if (course)
      log::warn("catalogue authoring refused", "\"request_id\":\"" + ctx.req.request_id +
                                                  "\",\"course_id\":" + std::to_string(id) + ",\"user_id\":" +
                                                  std::to_string(ctx.user ? ctx.user->id : 0));
    throw web::Reject{404, "errors.not_found"};
  }
  return *course;
}

Lesson authored_lesson(Ctx& ctx, std::int64_t id, Course& course) {
  std::optional<Lesson> l;
  {
    auto c = ctx.db().acquire();
    l = store::lesson(*c, id);
  }
  if (!l) throw web::Reject{404, "errors.not_found"};
  course = authored_course(ctx, l->course_id);
  return *l;
}

int int_field(Ctx& ctx, FormErrors& e, const std::string& field, int lo, int hi) {
  auto v = util::parse_int(util::trim(ctx.field(field)));
  if (!v || *v < lo || *v > hi) {
    e.add(field, "catalog.validation.range", {{"min", std::to_string(lo)}, {"max", std::to_string(hi)}});
    return lo;
  }
  return static_cast<int>(*v);
}

// ---- courses ----

std::vector<std::string_view> course_fields() {
  static std::vector<std::string> names = [] {
    std::vector<std::string> n{"org_id", "lang", "title", "summary", "description", "outcomes", "level", "audience",
                               "open_access", "translation_of"};
    for (const auto& code : kCompetences) n.push_back("competence_" + code);
    return n;
  }();
  return {names.begin(), names.end()};
}

view::Data course_form(Ctx& ctx, const Course& x) {
  view::Data d;
  std::vector<std::pair<std::string, std::string>> org_opts;
  std::vector<std::pair<std::string, std::string>> originals{{"", ctx.t("catalog.author.not_a_translation")}};
  {
    auto c = ctx.db().acquire();
    std::vector<std::int64_t> ids;
    for (const auto& o : orgs::publishable(*c, *ctx.user)) {
      org_opts.emplace_back(std::to_string(o.id), o.name);
      ids.push_back(o.id);
    }
    for (const auto& other : store::of_orgs(*c, ids))
      if (!other.translation_of && other.id != x.id)
        originals.emplace_back(std::to_string(other.id), other.title + " (" + other.lang + ")");
  }
  d.set("orgs", web::options(org_opts, std::to_string(x.org_id)));
  d.set("originals", web::options(originals, x.translation_of ? std::to_string(*x.translation_of) : ""));
  d.set("langs", web::options(language_options(ctx, false), x.lang));
  d.set("levels", web::options(labelled(ctx, kLevels, "catalog.level.", false), x.level));
  d.set("audiences", web::options(labelled(ctx, kAudiences, "catalog.audience.", false), x.audience));
  view::List areas;
  for (const auto& area : {"1", "2", "3", "4", "5"}) {
    view::Data a;
    a.set("name", ctx.t(std::string("catalog.area.") + area));
    view::List comps;
    for (const auto& code : kCompetences)
      if (code.starts_with(std::string(area) + ".")) {
        view::Data cd;
        cd.set("code", code);
        cd.set("label", competence_label(ctx, code));
        cd.set("checked", one_of(code, x.competences));
        comps.push_back(cd);
      }
    a.set("competences", comps);
    areas.push_back(a);
  }
  d.set("areas", areas);
  if (x.id) d.set("id", std::to_string(x.id));
  d.set("title", x.title);
  d.set("summary", x.summary);
  d.set("description", x.description);
  d.set("outcomes", x.outcomes);
  d.set("open_access", x.open_access);
  return d;
}

Course read_course(Ctx& ctx, FormErrors& e, Course x) {
  web::allow_fields(ctx, course_fields());
  x.org_id = util::parse_id(ctx.field("org_id")).value_or(0);
  x.lang = ctx.field("lang");
  x.title = std::string(util::trim(ctx.field("title")));
  x.summary = std::string(util::trim(ctx.field("summary")));
  x.description = ctx.field("description");
  x.outcomes = ctx.field("outcomes");
  x.level = ctx.field("level");
  x.audience = ctx.field("audience");
  x.open_access = ctx.field("open_access") == "1";
  x.competences.clear();
  for (const auto& code : kCompetences)
    if (ctx.field("competence_" + code) == "1") x.competences.push_back(code);
  auto original = ctx.field("translation_of");
  x.translation_of = std::nullopt;
  if (!can_author(ctx, x.org_id)) e.add("org_id", "validation.choice.invalid");
  if (!i18n::supported(x.lang)) e.add("lang", "validation.choice.invalid");
  if (auto err = web::check_name(x.title, kTitleMax)) e.add("title", *err);
  if (auto err = web::check_name(x.summary, kSummaryMax)) e.add("summary", *err);
  web::check_markdown(e, "description", x.description, kDescriptionMax, kTooLong, false);
  web::check_text(e, "outcomes", x.outcomes, kOutcomesMax, kTooLong, false);
  if (!one_of(x.level, kLevels)) e.add("level", "validation.choice.invalid");
  if (!one_of(x.audience, kAudiences)) e.add("audience", "validation.choice.invalid");
  if (!original.empty()) {
    auto id = util::parse_id(original);
    std::optional<Course> o;
    if (id) {
      auto c = ctx.db().acquire();
      o = store::find(*c, *id);
    }
    // A translation points at an original the author may see, never at itself.
    if (!o || o->id == x.id || !can_author(ctx, o->org_id)) e.add("translation_of", "validation.choice.invalid");
    else x.translation_of = o->translation_of.value_or(o->id);
  }
  return x;
}

Response author_list(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  std::vector<Course> courses;
  bool any_org = false;
  {
    auto c = ctx.db().acquire();
    std::vector<std::int64_t> ids;
    for (const auto& o : orgs::publishable(*c, *ctx.user)) ids.push_back(o.id);
    any_org = !ids.empty();
    courses = store::of_orgs(*c, ids);
  }
  if (!any_org) return ctx.error(403, "catalog.author.forbidden");
  view::List list;
  for (const auto& x : courses) {
    view::Data d;
    d.set("id", std::to_string(x.id));
    d.set("title", x.title);
    d.set("lang", x.lang);
    d.set("org", x.org_name);
    d.set("state", ctx.t(x.published ? "catalog.author.published" : "catalog.author.draft"));
    d.set("lessons", i18n::tn(ctx.locale, "catalog.lessons_count", x.lessons));
    list.push_back(d);
  }
  view::Data d;
  d.set("courses", list);
  d.set("has_courses", !courses.empty());
  return ctx.page(ctx.t("catalog.author.title"), "catalog/author_list", d);
}

Response new_course_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Course x;
  x.lang = ctx.locale;
  auto d = course_form(ctx, x);
  return ctx.page(ctx.t("catalog.author.new_course"), "catalog/course_form", d);
}

Response create_course(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  FormErrors e;
  auto x = read_course(ctx, e, Course{});
  if (!e.empty()) {
    auto d = course_form(ctx, x);
    e.into(d, ctx);
    return ctx.page(ctx.t("catalog.author.new_course"), "catalog/course_form", d, 422);
  }
  std::int64_t id = 0;
  {
    auto c = ctx.db().acquire();
    id = store::create_course(*c, x, ctx.user->id);
    store::add_module(*c, id, ctx.t("catalog.author.first_module"));
  }
  ctx.flash("catalog.author.created");
  return ctx.redirect(course_admin_url(id));
}

void structure_into(Ctx& ctx, const Course& x, view::Data& d) {
  std::vector<Module> modules;
  {
    auto c = ctx.db().acquire();
    modules = store::modules(*c, x.id);
  }
  view::List ml;
  for (const auto& m : modules) {
    view::Data md;
    md.set("id", std::to_string(m.id));
    md.set("title", m.title);
    view::List ls;
    for (std::size_t i = 0; i < m.lessons.size(); ++i) {
      const auto& l = m.lessons[i];
      view::Data ld;
      ld.set("id", std::to_string(l.id));
      ld.set("title", l.title);
      ld.set("kind", ctx.t("catalog.kind." + l.kind));
      ld.set("first", i == 0);
      ld.set("last", i + 1 == m.lessons.size());
      ls.push_back(ld);
    }
    md.set("lessons", ls);
    md.set("empty", m.lessons.empty());
    ml.push_back(md);
  }
  d.set("modules", ml);
  view::List kinds;
  for (const auto& k : kLessonKinds) {
    view::Data kd;
    kd.set("value", k);
    kd.set("label", ctx.t("catalog.kind." + k));
    kinds.push_back(kd);
  }
  d.set("kinds", kinds);
}

void images_into(Ctx& ctx, const Course& x, view::Data& d) {
  view::List list;
  auto c = ctx.db().acquire();
  for (auto id : store::images(*c, x.id))
    if (auto item = media::find(*c, id)) {
      view::Data i;
      auto url = "/courses/" + std::to_string(x.id) + "/images/" + std::to_string(id);
      i.set("url", url);
      i.set("name", item->name);
      i.set("markdown", "![" + ctx.t("catalog.author.image_alt_placeholder") + "](" + url + ")");
      list.push_back(i);
    }
  d.set("images", list);
}

Response course_page(Ctx& ctx, const Course& x, const Course& values, const FormErrors& e, int status) {
  auto d = course_form(ctx, values);
  structure_into(ctx, x, d);
  images_into(ctx, x, d);
  d.set("published", x.published);
  d.set("view_url", "/courses/" + std::to_string(x.id));
  e.into(d, ctx);
  return ctx.page(ctx.t("catalog.author.edit_course") + ": " + x.title, "catalog/author_course", d, status);
}

Response course_dashboard(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto x = authored_course(ctx, ctx.path_id("id"));
  return course_page(ctx, x, x, {}, 200);
}

Response update_course(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto x = authored_course(ctx, ctx.path_id("id"));
  FormErrors e;
  auto values = read_course(ctx, e, x);
  if (!e.empty()) return course_page(ctx, x, values, e, 422);
  {
    auto c = ctx.db().acquire();
    store::update_course(*c, values);
  }
  ctx.flash("common.saved");
  return ctx.redirect(course_admin_url(x.id));
}

Response publish(Ctx& ctx, bool on) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  auto x = authored_course(ctx, ctx.path_id("id"));
  if (on && x.lessons == 0) {
    FormErrors e;
    e.add("publish", "catalog.author.publish_empty");
    return course_page(ctx, x, x, e, 409);
  }
  {
    auto c = ctx.db().acquire();
    store::set_published(*c, x.id, on);
  }
  log::info(on ? "course published" : "course unpublished",
            "\"course_id\":" + std::to_string(x.id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash(on ? "catalog.author.published_now" : "catalog.author.unpublished_now");
  return ctx.redirect(course_admin_url(x.id));
}
Response do_publish(Ctx& ctx) { return publish(ctx, true); }
Response do_unpublish(Ctx& ctx) { return publish(ctx, false); }

// ---- modules ----

// The module title typed in `field`; a bad one re-renders the course page with the error.
std::variant<std::string, Response> module_title(Ctx& ctx, const Course& x, const std::string& field) {
  auto title = std::string(util::trim(ctx.field(field)));
  if (auto err = web::check_name(title, kTitleMax)) {
    FormErrors e;
    e.add("module_title", *err);
    return course_page(ctx, x, x, e, 422);
  }
  return title;
}

Response add_module(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {"module_title"});
  auto x = authored_course(ctx, ctx.path_id("id"));
  auto title = module_title(ctx, x, "module_title");
  if (auto* r = std::get_if<Response>(&title)) return *r;
  {
    auto c = ctx.db().acquire();
    store::add_module(*c, x.id, std::get<std::string>(title));
  }
  ctx.flash("common.saved");
  return ctx.redirect(course_admin_url(x.id) + "#structure");
}

Course module_course(Ctx& ctx, store::ModuleRef& m) {
  std::optional<store::ModuleRef> found;
  {
    auto c = ctx.db().acquire();
    found = store::module(*c, ctx.path_id("mid"));
  }
  if (!found) throw web::Reject{404, "errors.not_found"};
  m = *found;
  return authored_course(ctx, m.course_id);
}

Response rename_module(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {"title"});
  store::ModuleRef m;
  auto x = module_course(ctx, m);
  auto title = module_title(ctx, x, "title");
  if (auto* r = std::get_if<Response>(&title)) return *r;
  {
    auto c = ctx.db().acquire();
    store::rename_module(*c, m.id, std::get<std::string>(title));
  }
  ctx.flash("common.saved");
  return ctx.redirect(course_admin_url(x.id) + "#structure");
}

Response delete_module(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  store::ModuleRef m;
  auto x = module_course(ctx, m);
  {
    auto c = ctx.db().acquire();
    if (c->one("SELECT 1 FROM lessons WHERE module_id = ?", {m.id})) {
      FormErrors e;
      e.add("module_title", "catalog.author.module_not_empty");
      return course_page(ctx, x, x, e, 409);
    }
    store::delete_module(*c, m.id);
  }
  ctx.flash("catalog.author.deleted");
  return ctx.redirect(course_admin_url(x.id) + "#structure");
}

// ---- lessons ----

view::Data lesson_form(Ctx& ctx, const Course& x, const Lesson& l) {
  view::Data d;
  d.set("course_id", std::to_string(x.id));
  d.set("course_title", x.title);
  if (l.id) d.set("id", std::to_string(l.id));
  d.set("module_id", std::to_string(l.module_id));
  d.set("kind", l.kind);
  d.set("kind_label", ctx.t("catalog.kind." + l.kind));
  d.set("is_video", l.kind == "video");
  d.set("is_quiz", l.kind == "quiz");
  d.set("title", l.title);
  d.set("body", l.body);
  d.set("transcript", l.transcript);
  d.set("minutes", std::to_string(l.minutes));
  d.set("allow_download", l.allow_download);
  d.set("pass_mark", std::to_string(l.pass_mark));
  d.set("max_attempts", std::to_string(l.max_attempts));
  std::vector<std::pair<std::string, std::string>> mods;
  {
    auto c = ctx.db().acquire();
    for (const auto& m : store::modules(*c, x.id)) mods.emplace_back(std::to_string(m.id), m.title);
  }
  d.set("modules", web::options(mods, std::to_string(l.module_id)));
  d.set("preview_url", l.id ? "/courses/" + std::to_string(x.id) + "/lessons/" + std::to_string(l.id) : "");
  return d;
}

void lesson_extras(Ctx& ctx, const Lesson& l, view::Data& d) {
  if (!l.id) return;
  auto c = ctx.db().acquire();
  if (l.kind == "quiz") {
    view::List ql;
    int n = 0;
    for (const auto& q : store::questions(*c, l.id)) {
      view::Data qd;
      qd.set("id", std::to_string(q.id));
      qd.set("number", std::to_string(++n));
      qd.set("prompt", q.prompt);
      qd.set("kind", ctx.t("catalog.question_kind." + q.kind));
      ql.push_back(qd);
    }
    d.set("questions", ql);
    d.set("has_questions", n > 0);
  }
  if (l.kind == "video") {
    view::List caps;
    for (const auto& lang : store::caption_langs(*c, l.id)) {
      view::Data cd;
      cd.set("lang", lang);
      cd.set("name", std::string(i18n::native_name(lang)));
      caps.push_back(cd);
    }
    d.set("captions", caps);
    d.set("caption_langs", web::options(language_options(ctx, false), ctx.locale));
    d.set("video_max", std::to_string(kVideoMax / kMB));
    if (l.video_id)
      if (auto item = media::find(*c, *l.video_id)) {
        view::Data v;
        v.set("name", item->name);
        v.set("size", std::to_string((item->size + kMB / 2) / kMB));
        v.set("state", ctx.t("catalog.author.video_state." + item->status));
        v.set("failed", item->status == "failed");
        if (!item->error.empty()) v.set("error", item->error);
        if (item->duration_seconds) v.set("duration", vtt::clock(static_cast<double>(*item->duration_seconds)));
        d.set("video", v);
      }
  }
}

Response lesson_page(Ctx& ctx, const Course& x, const Lesson& values, const FormErrors& e, int status) {
  auto d = lesson_form(ctx, x, values);
  lesson_extras(ctx, values, d);
  e.into(d, ctx);
  auto title = values.id ? ctx.t("catalog.author.edit_lesson") : ctx.t("catalog.author.new_lesson");
  return ctx.page(title, "catalog/lesson_form", d, status);
}

Lesson read_lesson(Ctx& ctx, FormErrors& e, Lesson l, const Course& x) {
  web::allow_fields(ctx, {"title", "body", "transcript", "minutes", "allow_download", "pass_mark", "max_attempts", "module_id", "kind"});
  l.title = std::string(util::trim(ctx.field("title")));
  l.body = ctx.field("body");
  l.transcript = ctx.field("transcript");
  l.minutes = int_field(ctx, e, "minutes", 1, kMinutesMax);
  l.allow_download = ctx.field("allow_download") == "1";
  if (l.kind == "quiz") {
    l.pass_mark = int_field(ctx, e, "pass_mark", 0, 100);
    l.max_attempts = int_field(ctx, e, "max_attempts", 0, kAttemptsMax);
  }
  if (auto err = web::check_name(l.title, kTitleMax)) e.add("title", *err);
  web::check_markdown(e, "body", l.body, kBodyMax, kTooLong, l.kind == "text");
  web::check_markdown(e, "transcript", l.transcript, kBodyMax, kTooLong, false);
  auto mid = util::parse_id(ctx.field("module_id"));
  std::optional<store::ModuleRef> m;
  if (mid) {
    auto c = ctx.db().acquire();
    m = store::module(*c, *mid);
  }
  if (!m || m->course_id != x.id) e.add("module_id", "validation.choice.invalid");
  else l.module_id = m->id;
  return l;
}

Response new_lesson_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  store::ModuleRef m;
  auto x = module_course(ctx, m);
  Lesson l;
  l.course_id = x.id;
  l.module_id = m.id;
  l.kind = ctx.query_value("kind").value_or("text");
  if (!one_of(l.kind, kLessonKinds)) throw web::Reject{400, "catalog.filter.invalid"};
  return lesson_page(ctx, x, l, {}, 200);
}

Response create_lesson(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  store::ModuleRef m;
  auto x = module_course(ctx, m);
  Lesson l;
  l.course_id = x.id;
  l.module_id = m.id;
  l.kind = ctx.field("kind");
  if (!one_of(l.kind, kLessonKinds)) return ctx.error(400, "catalog.filter.invalid");
  FormErrors e;
  l = read_lesson(ctx, e, l, x);
  if (!e.empty()) return lesson_page(ctx, x, l, e, 422);
  std::int64_t id = 0;
  {
    auto c = ctx.db().acquire();
    id = store::create_lesson(*c, l);
  }
  ctx.flash("catalog.author.lesson_created");
  return ctx.redirect("/author/lessons/" + std::to_string(id));
}

Response edit_lesson(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  return lesson_page(ctx, x, l, {}, 200);
}

Response update_lesson(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  if (ctx.field("kind") != l.kind) return ctx.error(400, "errors.unexpected_field");
  FormErrors e;
  auto values = read_lesson(ctx, e, l, x);
  if (!e.empty()) return lesson_page(ctx, x, values, e, 422);
  {
    auto c = ctx.db().acquire();
    store::update_lesson(*c, values);
  }
  ctx.flash("common.saved");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id));
}

Response delete_lesson(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  {
    auto c = ctx.db().acquire();
    store::delete_lesson(*c, l.id);
  }
  log::info("lesson deleted", "\"lesson_id\":" + std::to_string(l.id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash("catalog.author.deleted");
  return ctx.redirect(course_admin_url(x.id) + "#structure");
}

Response move_lesson(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {"direction"});
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  auto dir = ctx.field("direction");
  if (dir != "up" && dir != "down") return ctx.error(400, "errors.bad_request");
  store::move_lesson(ctx.db(), l.id, dir == "up" ? -1 : 1);
  return ctx.redirect(course_admin_url(x.id) + "#structure");
}

// ---- captions ----

Response save_caption(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {"lang", "vtt"});
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  if (l.kind != "video") return ctx.error(404, "errors.not_found");
  auto lang = ctx.field("lang");
  auto text = ctx.field("vtt");
  FormErrors e;
  if (!i18n::supported(lang)) e.add("caption_lang", "validation.choice.invalid");
  auto parsed = vtt::parse(text);
  if (!parsed.ok) e.add("vtt", parsed.error, {{"line", std::to_string(parsed.error_line)}});
  else if (parsed.cues.empty()) e.add("vtt", "catalog.vtt.empty");
  if (!e.empty()) {
    auto d = lesson_form(ctx, x, l);
    lesson_extras(ctx, l, d);
    d.set("vtt", text);
    e.into(d, ctx);
    return ctx.page(ctx.t("catalog.author.edit_lesson"), "catalog/lesson_form", d, 422);
  }
  {
    auto c = ctx.db().acquire();
    store::set_caption(*c, l.id, lang, text);
  }
  ctx.flash("catalog.author.captions_saved");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#captions");
}

Response delete_caption(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {"lang"});
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  {
    auto c = ctx.db().acquire();
    store::delete_caption(*c, l.id, ctx.field("lang"));
  }
  ctx.flash("catalog.author.deleted");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#captions");
}

Response lesson_form_error(Ctx& ctx, const Course& x, const Lesson& l, const std::string& field, int status,
                           const std::string& key, const i18n::Args& args = {}) {
  FormErrors e;
  e.add(field, key, args);
  return lesson_page(ctx, x, l, e, status);
}

// A video file for the lesson: checked and stored by the media store, then read by ffmpeg
// in the background (duration, poster); the author sees the state and any failure here.
Response upload_video(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {"video"});
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  if (l.kind != "video") return ctx.error(404, "errors.not_found");
  const auto* f = ctx.file("video");
  if (!f) return lesson_form_error(ctx, x, l, "video", 422, "catalog.author.choose_file");
  media::Policy policy{{"mp4", "webm"}, {{media::Kind::kVideo, kVideoMax}}};
  auto stored = media::store(ctx.db(), ctx.svc.config.data_dir, {f->filename, f->data}, policy, x.org_id, ctx.user->id);
  if (!stored.ok()) return lesson_form_error(ctx, x, l, "video", stored.status, stored.error_key, stored.args);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    c.exec("UPDATE media SET status = 'processing', error = NULL WHERE id = ?", {stored.item->id});
    store::set_video(c, l.id, stored.item->id);
    jobs::enqueue(c, video::kJobKind, video::job_payload(stored.item->id));
  });
  if (ctx.svc.jobs) ctx.svc.jobs->wake();
  log::info("lesson video uploaded", "\"lesson_id\":" + std::to_string(l.id) + ",\"media_id\":" +
                                         std::to_string(stored.item->id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash("catalog.author.video_uploaded");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#video");
}

// An image for the course's Markdown (description, text lessons): checked by the media store,
// then offered as a Markdown snippet to paste.
Response upload_image(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {"image"});
  auto x = authored_course(ctx, ctx.path_id("id"));
  const auto* f = ctx.file("image");
  auto fail = [&](int status, const std::string& key, const i18n::Args& args) {
    FormErrors e;
    e.add("image", key, args);
    return course_page(ctx, x, x, e, status);
  };
  if (!f) return fail(422, "catalog.author.choose_file", {});
  auto stored = media::store(ctx.db(), ctx.svc.config.data_dir, {f->filename, f->data}, media::image_policy(), x.org_id,
                             ctx.user->id);
  if (!stored.ok()) return fail(stored.status, stored.error_key, stored.args);
  {
    auto c = ctx.db().acquire();
    store::add_image(*c, x.id, stored.item->id);
  }
  ctx.flash("catalog.author.image_uploaded");
  return ctx.redirect(course_admin_url(x.id) + "#images");
}

// A .vtt file instead of pasted text: the same checks as the text form.
Response upload_caption(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {"lang", "captions_file"});
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  if (l.kind != "video") return ctx.error(404, "errors.not_found");
  auto lang = ctx.field("lang");
  const auto* f = ctx.file("captions_file");
  if (!i18n::supported(lang)) return lesson_form_error(ctx, x, l, "caption_lang", 422, "validation.choice.invalid");
  if (!f) return lesson_form_error(ctx, x, l, "captions_file", 422, "catalog.author.choose_file");
  auto name = util::to_lower(f->filename);
  if (!name.ends_with(".vtt")) return lesson_form_error(ctx, x, l, "captions_file", 415, "catalog.vtt.extension");
  auto parsed = vtt::parse(f->data);
  if (!parsed.ok)
    return lesson_form_error(ctx, x, l, "captions_file", parsed.error == "catalog.vtt.too_large" ? 413 : 422, parsed.error,
                             {{"line", std::to_string(parsed.error_line)}});
  if (parsed.cues.empty()) return lesson_form_error(ctx, x, l, "captions_file", 422, "catalog.vtt.empty");
  {
    auto c = ctx.db().acquire();
    store::set_caption(*c, l.id, lang, std::string(f->data));
  }
  ctx.flash("catalog.author.captions_saved");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#captions");
}

// ---- quiz questions ----

// The options textarea: one per line; "*" in front marks a right answer (single, multiple).
std::string options_text(const Question& q) {
  std::string out;
  for (const auto& o : q.options) {
    if (q.kind == "true_false") continue;
    out += (o.correct && (q.kind == "single" || q.kind == "multiple") ? "* " : "") + o.text + "\n";
  }
  return out;
}

view::Data question_form(Ctx& ctx, const Lesson& l, const Question& q, const std::string& options) {
  view::Data d;
  d.set("lesson_id", std::to_string(l.id));
  d.set("lesson_title", l.title);
  if (q.id) d.set("id", std::to_string(q.id));
  d.set("kinds", web::options(labelled(ctx, kQuestionKinds, "catalog.question_kind.", false), q.kind));
  d.set("prompt", q.prompt);
  d.set("feedback", q.feedback);
  d.set("options_text", options);
  bool truth = q.kind == "true_false" && !q.options.empty() && q.options.front().correct;
  d.set("truths", web::options({{"true", ctx.t("catalog.quiz.true")}, {"false", ctx.t("catalog.quiz.false")}},
                               truth ? "true" : "false"));
  return d;
}

Question read_question(Ctx& ctx, FormErrors& e, Question q, std::string& options) {
  web::allow_fields(ctx, {"kind", "prompt", "feedback", "options", "truth"});
  q.kind = ctx.field("kind");
  q.prompt = std::string(util::trim(ctx.field("prompt")));
  q.feedback = std::string(util::trim(ctx.field("feedback")));
  options = ctx.field("options");
  if (!one_of(q.kind, kQuestionKinds)) e.add("kind", "validation.choice.invalid");
  web::check_text(e, "prompt", q.prompt, kPromptMax, kTooLong);
  web::check_text(e, "feedback", q.feedback, kFeedbackMax, kTooLong, false);
  q.options.clear();
  if (q.kind == "true_false") {
    auto truth = ctx.field("truth");
    if (truth != "true" && truth != "false") e.add("truth", "validation.choice.invalid");
    q.options = {{0, 1, "true", truth == "true"}, {0, 2, "false", truth == "false"}};
    return q;
  }
  if (!util::valid_utf8(options)) {
    e.add("options", "validation.text.required");
    return q;
  }
  for (auto line : util::split(options, '\n')) {
    auto t = util::trim(line);
    if (t.empty()) continue;
    bool correct = q.kind == "short" || q.kind == "ordering";
    if ((q.kind == "single" || q.kind == "multiple") && t.starts_with("*")) {
      correct = true;
      t = util::trim(t.substr(1));
    }
    if (util::utf8_length(t) > kOptionMax) {
      e.add("options", "catalog.validation.option_too_long", {{"max", std::to_string(kOptionMax)}});
      return q;
    }
    q.options.push_back({0, static_cast<int>(q.options.size()) + 1, std::string(t), correct});
  }
  if (auto bad = options_problem(q)) e.add("options", *bad, {{"max", std::to_string(kMaxOptions)}});
  return q;
}

Response question_page(Ctx& ctx, const Lesson& l, const Question& q, const std::string& options, const FormErrors& e,
                       int status) {
  auto d = question_form(ctx, l, q, options);
  e.into(d, ctx);
  return ctx.page(ctx.t(q.id ? "catalog.author.edit_question" : "catalog.author.new_question"), "catalog/question_form",
                  d, status);
}

Response new_question_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  if (l.kind != "quiz") return ctx.error(404, "errors.not_found");
  Question q;
  q.lesson_id = l.id;
  return question_page(ctx, l, q, "", {}, 200);
}

Response create_question(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Course x;
  auto l = authored_lesson(ctx, ctx.path_id("lid"), x);
  if (l.kind != "quiz") return ctx.error(404, "errors.not_found");
  FormErrors e;
  std::string options;
  Question q;
  q.lesson_id = l.id;
  q = read_question(ctx, e, q, options);
  if (!e.empty()) return question_page(ctx, l, q, options, e, 422);
  {
    auto c = ctx.db().acquire();
    store::save_question(*c, q);
  }
  ctx.flash("catalog.author.question_saved");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#questions");
}

Question authored_question(Ctx& ctx, Lesson& l) {
  std::optional<Question> q;
  {
    auto c = ctx.db().acquire();
    q = store::question(*c, ctx.path_id("qid"));
  }
  if (!q) throw web::Reject{404, "errors.not_found"};
  Course x;
  l = authored_lesson(ctx, q->lesson_id, x);
  return *q;
}

Response edit_question(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Lesson l;
  auto q = authored_question(ctx, l);
  return question_page(ctx, l, q, options_text(q), {}, 200);
}

Response update_question(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Lesson l;
  auto q = authored_question(ctx, l);
  FormErrors e;
  std::string options;
  auto values = read_question(ctx, e, q, options);
  if (!e.empty()) return question_page(ctx, l, values, options, e, 422);
  {
    auto c = ctx.db().acquire();
    store::save_question(*c, values);
  }
  ctx.flash("catalog.author.question_saved");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#questions");
}

Response delete_question(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  Lesson l;
  auto q = authored_question(ctx, l);
  {
    auto c = ctx.db().acquire();
    store::delete_question(*c, q.id);
  }
  ctx.flash("catalog.author.deleted");
  return ctx.redirect("/author/lessons/" + std::to_string(l.id) + "#questions");
}

}  // namespace

void register_authoring(web::App& app) {
  app.route("GET", "/author/courses", web::Access::kPublisher, author_list);
  app.route("GET", "/author/courses/new", web::Access::kPublisher, new_course_form);
  app.route("POST", "/author/courses/new", web::Access::kPublisher, create_course);
  app.route("GET", "/author/courses/{id}", web::Access::kPublisher, course_dashboard);
  app.route("POST", "/author/courses/{id}", web::Access::kPublisher, update_course);
  app.route("POST", "/author/courses/{id}/publish", web::Access::kPublisher, do_publish);
  app.route("POST", "/author/courses/{id}/unpublish", web::Access::kPublisher, do_unpublish);
  app.route("POST", "/author/courses/{id}/modules", web::Access::kPublisher, add_module);
  app.route("POST", "/author/modules/{mid}", web::Access::kPublisher, rename_module);
  app.route("POST", "/author/modules/{mid}/delete", web::Access::kPublisher, delete_module);
  app.route("GET", "/author/modules/{mid}/lessons/new", web::Access::kPublisher, new_lesson_form);
  app.route("POST", "/author/modules/{mid}/lessons/new", web::Access::kPublisher, create_lesson);
  app.route("GET", "/author/lessons/{lid}", web::Access::kPublisher, edit_lesson);
  app.route("POST", "/author/lessons/{lid}", web::Access::kPublisher, update_lesson);
  app.route("POST", "/author/lessons/{lid}/delete", web::Access::kPublisher, delete_lesson);
  app.route("POST", "/author/lessons/{lid}/move", web::Access::kPublisher, move_lesson);
  app.route("POST", "/author/lessons/{lid}/captions", web::Access::kPublisher, save_caption);
  // Uploads check the lesson or course before its bytes are read.
  auto own_lesson = [](Ctx& ctx) {
    Course x;
    authored_lesson(ctx, ctx.path_id("lid"), x);
  };
  web::RouteOptions video_upload;
  video_upload.before_body = own_lesson;
  video_upload.multipart = true;
  video_upload.body_limit = kVideoMax + kMB;
  app.route("POST", "/author/lessons/{lid}/video", web::Access::kPublisher, upload_video, video_upload);
  web::RouteOptions image_upload;
  image_upload.before_body = [](Ctx& ctx) { authored_course(ctx, ctx.path_id("id")); };
  image_upload.multipart = true;
  image_upload.body_limit = 11 * kMB;
  app.route("POST", "/author/courses/{id}/images", web::Access::kPublisher, upload_image, image_upload);
  web::RouteOptions caption_upload;
  caption_upload.before_body = own_lesson;
  caption_upload.multipart = true;
  caption_upload.body_limit = 2 * kMB;
  app.route("POST", "/author/lessons/{lid}/captions/upload", web::Access::kPublisher, upload_caption, caption_upload);
  app.route("POST", "/author/lessons/{lid}/captions/delete", web::Access::kPublisher, delete_caption);
  app.route("GET", "/author/lessons/{lid}/questions/new", web::Access::kPublisher, new_question_form);
  app.route("POST", "/author/lessons/{lid}/questions/new", web::Access::kPublisher, create_question);
  app.route("GET", "/author/questions/{qid}", web::Access::kPublisher, edit_question);
  app.route("POST", "/author/questions/{qid}", web::Access::kPublisher, update_question);
  app.route("POST", "/author/questions/{qid}/delete", web::Access::kPublisher, delete_question);
}

}  // namespace cityskills::catalog
