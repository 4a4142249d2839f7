#pragma once
// How answers become levels (docs/assessment-scoring.md). Pure functions over plain data,
// so the rules are unit-tested without a database.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace cityskills::assessment {

// DigComp 2.2 proficiency bands, lowest first; levels 1-8 pair up into them.
inline const std::vector<std::string> kBands = {"foundation", "intermediate", "advanced", "highly_specialised"};
inline const std::vector<std::string> kKinds = {"self", "true_false"};
inline constexpr int kSelfMax = 4;         // self-evaluation scale 0..4
inline constexpr int kDontKnow = 2;        // true_false answer "I don't know"
inline constexpr int kMinPerCompetence = 2;  // answers needed before a competence gets its own level

int band_number(std::string_view band);    // 1-4, 0 when unknown
const std::string& band_of_level(int level);  // level 1-8 -> band name
bool valid_value(std::string_view kind, int value);

struct ScoredQuestion {
  std::int64_t id = 0;
  std::string area, competence;  // codes
  int band = 1;                  // 1-4
  std::string kind = "self";
  int answer = 0;                // true_false: the right value (1 true, 0 false)
};

struct Level {
  std::string code, area;  // area: the area's code (for an area, its own)
  double score = 0;   // 0..1
  int level = 0;      // 1-8, 0 = not assessed
  int answered = 0;
  int total = 0;
};

struct Outcome {
  std::vector<Level> areas, competences;  // in the order the questions list them
};

// `questions` in framework order; `answers` maps question id to the value given.
Outcome score(const std::vector<ScoredQuestion>& questions, const std::map<std::int64_t, int>& answers);

}  // namespace cityskills::assessment
