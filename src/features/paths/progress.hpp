#pragma once
// How far a person is along a path: pure functions over plain data (what the person achieved,
// the path's steps), so the rules are unit-tested without a database.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "features/paths/model.hpp"

namespace cityskills::paths {

// Everything a person achieved that a requirement can name.
struct Facts {
  std::map<std::int64_t, std::int64_t> courses;  // translation group of a completed course -> when
  std::map<std::int64_t, std::int64_t> events;   // event attended -> when (its start)
  std::map<std::string, int> areas;              // self-test area code -> best level reached (1-8)
  std::map<std::int64_t, std::int64_t> paths;    // translation group of a completed path -> when
  std::set<std::int64_t> recorded_steps;         // steps of this path already recorded as met
};

// The lowest self-test level (1-8) in a band: foundation 1, intermediate 3, advanced 5,
// highly specialised 7; 0 for an unknown band.
int min_level(std::string_view band);

// Whether the requirement is met by `f`, and when (0 when not met).
std::int64_t met_at(const Requirement& r, const Facts& f);

struct StepProgress {
  bool done = false;       // met now, or recorded as met earlier
  bool recorded = false;   // recorded earlier (kept even if the step changed since)
  int met = 0;             // requirements met now
  std::vector<bool> requirement_met;
  std::int64_t done_at = 0;  // when it was met (the need-th requirement), 0 when not (or recorded)
};

struct PathProgress {
  std::vector<StepProgress> steps;
  int done = 0;
  bool complete = false;  // every step done (a path without steps is never complete)
  int percent = 0;        // steps done, rounded down
};

PathProgress evaluate(const std::vector<Step>& steps, const Facts& f);

// The evidence of a step met now, as JSON: the requirements that met it (kind, id, when).
std::string step_evidence(const Step& s, const Facts& f);

// Problems in a path's structure, as translation keys (empty when it can be published):
// no steps, an empty step, a step needing more than it holds or less than one.
std::vector<std::string> structure_problems(const std::vector<Step>& steps);

// Whether adding `sub` as a requirement of `path` would make a cycle, given every path's
// sub-paths (`edges`: path id -> the paths it requires). A path requiring itself is a cycle.
bool makes_cycle(std::int64_t path, std::int64_t sub, const std::map<std::int64_t, std::vector<std::int64_t>>& edges);

}  // namespace cityskills::paths
