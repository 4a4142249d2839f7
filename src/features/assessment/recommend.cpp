#include "features/assessment/recommend.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <set>
#include <tuple>

namespace cityskills::assessment::recommend {
namespace {

// How far a course's band is from the band wanted, as a rank: the same band 0, one above 1, one
// below 2, two above 3... A step up comes before a step back (the person came to progress).
int distance_rank(int band, int wanted) {
  int d = band - wanted;
  return d == 0 ? 0 : 2 * std::abs(d) - (d > 0 ? 1 : 0);
}

// The version of each translation group to show: the reader's language, else the original,
// else the lowest id.
std::vector<std::size_t> one_per_group(const std::vector<Course>& courses, const std::string& lang) {
  auto rank = [&](const Course& c) { return std::make_tuple(c.lang == lang ? 0 : c.id == c.group ? 1 : 2, c.id); };
  std::map<std::int64_t, std::size_t> best;
  for (std::size_t i = 0; i < courses.size(); ++i) {
    auto group = courses[i].group ? courses[i].group : courses[i].id;
    auto it = best.find(group);
    if (it == best.end() || rank(courses[i]) < rank(courses[it->second])) best[group] = i;
  }
  std::vector<std::size_t> out;
  for (const auto& [group, i] : best) out.push_back(i);
  return out;
}

struct Ranked {
  Suggestion s;
  std::tuple<bool, int, std::int64_t, std::size_t, int, std::int64_t> key;  // lowest first
};

std::vector<Suggestion> take(std::vector<Ranked> ranked, std::size_t limit) {
  std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) { return a.key < b.key; });
  std::vector<Suggestion> out;
  for (auto& r : ranked) {
    if (out.size() == limit) break;
    out.push_back(std::move(r.s));
  }
  return out;
}

// What the weak competences say about each area: the weakest one's position, level and target.
struct WeakArea {
  std::size_t first = 0;
  int level = 0;
  std::string target;
};

std::vector<Suggestion> rank_courses(const Input& in, const std::vector<Weak>& weak,
                                     const std::map<std::string, WeakArea>& areas, std::size_t limit) {
  std::map<std::string, std::size_t> weak_at;
  for (std::size_t i = 0; i < weak.size(); ++i) weak_at[weak[i].competence] = i;
  auto chosen = one_per_group(in.courses, in.lang);
  // Whether a course at the wanted band exists for a weak competence, in the reader's language
  // and in any other: only where none does is the nearest band offered.
  std::set<std::pair<bool, std::string>> exact;
  for (auto i : chosen) {
    const auto& c = in.courses[i];
    for (const auto& code : c.competences)
      if (auto w = weak_at.find(code); w != weak_at.end() && c.band == weak[w->second].target)
        exact.insert({c.lang != in.lang, code});
  }
  std::vector<Ranked> ranked;
  for (auto i : chosen) {
    const auto& c = in.courses[i];
    bool foreign = c.lang != in.lang;
    int band = band_number(c.band);
    std::tuple<int, int, std::size_t> best{std::numeric_limits<int>::max(), 0, 0};
    Suggestion s{i, Reason::kSameArea, "", "", foreign};
    int covered = 0;
    for (const auto& code : c.competences) {
      std::tuple<int, int, std::size_t> key;
      Reason reason = Reason::kSameArea;
      std::string competence, area;
      if (auto w = weak_at.find(code); w != weak_at.end()) {
        ++covered;
        const auto& wk = weak[w->second];
        int d = distance_rank(band, band_number(wk.target));
        if (d == 0) {
          key = {0, 0, w->second};
          reason = Reason::kNextLevel;
        } else if (!exact.count({foreign, code})) {
          key = {1, d, w->second};
          reason = Reason::kNearestLevel;
        } else {
          key = {2, d, w->second};
        }
        competence = code;
        area = wk.area;
      } else {
        auto a = in.area_of.find(code);
        if (a == in.area_of.end()) continue;
        auto wa = areas.find(a->second);
        if (wa == areas.end()) continue;
        key = {2, distance_rank(band, band_number(wa->second.target)), wa->second.first};
        area = a->second;
      }
      if (reason == Reason::kSameArea) competence.clear();
      if (key < best) {
        best = key;
        s.reason = reason;
        s.competence = competence;
        s.area = area;
      }
    }
    if (std::get<0>(best) == std::numeric_limits<int>::max()) continue;  // nothing of a weak area
    ranked.push_back({s, {foreign, std::get<0>(best), std::get<1>(best), std::get<2>(best), -covered, c.id}});
  }
  return take(std::move(ranked), limit);
}

std::vector<Suggestion> rank_events(const Input& in, const std::map<std::string, WeakArea>& areas, std::size_t limit) {
  std::map<std::string, std::string> area_of_theme;
  for (const auto& [area, theme] : in.theme_of)
    if (areas.count(area) && !area_of_theme.count(theme)) area_of_theme[theme] = area;
  std::vector<Ranked> ranked;
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < in.events.size(); ++i) {
    const auto& e = in.events[i];
    auto a = area_of_theme.find(e.theme);
    if (a == area_of_theme.end() || !seen.insert(e.id).second) continue;
    bool foreign = e.lang != in.lang;
    const auto& wa = areas.at(a->second);
    // The weakest area first; among areas at the same level, the soonest event.
    ranked.push_back({{i, Reason::kArea, "", a->second, foreign},
                      {foreign, wa.level, e.starts_at, 0, 0, e.id}});
  }
  return take(std::move(ranked), limit);
}

std::vector<Suggestion> rank_practices(const Input& in, const std::map<std::string, WeakArea>& areas,
                                       std::size_t limit) {
  std::vector<Ranked> ranked;
  std::set<std::int64_t> seen;
  for (std::size_t i = 0; i < in.practices.size(); ++i) {
    const auto& p = in.practices[i];
    const WeakArea* best = nullptr;
    std::string best_area;
    for (const auto& code : p.areas)
      if (auto wa = areas.find(code); wa != areas.end() && (!best || wa->second.first < best->first)) {
        best = &wa->second;
        best_area = code;
      }
    if (!best || !seen.insert(p.id).second) continue;
    bool foreign = p.lang != in.lang;
    ranked.push_back({{i, Reason::kArea, "", best_area, foreign}, {foreign, best->level, -p.id, 0, 0, p.id}});  // newest first
  }
  return take(std::move(ranked), limit);
}

// Paths: one per translation group; a path serves a weak competence through its courses or a
// weak area through its level steps. Ranked like courses (the band the person learns at next,
// else the nearest), qualifications first for people at the advanced band or above.
std::vector<Suggestion> rank_paths(const Input& in, const std::vector<Weak>& weak,
                                   const std::map<std::string, WeakArea>& areas, std::size_t limit) {
  if (weak.empty()) return {};
  std::map<std::string, std::size_t> weak_at;
  for (std::size_t i = 0; i < weak.size(); ++i) weak_at[weak[i].competence] = i;
  bool expert = band_number(weak.front().band) >= kQualificationsFromBand;
  // One per translation group: the reader's language, else the original, else the lowest id.
  auto rank = [&](const Path& p) { return std::make_tuple(p.lang == in.lang ? 0 : p.id == p.group ? 1 : 2, p.id); };
  std::map<std::int64_t, std::size_t> best;
  for (std::size_t i = 0; i < in.paths.size(); ++i) {
    auto g = in.paths[i].group ? in.paths[i].group : in.paths[i].id;
    auto it = best.find(g);
    if (it == best.end() || rank(in.paths[i]) < rank(in.paths[it->second])) best[g] = i;
  }
  std::vector<Ranked> ranked;
  for (const auto& [group, i] : best) {
    const auto& p = in.paths[i];
    bool foreign = p.lang != in.lang;
    int band = band_number(p.band);
    Suggestion s{i, Reason::kSameArea, "", "", foreign};
    std::tuple<int, int, std::size_t> key{std::numeric_limits<int>::max(), 0, 0};
    int covered = 0;
    auto consider = [&](std::tuple<int, int, std::size_t> k, Reason reason, const std::string& competence,
                        const std::string& area) {
      if (k < key) {
        key = k;
        s.reason = reason;
        s.competence = competence;
        s.area = area;
      }
    };
    for (const auto& code : p.competences) {
      if (auto w = weak_at.find(code); w != weak_at.end()) {
        ++covered;
        const auto& wk = weak[w->second];
        int d = distance_rank(band, band_number(wk.target));
        consider({d == 0 ? 0 : 1, d, w->second}, d == 0 ? Reason::kNextLevel : Reason::kNearestLevel, code, wk.area);
      } else if (auto a = in.area_of.find(code); a != in.area_of.end()) {
        if (auto wa = areas.find(a->second); wa != areas.end())
          consider({2, distance_rank(band, band_number(wa->second.target)), wa->second.first}, Reason::kSameArea, "",
                   a->second);
      }
    }
    for (const auto& area : p.areas)
      if (auto wa = areas.find(area); wa != areas.end()) {
        ++covered;
        int d = distance_rank(band, band_number(wa->second.target));
        consider({d == 0 ? 0 : 1, d, wa->second.first}, Reason::kSameArea, "", area);
      }
    bool first = expert && p.qualification;
    if (first) {
      s.reason = Reason::kQualification;
    } else if (std::get<0>(key) == std::numeric_limits<int>::max()) {
      continue;  // nothing for a weak area
    }
    // Qualifications for experts before anything else; then by tier, band distance, the weakest first.
    ranked.push_back({s, {foreign, first ? -1 : std::get<0>(key), first ? 0 : std::get<1>(key),
                          first ? 0 : std::get<2>(key), -covered, p.id}});
  }
  return take(std::move(ranked), limit);
}

// Whether a level was held down by the hardest band asked rather than by the answers
// (docs/assessment-scoring.md: nobody is placed above the hardest band they showed evidence for).
bool capped(const Level& l) { return std::min(8, 1 + static_cast<int>(std::floor(l.score * 8 + 1e-9))) > l.level; }

}  // namespace

std::vector<Weak> weakest(const Outcome& o) {
  std::map<std::string, const Level*> area_level;
  for (const auto& a : o.areas) area_level[a.code] = &a;
  struct Placed {
    Weak w;
    double score;
  };
  std::vector<Placed> placed;
  int lowest = static_cast<int>(kBands.size());
  for (const auto& c : o.competences) {
    auto it = area_level.find(c.area);
    const Level* area = it == area_level.end() || it->second->level == 0 ? nullptr : it->second;
    const Level* basis = &c;
    if (c.level == 0) {
      if (!area) continue;  // not assessed
      basis = area;
    } else if (area && area->level > c.level && capped(c)) {
      // The bank asks nothing harder in this competence: its level says where the questions
      // stop, not where the person does, so the area's level speaks for it.
      basis = area;
    }
    Weak w{c.code, c.area, basis->level, band_of_level(basis->level), band_of_level(std::min(8, basis->level + 1)), ""};
    int band = band_number(w.band);
    if (band < static_cast<int>(kBands.size())) w.next_band = kBands[static_cast<std::size_t>(band)];
    lowest = std::min(lowest, band);
    placed.push_back({std::move(w), basis->score});
  }
  std::erase_if(placed, [&](const Placed& p) { return band_number(p.w.band) != lowest; });
  std::stable_sort(placed.begin(), placed.end(), [](const Placed& a, const Placed& b) {
    if (a.w.level != b.w.level) return a.w.level < b.w.level;
    return a.score < b.score;
  });
  std::vector<Weak> out;
  for (auto& p : placed) out.push_back(std::move(p.w));
  return out;
}

Plan recommend(const Input& in, const Limits& limits) {
  Plan plan;
  plan.weak = weakest(in.outcome);
  std::map<std::string, WeakArea> areas;
  bool practices = false;
  for (std::size_t i = 0; i < plan.weak.size(); ++i) {
    const auto& w = plan.weak[i];
    if (!areas.count(w.area)) areas[w.area] = {i, w.level, w.target};
    practices = practices || band_number(w.target) >= kPracticesFromBand;
  }
  plan.courses = rank_courses(in, plan.weak, areas, limits.courses);
  plan.events = rank_events(in, areas, limits.events);
  plan.paths = rank_paths(in, plan.weak, areas, limits.paths);
  if (practices) plan.practices = rank_practices(in, areas, limits.practices);
  return plan;
}

}  // namespace cityskills::assessment::recommend
