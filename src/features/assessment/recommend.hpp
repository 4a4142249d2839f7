#pragma once
// What the result page suggests (docs/assessment-recommendations.md): a pure function from a
// person's levels, the reader's language and the candidate content (plain data, loaded by one
// store call) to an ordered, bounded list of suggestions, each with its reason. No database,
// no server: the rules are held by table-driven unit tests.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "features/assessment/scoring.hpp"

namespace cityskills::assessment::recommend {

// A competence in the lowest band the person reached, with what to learn next.
struct Weak {
  std::string competence, area;  // codes
  int level = 0;                 // 1-8: its own level, else its area's
  std::string band;              // the band of `level`
  std::string target;            // the band of the content to learn with: that of level + 1 (at most 8)
  std::string next_band;         // the band above `band`; empty at the top band
};

// Every assessed competence in the lowest band reached (ties are all kept: someone at level 1
// everywhere has 21 weak competences), weakest level first, then lowest score, then framework order.
std::vector<Weak> weakest(const Outcome& o);

// Candidate content, as plain data. Only what a visitor may see is passed in (published
// courses, published upcoming events, published practices).
struct Course {
  std::int64_t id = 0, group = 0;  // group: the translation group (the original's id)
  std::string lang, band;          // band: one of kBands
  std::vector<std::string> competences;
};
struct Event {
  std::int64_t id = 0, starts_at = 0;
  std::string lang, theme;  // theme: a DigComp area's events theme
};
struct Practice {
  std::int64_t id = 0;
  std::string lang;
  std::vector<std::string> areas;  // area codes
};
// A published learning path: what its courses teach and which self-test areas its level steps
// name. A qualification is a path marked as one.
struct Path {
  std::int64_t id = 0, group = 0;
  std::string lang, band;  // band: the level the path leads to
  bool qualification = false;
  std::vector<std::string> competences, areas;
};

struct Input {
  Outcome outcome;
  std::string lang;                              // the reader's language
  std::map<std::string, std::string> area_of;    // competence code -> area code (the framework)
  std::map<std::string, std::string> theme_of;   // area code -> events theme (the framework)
  std::vector<Course> courses;
  std::vector<Event> events;
  std::vector<Practice> practices;
  std::vector<Path> paths;
};

struct Limits {
  std::size_t courses = 6, events = 3, practices = 3, paths = 2;
};

// Why an item is suggested, best first.
enum class Reason {
  kNextLevel,     // teaches a weak competence at the band the person learns at next
  kNearestLevel,  // teaches a weak competence at the nearest band (none exists at the next one)
  kSameArea,      // another course of the area of a weak competence
  kArea,          // an event or practice on the area of a weak competence
  kQualification, // a qualification, offered first to people whose weakest band is advanced or above
};

struct Suggestion {
  std::size_t index = 0;   // into Input::courses, events or practices
  Reason reason = Reason::kNextLevel;
  std::string competence;  // the weak competence it serves (courses with kNextLevel/kNearestLevel)
  std::string area;        // the weak area it serves
  bool foreign = false;    // not in the reader's language: the page marks its language
};

struct Plan {
  std::vector<Weak> weak;
  std::vector<Suggestion> courses, events, practices, paths;
};

// Practices are offered when the person learns at the advanced band or above.
inline constexpr int kPracticesFromBand = 3;
// Qualifications come first for people whose weakest competences are at this band or above
// (advanced): they have the ground a qualification builds on.
inline constexpr int kQualificationsFromBand = 3;

Plan recommend(const Input& in, const Limits& limits = {});

}  // namespace cityskills::assessment::recommend
