#include "features/catalog/common.hpp"

#include <algorithm>

#include "features/assessment/api.hpp"
#include "features/catalog/policy.hpp"
#include "features/catalog/store.hpp"
#include "features/catalog/vtt.hpp"
#include "features/orgs/api.hpp"

namespace cityskills::catalog {

bool one_of(const std::string& v, const std::vector<std::string>& allowed) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

std::optional<std::string> options_problem(const Question& q) {
  auto n = q.options.size();
  auto right = std::count_if(q.options.begin(), q.options.end(), [](const Option& o) { return o.correct; });
  if (n > kMaxOptions) return "catalog.validation.too_many_options";
  if (q.kind == "single" && (n < 2 || right != 1)) return "catalog.validation.single";
  if (q.kind == "multiple" && (n < 2 || right < 1)) return "catalog.validation.multiple";
  if (q.kind == "short" && n < 1) return "catalog.validation.short";
  if (q.kind == "ordering" && n < 2) return "catalog.validation.ordering";
  return std::nullopt;
}

bool can_author(web::Ctx& ctx, std::int64_t org_id) { return policy::may_author(ctx.actor(), org_id); }

Course visible_course(web::Ctx& ctx, std::int64_t id, std::vector<CourseVersion>* versions) {
  std::optional<Course> course;
  {
    auto c = ctx.db().acquire();
    auto reader = ctx.user ? ctx.user->id : 0;
    course = versions ? store::find_with_versions(*c, id, reader, *versions) : store::find(*c, id, reader);
  }
  if (!course || !policy::may_view(ctx.actor(), course->org_id, course->published)) throw web::Reject{404, "errors.not_found"};
  return *course;
}

std::string duration_text(const web::Ctx& ctx, int minutes) {
  if (minutes < 60) return i18n::tn(ctx.locale, "catalog.duration.minutes", minutes);
  return ctx.t("catalog.duration.hours_minutes",
               {{"h", std::to_string(minutes / 60)}, {"m", std::to_string(minutes % 60)}});
}

std::string lesson_duration(const web::Ctx& ctx, const Lesson& l) {
  if (l.kind == "video" && l.video_seconds && *l.video_seconds > 0) return vtt::clock(static_cast<double>(*l.video_seconds));
  return duration_text(ctx, l.minutes);
}

std::string competence_label(const web::Ctx& ctx, const std::string& code) {
  return code + " " + assessment::digcomp_name(code, ctx.locale);
}

std::string lesson_url(std::int64_t course_id, std::int64_t lesson_id) {
  return "/courses/" + std::to_string(course_id) + "/lessons/" + std::to_string(lesson_id);
}

view::List outline(const web::Ctx& ctx, const Course& x, const std::vector<Module>& modules,
                   const std::map<std::int64_t, LessonState>& states, std::int64_t current) {
  view::List out;
  for (const auto& m : modules) {
    view::Data md;
    md.set("title", m.title);
    view::List ls;
    for (const auto& l : m.lessons) {
      view::Data ld;
      ld.set("title", l.title);
      ld.set("url", lesson_url(x.id, l.id));
      ld.set("kind", ctx.t("catalog.kind." + l.kind));
      ld.set("duration", lesson_duration(ctx, l));
      auto it = states.find(l.id);
      ld.set("done", it != states.end() && it->second.completed);
      ld.set("current", l.id == current);
      ls.push_back(std::move(ld));
    }
    md.set("lessons", std::move(ls));
    out.push_back(std::move(md));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> area_names(const web::Ctx& ctx) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const char* a : {"1", "2", "3", "4", "5"}) out.emplace_back(a, assessment::digcomp_name(a, ctx.locale));
  return out;
}

}  // namespace cityskills::catalog
