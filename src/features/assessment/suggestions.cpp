// The result page's suggestions: the candidate content gathered once from the catalogue, the
// events and the practices, ranked by the recommender (recommend.hpp), turned into the page's
// view model with the reason and, for content in another language, its language marked.
#include <memory>
#include <set>

#include "features/assessment/pages.hpp"
#include "features/assessment/recommend.hpp"
#include "features/catalog/api.hpp"
#include "features/events/api.hpp"
#include "features/practices/api.hpp"

namespace cityskills::assessment {
namespace {

using web::Ctx;

// Bounds of what one result page reads: the reader's language comes first in each.
constexpr int kCandidateCourses = 400;
constexpr int kCandidateEvents = 50;
constexpr int kCandidatePractices = 50;
constexpr int kCandidatePaths = 100;

// The published content that may be suggested for one set of weak areas in one language: the
// same for everyone who gets those areas, so the node keeps it at most a second (decision
// notes 0029 and 0032); what is published on any node shows within that second.
struct Candidates {
  std::vector<catalog::CourseRef> courses;
  std::vector<events::Upcoming> events;
  std::vector<practices::PracticeRef> practices;
  std::vector<PathCandidate> paths;
};

struct Content {
  recommend::Input in;
  std::shared_ptr<const Candidates> cand;
};

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + ",";
  return out;
}

// Everything published that touches the areas of the weak competences, in any band and language.
Content gather(web::NodeCache& cache, db::Connection& c, const Bank& b, const Outcome& o, const std::string& lang) {
  Content x;
  x.in.outcome = o;
  x.in.lang = lang;
  std::set<std::string> weak_areas;
  bool practices = false;
  for (const auto& w : recommend::weakest(o)) {
    weak_areas.insert(w.area);
    practices = practices || band_number(w.target) >= recommend::kPracticesFromBand;
  }
  std::vector<std::string> codes, themes, areas;
  for (const auto& a : b.areas) {
    for (const auto& comp : a.competences) x.in.area_of[comp.code] = a.code;
    if (!a.event_theme.empty()) x.in.theme_of[a.code] = a.event_theme;
    if (!weak_areas.count(a.code)) continue;
    areas.push_back(a.code);
    for (const auto& comp : a.competences) codes.push_back(comp.code);
    if (!a.event_theme.empty()) themes.push_back(a.event_theme);
  }
  // The key names everything the reads depend on: the language, the competences, themes and areas.
  auto key = "assessment.candidates." + lang + "|" + joined(codes) + "|" + joined(themes) + "|" + joined(areas) +
             (practices ? "|practices" : "");
  x.cand = cache.get<Candidates>(key, [&] {
    Candidates k;
    k.courses = catalog::courses_teaching(c, codes, lang, kCandidateCourses);
    k.events = events::upcoming_on(c, themes, lang, kCandidateEvents);
    if (practices) k.practices = practices::published_in_areas(c, areas, lang, kCandidatePractices);
    k.paths = path_candidates(c, lang, kCandidatePaths);
    return k;
  });
  for (const auto& course : x.cand->courses)
    x.in.courses.push_back({course.id, course.group, course.lang, course.level, course.competences});
  for (const auto& e : x.cand->events) x.in.events.push_back({e.id, e.starts_at, e.lang, e.theme});
  for (const auto& p : x.cand->practices) x.in.practices.push_back({p.id, p.lang, p.areas});
  for (const auto& p : x.cand->paths)
    x.in.paths.push_back({p.id, p.group, p.lang, p.level, p.qualification, p.competences, p.areas});
  return x;
}

std::string competence_name(const Bank& b, const std::string& code) {
  for (const auto& a : b.areas)
    for (const auto& comp : a.competences)
      if (comp.code == code) return comp.code + " " + comp.name;
  return code;
}

std::string area_name(const Bank& b, const std::string& code) {
  const auto* a = b.area(code);
  return a ? a->code + ". " + a->name : code;
}

// The language of an item and, when it is not the reader's, its visible label.
void mark_language(const Ctx& ctx, view::Data& x, const std::string& lang, bool foreign) {
  x.set("lang", lang);
  if (!foreign) return;
  auto key = "assessment.lang." + lang;
  x.set("lang_label", i18n::has(ctx.locale, key) ? ctx.t(key) : std::string(i18n::native_name(lang)));
}

std::string course_reason(const Ctx& ctx, const Bank& b, const recommend::Suggestion& s, const catalog::CourseRef& c) {
  i18n::Args args{{"band", ctx.t("assessment.band." + c.level)}};
  switch (s.reason) {
    case recommend::Reason::kNextLevel:
      args.emplace_back("competence", competence_name(b, s.competence));
      return ctx.t("assessment.reason.next_level", args);
    case recommend::Reason::kNearestLevel:
      args.emplace_back("competence", competence_name(b, s.competence));
      return ctx.t("assessment.reason.nearest_level", args);
    case recommend::Reason::kSameArea:
    case recommend::Reason::kArea:
    case recommend::Reason::kQualification:
      break;
  }
  args.emplace_back("area", area_name(b, s.area));
  return ctx.t("assessment.reason.same_area", args);
}

// One card per suggestion: its title and language, and what `fill` adds for its kind.
template <class Item, class Fill>
view::List cards(const Ctx& ctx, const std::vector<recommend::Suggestion>& picks, const std::vector<Item>& items,
                 Fill&& fill) {
  view::List out;
  for (const auto& s : picks) {
    const auto& item = items[s.index];
    view::Data d;
    d.set("title", item.title);
    mark_language(ctx, d, item.lang, s.foreign);
    fill(d, s, item);
    out.push_back(std::move(d));
  }
  return out;
}

view::List course_cards(const Ctx& ctx, const Bank& b, const Content& x, const recommend::Plan& plan) {
  return cards(ctx, plan.courses, x.cand->courses, [&](view::Data& d, const auto& s, const auto& course) {
    d.set("summary", course.summary);
    d.set("href", course.url());
    d.set("reason", course_reason(ctx, b, s, course));
    d.set("org", course.org_name);
  });
}

view::List event_cards(const Ctx& ctx, const Bank& b, const Content& x, const recommend::Plan& plan) {
  return cards(ctx, plan.events, x.cand->events, [&](view::Data& d, const auto& s, const auto& e) {
    d.set("href", "/events/" + std::to_string(e.id));
    d.set("when", i18n::format_range(ctx.locale, e.starts_at, e.ends_at, e.time_zone));
    d.set("reason", ctx.t("assessment.reason.area", {{"area", area_name(b, s.area)}}));
  });
}

view::List practice_cards(const Ctx& ctx, const Bank& b, const Content& x, const recommend::Plan& plan) {
  return cards(ctx, plan.practices, x.cand->practices, [&](view::Data& d, const auto& s, const auto& p) {
    d.set("href", p.url());
    d.set("org", p.org_name);
    d.set("reason", ctx.t("assessment.reason.area", {{"area", area_name(b, s.area)}}));
  });
}

view::List path_cards(const Ctx& ctx, const Bank& b, const Content& x, const recommend::Plan& plan) {
  return cards(ctx, plan.paths, x.cand->paths, [&](view::Data& d, const auto& s, const auto& p) {
    d.set("summary", p.summary);
    d.set("href", "/paths/" + std::to_string(p.id));
    d.set("org", p.org_name);
    d.set("qualification", p.qualification);
    i18n::Args args{{"band", ctx.t("assessment.band." + p.level)}};
    switch (s.reason) {
      case recommend::Reason::kQualification:
        d.set("reason", ctx.t("assessment.reason.qualification"));
        break;
      case recommend::Reason::kNextLevel:
      case recommend::Reason::kNearestLevel:
        args.emplace_back("competence", competence_name(b, s.competence));
        d.set("reason", ctx.t("assessment.reason.path_competence", args));
        break;
      case recommend::Reason::kSameArea:
      case recommend::Reason::kArea:
        args.emplace_back("area", area_name(b, s.area));
        d.set("reason", ctx.t("assessment.reason.path_area", args));
        break;
    }
  });
}

}  // namespace

void add_suggestions(Ctx& ctx, db::Connection& c, const Bank& b, const Outcome& o, view::Data& d) {
  auto x = gather(ctx.svc.cache, c, b, o, ctx.locale);
  auto plan = recommend::recommend(x.in);
  if (!plan.weak.empty()) {
    d.set("has_weak", true);
    view::List weak;
    for (const auto& w : plan.weak) {
      view::Data row;
      row.set("name", competence_name(b, w.competence));
      weak.push_back(std::move(row));
    }
    d.set("weakest", weak);
    const auto& first = plan.weak.front();  // every weak competence is in the same band
    auto band = ctx.t("assessment.band." + first.band);
    d.set("next_step", first.next_band.empty()
                           ? ctx.t("assessment.result.top_reached", {{"band", band}})
                           : ctx.t("assessment.result.next_step",
                                   {{"band", band}, {"next", ctx.t("assessment.band." + first.next_band)}}));
  }
  auto paths = path_cards(ctx, b, x, plan);
  if (!paths.empty()) {
    d.set("paths", std::move(paths));
    d.set("has_paths", true);
  }
  auto courses = course_cards(ctx, b, x, plan);
  if (!courses.empty()) d.set("courses", std::move(courses));
  auto evs = event_cards(ctx, b, x, plan);
  if (!evs.empty()) d.set("events", std::move(evs));
  auto prs = practice_cards(ctx, b, x, plan);
  if (!prs.empty()) {
    d.set("practices", std::move(prs));
    d.set("has_practices", true);
  }
}

}  // namespace cityskills::assessment
