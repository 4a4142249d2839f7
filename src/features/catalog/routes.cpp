// The learning catalogue, learner side: the catalogue with filters, course pages with
// JSON-LD, enrolment and "My learning". Lessons (video, text, quizzes, progress) are in
// lessons.cpp, authoring in authoring*.cpp, reports in reports.cpp.
#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "features/catalog/api.hpp"
#include "features/catalog/common.hpp"
#include "features/catalog/quiz.hpp"
#include "features/catalog/store.hpp"
#include "features/catalog/vtt.hpp"
#include "features/orgs/api.hpp"
#include "jobs/jobs.hpp"
#include "media/media.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "view/markdown.hpp"
#include "web/extensions.hpp"
#include "web/forms.hpp"
#include "web/list_params.hpp"
#include "web/processing.hpp"
#include "web/login_link.hpp"

namespace cityskills::catalog {
void register_authoring(web::App& app);
void register_lessons(web::App& app);
void register_recordings(web::App& app);
void register_reports(web::App& app);

namespace {

using http::Response;
using web::Ctx;

constexpr int kPerPage = 24;
const std::vector<std::string> kAreas = {"1", "2", "3", "4", "5"};


int percent(int done, int total) { return total <= 0 ? 0 : std::min(100, done * 100 / total); }

view::Data card(const Ctx& ctx, const Course& x, std::optional<int> done) {
  view::Data d;
  d.set("id", std::to_string(x.id));
  if (x.cover_media_id) {
    d.set("cover", "/courses/" + std::to_string(x.id) + "/images/" + std::to_string(*x.cover_media_id));
    d.set("cover_alt", x.cover_alt);
  }
  d.set("title", x.title);
  d.set("summary", x.summary);
  d.set("lang", x.lang);
  d.set("lang_name", std::string(i18n::native_name(x.lang)));
  d.set("org", x.org_name);
  d.set("level", ctx.t("common.level." + x.level));
  d.set("duration", duration_text(ctx, x.minutes));
  d.set("lessons", i18n::tn(ctx.locale, "catalog.lessons_count", x.lessons));
  view::List kinds;
  for (const auto& k : x.kinds) kinds.push_back(view::Data("kind", ctx.t("catalog.kind." + k)));
  d.set("kinds", std::move(kinds));
  if (done) {
    d.set("progress", std::to_string(percent(*done, x.lessons)));
    d.set("progress_text", ctx.t("catalog.progress", {{"percent", std::to_string(percent(*done, x.lessons))}}));
  }
  return d;
}

Response list(Ctx& ctx) {
  web::ListParams q(ctx, "/courses", "catalog.filter.invalid");
  store::Filter f;
  f.reader_lang = ctx.locale;
  f.reader_id = ctx.user ? ctx.user->id : 0;
  f.area = q.choice("area", kAreas);
  f.level = q.choice("level", kLevels);
  f.audience = q.choice("audience", kAudiences);
  f.lang = q.language("lang_filter");  // "lang" switches the interface language
  f.format = q.choice("format", kLessonKinds);
  auto c = ctx.db().acquire();
  std::string org_slug;
  f.org_id = orgs::org_filter(*c, q, org_slug);
  auto courses = store::catalogue(*c, f, kPerPage + 1, q.offset(kPerPage));
  view::Data d;
  view::List cards;
  for (std::size_t i = 0; i < courses.size() && i < static_cast<std::size_t>(kPerPage); ++i)
    cards.push_back(card(ctx, courses[i], ctx.user ? std::optional<int>(courses[i].done) : std::nullopt));
  d.set("courses", std::move(cards));
  d.set("areas", web::filter_menu(ctx, area_names(ctx), f.area));
  d.set("levels", web::filter_menu(ctx, "common.level.", kLevels, f.level));
  d.set("audiences", web::filter_menu(ctx, "catalog.audience.", kAudiences, f.audience));
  d.set("langs", web::language_menu(ctx, f.lang));
  d.set("formats", web::filter_menu(ctx, "catalog.kind.", kLessonKinds, f.format));
  d.set("orgs", orgs::org_menu(*c, ctx, org_slug));
  q.paging(d, courses.size(), kPerPage);
  d.set("can_create", ctx.user && ctx.user->publisher);
  return ctx.page(ctx.t("catalog.list.title"), "catalog/list", std::move(d));
}

std::string script_json(const boost::json::value& v) {
  // No markup characters inside the <script> data block: it can never be closed or opened.
  std::string out;
  for (char ch : boost::json::serialize(v)) {
    if (ch == '<') out += "\\u003c";
    else if (ch == '>') out += "\\u003e";
    else if (ch == '&') out += "\\u0026";
    else out += ch;
  }
  return out;
}

std::string json_ld(const Ctx& ctx, const Course& x) {
  boost::json::object o{{"@context", "https://schema.org"},
                        {"@type", "Course"},
                        {"name", x.title},
                        {"description", x.summary},
                        {"inLanguage", x.lang},
                        {"url", ctx.svc.config.public_url + "/courses/" + std::to_string(x.id)},
                        {"educationalLevel", ctx.t("common.level." + x.level)},
                        {"isAccessibleForFree", true},
                        {"provider", boost::json::object{{"@type", "Organization"}, {"name", x.org_name}}},
                        {"timeRequired", "PT" + std::to_string(x.minutes) + "M"}};
  boost::json::array teaches;
  for (const auto& code : x.competences) teaches.push_back(boost::json::string(competence_label(ctx, code)));
  if (!teaches.empty()) o["teaches"] = teaches;
  o["hasCourseInstance"] = boost::json::object{{"@type", "CourseInstance"}, {"courseMode", "online"},
                                                {"courseWorkload", "PT" + std::to_string(x.minutes) + "M"}};
  return script_json(o);
}


Response show(Ctx& ctx) {
  std::vector<CourseVersion> versions;
  auto x = visible_course(ctx, ctx.path_id("id"), &versions);
  bool is_enrolled = x.enrolled, author = can_author(ctx, x.org_id);
  std::optional<std::int64_t> resume = is_enrolled ? x.last_lesson_id : std::nullopt;
  store::Outline parts;
  {
    auto c = ctx.db().acquire();
    parts = store::outline(*c, x.id, ctx.user ? ctx.user->id : 0);
  }
  const auto& modules = parts.modules;
  const auto& states = parts.states;
  int done = 0;
  for (const auto& [id, s] : states) done += s.completed;
  auto d = card(ctx, x, ctx.user ? std::optional<int>(done) : std::nullopt);
  d.set("jsonld", json_ld(ctx, x));
  d.set("description", view::render_markdown(x.description).html);
  view::List outcomes;
  const std::string outcomes_text = x.outcomes;
  for (auto line : util::split(outcomes_text, '\n'))
    if (auto t = util::trim(line); !t.empty()) outcomes.push_back(view::Data("text", std::string(t)));
  d.set("has_outcomes", !outcomes.empty());
  d.set("outcomes", std::move(outcomes));
  view::List comps;
  for (const auto& code : x.competences) comps.push_back(view::Data("label", competence_label(ctx, code)));
  d.set("has_competences", !comps.empty());
  d.set("competences", std::move(comps));
  d.set("audience", ctx.t("catalog.audience." + x.audience));
  d.set("modules", outline(ctx, x, modules, states, 0));
  view::List others;
  for (const auto& v : versions)
    if (v.id != x.id && (v.published || author)) {
      view::Data o;
      o.set("url", "/courses/" + std::to_string(v.id));
      o.set("lang", v.lang);
      o.set("lang_name", std::string(i18n::native_name(v.lang)));
      others.push_back(std::move(o));
    }
  if (!others.empty()) d.set("translations", std::move(others));
  d.set("preview", !x.published);
  d.set("author", author);
  d.set("signed_in", ctx.user.has_value());
  d.set("enrolled", is_enrolled);
  d.set("open_access", x.open_access);
  d.set("login_next", web::login_link("/courses/" + std::to_string(x.id)));
  // Where "Start" or "Continue" goes: the lesson last opened, else the first not done.
  std::optional<std::int64_t> next;
  for (const auto& m : modules)
    for (const auto& l : m.lessons)
      if (!next && !(states.count(l.id) && states.at(l.id).completed)) next = l.id;
  if (!next && !modules.empty())
    for (const auto& m : modules)
      if (!m.lessons.empty() && !next) next = m.lessons.front().id;
  if (resume) next = resume;
  if (next) d.set("start_url", lesson_url(x.id, *next));
  d.set("continuing", done > 0 || resume.has_value());
  return ctx.page(x.title, "catalog/course", std::move(d));
}

// Enrolling twice or leaving twice changes nothing (double clicks, back button).
Response set_enrolment(Ctx& ctx, bool enrolled) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  auto x = visible_course(ctx, ctx.path_id("id"));
  {
    auto c = ctx.db().acquire();
    if (enrolled) store::enrol(*c, ctx.user->id, x.id);
    else store::unenrol(*c, ctx.user->id, x.id);
  }
  ctx.flash(enrolled ? "catalog.enrolled" : "catalog.left");
  return ctx.redirect("/courses/" + std::to_string(x.id));
}
Response enrol(Ctx& ctx) { return set_enrolment(ctx, true); }
Response leave(Ctx& ctx) { return set_enrolment(ctx, false); }

// An image uploaded for this course, to whoever may see the course.
Response course_image(Ctx& ctx) {
  auto x = visible_course(ctx, ctx.path_id("id"));
  auto mid = ctx.path_id("mid");
  std::optional<media::Item> item;
  {
    auto c = ctx.db().acquire();
    if (store::has_image(*c, x.id, mid)) item = media::find(*c, mid);
  }
  if (!item) return ctx.error(404, "errors.not_found");
  auto r = media::respond(*item, ctx.svc.config.data_dir, ctx.req);
  r.set("cache-control", x.published ? "public, max-age=86400" : "private, max-age=300");
  return r;
}

Response my_learning(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  std::vector<store::Enrolment> list;
  {
    auto c = ctx.db().acquire();
    list = store::my_learning(*c, ctx.user->id);
  }
  view::List current, completed;
  for (const auto& e : list) {
    auto d = card(ctx, e.course, e.done);
    d.set("enrolled_on", i18n::format_date(ctx.locale, e.enrolled_at, ctx.zone()));
    if (e.completed_at) {
      d.set("completed_on", i18n::format_date(ctx.locale, e.completed_at, ctx.zone()));
      completed.push_back(std::move(d));
    } else {
      if (e.last_lesson_id) d.set("continue_url", lesson_url(e.course.id, *e.last_lesson_id));
      current.push_back(std::move(d));
    }
  }
  view::Data d;
  d.set("has_current", !current.empty());
  d.set("has_completed", !completed.empty());
  d.set("current", std::move(current));
  d.set("completed", std::move(completed));
  // Sections other features add (learning paths and awards), rendered by them.
  std::string extra;
  for (const auto& html : web::sections("my_learning", ctx)) extra += html;
  d.set("sections", std::move(extra));
  return ctx.page(ctx.t("catalog.my.title"), "catalog/my", std::move(d));
}

}  // namespace

void register_routes(web::App& app) {
  // What this feature keeps about people, for the records of processing (GDPR art. 30).
  web::declare_account_data("catalog", "learning", {"staff", "organisation"},
                            {"enrolments", "lesson_progress", "quiz_attempts"});
  web::declare_content_data("catalog", "authoring", {"staff", "public"}, {"courses"});
  // An uploaded video's duration and poster, read by ffmpeg on whichever node takes the job.
  if (auto* runner = app.services().jobs) {
    auto& svc = app.services();
    runner->on(kVideoJob, [&svc](const std::string& p) { process_video_job(*svc.db, svc.config.data_dir, p); });
  }
  app.route("GET", "/courses", web::Access::kAnyone, list, web::shared_page());
  app.route("GET", "/courses/{id}", web::Access::kAnyone, show, web::shared_page());
  app.route("POST", "/courses/{id}/enrol", web::Access::kSignedIn, enrol);
  app.route("POST", "/courses/{id}/leave", web::Access::kSignedIn, leave);
  app.route("GET", "/courses/{id}/images/{mid}", web::Access::kAnyone, course_image);
  app.route("GET", "/my/learning", web::Access::kSignedIn, my_learning);
  register_lessons(app);
  register_authoring(app);
  register_recordings(app);
  register_reports(app);
}

}  // namespace cityskills::catalog
