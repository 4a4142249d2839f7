#include "features/paths/progress.hpp"

#include <algorithm>

#include <boost/json.hpp>

namespace cityskills::paths {

int min_level(std::string_view band) {
  for (std::size_t i = 0; i < kBands.size(); ++i)
    if (kBands[i] == band) return static_cast<int>(2 * i + 1);
  return 0;
}

std::int64_t met_at(const Requirement& r, const Facts& f) {
  if (r.kind == "course") {
    auto it = f.courses.find(r.course_group);
    return it == f.courses.end() ? 0 : std::max<std::int64_t>(it->second, 1);
  }
  if (r.kind == "event") {
    if (!r.event_id) return 0;
    auto it = f.events.find(*r.event_id);
    return it == f.events.end() ? 0 : std::max<std::int64_t>(it->second, 1);
  }
  if (r.kind == "path") {
    auto it = f.paths.find(r.sub_path_group);
    return it == f.paths.end() ? 0 : std::max<std::int64_t>(it->second, 1);
  }
  if (r.kind == "level") {
    int need = min_level(r.band);
    auto it = f.areas.find(r.area);
    return need > 0 && it != f.areas.end() && it->second >= need ? 1 : 0;
  }
  return 0;
}

PathProgress evaluate(const std::vector<Step>& steps, const Facts& f) {
  PathProgress p;
  for (const auto& s : steps) {
    StepProgress sp;
    std::vector<std::int64_t> times;
    for (const auto& r : s.requirements) {
      auto at = met_at(r, f);
      sp.requirement_met.push_back(at != 0);
      if (at) times.push_back(at);
    }
    sp.met = static_cast<int>(times.size());
    sp.recorded = f.recorded_steps.count(s.id) > 0;
    bool met_now = s.need >= 1 && sp.met >= s.need;
    if (met_now) {
      std::sort(times.begin(), times.end());
      sp.done_at = times[static_cast<std::size_t>(s.need - 1)];
    }
    sp.done = sp.recorded || met_now;
    if (sp.done) ++p.done;
    p.steps.push_back(std::move(sp));
  }
  p.complete = !steps.empty() && p.done == static_cast<int>(steps.size());
  p.percent = steps.empty() ? 0 : p.done * 100 / static_cast<int>(steps.size());
  return p;
}

std::string step_evidence(const Step& s, const Facts& f) {
  boost::json::array items;
  for (const auto& r : s.requirements) {
    auto at = met_at(r, f);
    if (!at) continue;
    boost::json::object o;
    o["kind"] = r.kind;
    if (r.course_id) o["course_id"] = *r.course_id;
    if (r.event_id) o["event_id"] = *r.event_id;
    if (r.sub_path_id) o["path_id"] = *r.sub_path_id;
    if (r.kind == "level") {
      o["area"] = r.area;
      o["band"] = r.band;
      auto it = f.areas.find(r.area);
      if (it != f.areas.end()) o["level"] = it->second;
    }
    if (!r.title.empty()) o["title"] = r.title;
    if (at > 1) o["at"] = at;
    items.push_back(std::move(o));
  }
  boost::json::object out;
  out["step_id"] = s.id;
  out["need"] = s.need;
  out["met"] = std::move(items);
  return boost::json::serialize(out);
}

std::vector<std::string> structure_problems(const std::vector<Step>& steps) {
  std::vector<std::string> out;
  if (steps.empty()) out.push_back("paths.problem.no_steps");
  for (const auto& s : steps) {
    if (s.requirements.empty()) {
      out.push_back("paths.problem.empty_step");
    } else if (s.need < 1 || s.need > static_cast<int>(s.requirements.size())) {
      out.push_back("paths.problem.need_too_high");
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

bool makes_cycle(std::int64_t path, std::int64_t sub, const std::map<std::int64_t, std::vector<std::int64_t>>& edges) {
  // A cycle appears when `path` is reachable from `sub`.
  std::vector<std::int64_t> todo{sub};
  std::set<std::int64_t> seen;
  while (!todo.empty()) {
    auto at = todo.back();
    todo.pop_back();
    if (at == path) return true;
    if (!seen.insert(at).second) continue;
    if (auto it = edges.find(at); it != edges.end())
      for (auto next : it->second) todo.push_back(next);
  }
  return false;
}

}  // namespace cityskills::paths
