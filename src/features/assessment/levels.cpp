// What other features read of the self-test (the levels a person reached, the default
// framework's areas) and the learning paths they offer to its result page.
#include "features/assessment/api.hpp"
#include "features/assessment/pages.hpp"
#include "features/assessment/store.hpp"

namespace cityskills::assessment {

std::map<std::string, int> best_area_levels(db::Connection& c, std::int64_t user_id) {
  std::map<std::string, int> out;
  for (const auto& r : c.query("SELECT r.code, MAX(r.level) FROM assessment_results r "
                               "JOIN assessment_attempts t ON t.id = r.attempt_id "
                               "JOIN frameworks f ON f.id = t.framework_id AND f.is_default = 1 "
                               "WHERE t.user_id = ? AND t.finished_at IS NOT NULL AND r.scope = 'area' AND r.level > 0 "
                               "GROUP BY r.code",
                               {user_id}))
    out[r.str(0)] = static_cast<int>(r.i64(1));
  return out;
}

std::vector<std::pair<std::string, std::string>> default_areas(db::Connection& c, const std::string& lang) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : store::frameworks(c, lang)) {
    if (!f.is_default) continue;
    for (const auto& a : store::bank(c, f, lang, store::Questions::kNone).areas) out.emplace_back(a.code, a.name);
    break;
  }
  return out;
}

namespace {
PathSource& path_source() {
  static PathSource source;
  return source;
}
}  // namespace

void set_path_source(PathSource source) { path_source() = std::move(source); }

std::vector<PathCandidate> path_candidates(db::Connection& c, const std::string& lang, int limit) {
  return path_source() ? path_source()(c, lang, limit) : std::vector<PathCandidate>{};
}

}  // namespace cityskills::assessment
