#include "features/assessment/scoring.hpp"

#include <algorithm>
#include <cmath>

namespace cityskills::assessment {
namespace {

struct Tally {
  double weighted = 0, weights = 0;
  int answered = 0, total = 0, top_band = 0;
};

double evidence(const ScoredQuestion& q, int value) {
  if (q.kind == "true_false") return value == q.answer ? 1.0 : 0.0;
  return std::clamp(value, 0, kSelfMax) / static_cast<double>(kSelfMax);
}

int level_from(const Tally& t, int min_answers) {
  if (t.answered < min_answers || t.answered == 0) return 0;
  double s = t.weighted / t.weights;
  int level = std::min(8, 1 + static_cast<int>(std::floor(s * 8 + 1e-9)));
  // Nobody is placed above the band of the hardest question they showed evidence for.
  return std::max(1, std::min(level, 2 * std::max(1, t.top_band)));
}

Level to_level(const std::string& code, const std::string& area, const Tally& t, int min_answers) {
  return {code, area, t.weights > 0 ? t.weighted / t.weights : 0.0, level_from(t, min_answers), t.answered, t.total};
}

}  // namespace

int band_number(std::string_view band) {
  for (std::size_t i = 0; i < kBands.size(); ++i)
    if (kBands[i] == band) return static_cast<int>(i) + 1;
  return 0;
}

const std::string& band_of_level(int level) { return kBands[static_cast<std::size_t>(std::clamp((level + 1) / 2, 1, 4) - 1)]; }

bool valid_value(std::string_view kind, int value) {
  if (kind == "self") return value >= 0 && value <= kSelfMax;
  if (kind == "true_false") return value >= 0 && value <= kDontKnow;
  return false;
}

Outcome score(const std::vector<ScoredQuestion>& questions, const std::map<std::int64_t, int>& answers) {
  std::vector<std::string> area_order, comp_order;
  std::map<std::string, Tally> areas, comps;
  std::map<std::string, std::string> area_of;
  for (const auto& q : questions) {
    if (!areas.count(q.area)) area_order.push_back(q.area);
    if (!comps.count(q.competence)) comp_order.push_back(q.competence);
    area_of[q.competence] = q.area;
    auto& a = areas[q.area];
    auto& c = comps[q.competence];
    ++a.total;
    ++c.total;
    auto it = answers.find(q.id);
    if (it == answers.end()) continue;
    double e = evidence(q, it->second);
    for (Tally* t : {&a, &c}) {
      t->weighted += q.band * e;
      t->weights += q.band;
      ++t->answered;
      if (e > 0) t->top_band = std::max(t->top_band, q.band);
    }
  }
  Outcome o;
  for (const auto& code : area_order) o.areas.push_back(to_level(code, code, areas[code], 1));
  for (const auto& code : comp_order) o.competences.push_back(to_level(code, area_of[code], comps[code], kMinPerCompetence));
  return o;
}

}  // namespace cityskills::assessment
