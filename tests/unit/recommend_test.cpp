// The result page's recommender on plain data (docs/assessment-recommendations.md): which
// competences are weak, and which courses, events and practices are suggested, in what order
// and why, for every profile band, with and without content in the reader's language.
#include <gtest/gtest.h>

#include <algorithm>

#include "features/assessment/recommend.hpp"

namespace cityskills {
using namespace assessment;
using namespace assessment::recommend;

namespace {

// A small framework: two areas of two competences, each area with its events theme.
const std::vector<std::string> kCompetences = {"1.1", "1.2", "2.1", "2.2"};

// Levels per competence (0: not assessed); each area is at its weakest competence's level.
Outcome profile(const std::map<std::string, int>& levels) {
  Outcome o;
  for (const auto& code : kCompetences) {
    int l = levels.count(code) ? levels.at(code) : 0;
    o.competences.push_back({code, code.substr(0, 1), l ? (l - 0.5) / 8 : 0, l, l ? 2 : 0, 2});
  }
  for (std::string area : {"1", "2"}) {
    Level a{area, area, 0, 0, 0, 4};
    for (const auto& c : o.competences)
      if (c.area == area && c.level && (!a.level || c.level < a.level)) {
        a.level = c.level;
        a.score = c.score;
        a.answered = 2;
      }
    o.areas.push_back(a);
  }
  return o;
}

Outcome everywhere(int level) { return profile({{"1.1", level}, {"1.2", level}, {"2.1", level}, {"2.2", level}}); }

Input input(const Outcome& o, const std::string& lang) {
  Input in;
  in.outcome = o;
  in.lang = lang;
  for (const auto& c : kCompetences) in.area_of[c] = c.substr(0, 1);
  in.theme_of = {{"1", "information"}, {"2", "communication"}};
  return in;
}

Course course(std::int64_t id, const std::string& lang, const std::string& band, std::vector<std::string> comps,
              std::int64_t group = 0) {
  return {id, group ? group : id, lang, band, std::move(comps)};
}

std::string reason_name(Reason r) {
  switch (r) {
    case Reason::kNextLevel: return "next";
    case Reason::kNearestLevel: return "nearest";
    case Reason::kSameArea: return "same";
    case Reason::kArea: return "area";
    case Reason::kQualification: return "qualification";
  }
  return "?";
}

// "id:reason:competence-or-area", with ":lang" when the item is in another language.
template <class T>
std::vector<std::string> describe(const std::vector<Suggestion>& ss, const std::vector<T>& items) {
  std::vector<std::string> out;
  for (const auto& s : ss) {
    const auto& item = items.at(s.index);
    auto text = std::to_string(item.id) + ":" + reason_name(s.reason) + ":" + (s.competence.empty() ? s.area : s.competence);
    if (s.foreign) text += ":" + item.lang;
    out.push_back(text);
  }
  return out;
}

}  // namespace

// ---- which competences are weak ----

TEST(RecommendWeakest, EveryBandTargetsTheNextLevelUpAndNamesTheBandAbove) {
  struct Row {
    int level;
    const char *band, *target, *next;
  };
  const Row rows[] = {
      {1, "foundation", "foundation", "intermediate"},  // level 1 learns at 2: still foundation content
      {2, "foundation", "intermediate", "intermediate"},
      {3, "intermediate", "intermediate", "advanced"},
      {4, "intermediate", "advanced", "advanced"},
      {5, "advanced", "advanced", "highly_specialised"},
      {6, "advanced", "highly_specialised", "highly_specialised"},
      {7, "highly_specialised", "highly_specialised", ""},
      {8, "highly_specialised", "highly_specialised", ""},  // the top: nowhere higher
  };
  for (const auto& r : rows) {
    SCOPED_TRACE("level " + std::to_string(r.level));
    auto weak = weakest(everywhere(r.level));
    ASSERT_EQ(weak.size(), 4u);  // a tie everywhere keeps every competence, in framework order
    for (std::size_t i = 0; i < weak.size(); ++i) {
      EXPECT_EQ(weak[i].competence, kCompetences[i]);
      EXPECT_EQ(weak[i].level, r.level);
      EXPECT_EQ(weak[i].band, r.band);
      EXPECT_EQ(weak[i].target, r.target);
      EXPECT_EQ(weak[i].next_band, r.next);
      EXPECT_NE(weak[i].next_band, weak[i].band);  // never "next step: the band you are in"
    }
  }
}

TEST(RecommendWeakest, KeepsEveryCompetenceOfTheLowestBandReachedWeakestFirst) {
  struct Row {
    std::map<std::string, int> levels;
    std::vector<std::string> weak;
  };
  const Row rows[] = {
      {{{"1.1", 3}, {"1.2", 5}, {"2.1", 6}, {"2.2", 4}}, {"1.1", "2.2"}},        // intermediate band: 3 then 4
      {{{"1.1", 2}, {"1.2", 1}, {"2.1", 1}, {"2.2", 7}}, {"1.2", "2.1", "1.1"}},  // ties at 1 in framework order
      {{{"1.1", 8}, {"1.2", 8}, {"2.1", 7}, {"2.2", 8}}, {"2.1", "1.1", "1.2", "2.2"}},
      {{{"1.1", 4}}, {"1.1", "1.2"}},  // 1.2 without its own level takes its area's; area 2 not assessed
      {{}, {}},
  };
  for (const auto& r : rows) {
    std::vector<std::string> got;
    for (const auto& w : weakest(profile(r.levels))) got.push_back(w.competence);
    EXPECT_EQ(got, r.weak);
  }
}

TEST(RecommendWeakest, ACompetenceHeldDownOnlyByTheQuestionsAskedTakesItsAreasLevel) {
  // Everything right, but 1.2's hardest question is intermediate: scoring caps it at 4.
  auto o = everywhere(8);
  o.competences[1].level = 4;
  o.competences[1].score = 1.0;
  auto weak = weakest(o);
  ASSERT_EQ(weak.size(), 4u);
  EXPECT_EQ(weak[1].competence, "1.2");
  EXPECT_EQ(weak[1].level, 8);
  EXPECT_EQ(weak[1].next_band, "");
  // Held down by the answers (score 0.4 is level 4 anyway), it stays weak.
  o.competences[1].score = 0.4;
  weak = weakest(o);
  ASSERT_EQ(weak.size(), 1u);
  EXPECT_EQ(weak[0].competence, "1.2");
  EXPECT_EQ(weak[0].target, "advanced");
}

// ---- which courses ----

struct CourseCase {
  const char* name;
  Outcome outcome;
  std::string lang;
  std::vector<Course> courses;
  std::vector<std::string> expected;
};

TEST(RecommendCourses, TableOfProfilesLanguagesAndFallbacks) {
  const CourseCase cases[] = {
      {"all lowest, Italian content on one weak competence: that course first, never nothing",
       everywhere(1), "it",
       {course(20, "it", "foundation", {"2.1"}), course(21, "it", "intermediate", {"1.1"}),
        course(22, "de", "foundation", {"1.1"}), course(23, "fi", "foundation", {"1.2"})},
       {"20:next:2.1", "21:nearest:1.1", "22:next:1.1:de", "23:next:1.2:fi"}},
      {"all lowest, nothing in the reader's language: other languages, each marked",
       everywhere(1), "en",
       {course(22, "de", "foundation", {"1.1"}), course(23, "fi", "advanced", {"1.2"})},
       {"22:next:1.1:de", "23:nearest:1.2:fi"}},
      {"all lowest in every language with content in it", everywhere(1), "sv",
       {course(24, "sv", "foundation", {"1.2"}), course(25, "sv", "foundation", {"1.1", "2.2"})},
       {"25:next:1.1", "24:next:1.2"}},
      {"all highest: highly specialised first, then advanced, then the rest", everywhere(8), "it",
       {course(30, "it", "advanced", {"1.1"}), course(31, "it", "highly_specialised", {"2.2"}),
        course(32, "it", "foundation", {"1.2"}), course(33, "de", "highly_specialised", {"1.1"})},
       {"31:next:2.2", "30:nearest:1.1", "32:nearest:1.2", "33:next:1.1:de"}},
      {"all highest with only foundation content: still something", everywhere(8), "fi",
       {course(34, "fi", "foundation", {"2.1"})},
       {"34:nearest:2.1"}},
      {"mixed: next level per weak competence, then other courses of the same areas", profile({{"1.1", 3}, {"1.2", 5}, {"2.1", 6}, {"2.2", 4}}), "de",
       {course(40, "de", "intermediate", {"1.1"}), course(41, "de", "advanced", {"1.2"}),
        course(42, "de", "advanced", {"2.2"}), course(43, "de", "foundation", {"2.1"}),
        course(44, "de", "foundation", {"1.1"})},
       {"40:next:1.1", "42:next:2.2", "41:same:1", "44:same:1", "43:same:2"}},
      {"nearest level: a step up before a step back", profile({{"1.1", 3}, {"1.2", 5}, {"2.1", 5}, {"2.2", 5}}), "en",
       {course(50, "en", "foundation", {"1.1"}), course(51, "en", "advanced", {"1.1"}),
        course(52, "en", "highly_specialised", {"1.1"})},
       {"51:nearest:1.1", "50:nearest:1.1", "52:nearest:1.1"}},
      {"ties: the course covering more weak competences first", profile({{"1.1", 1}, {"1.2", 1}, {"2.1", 1}, {"2.2", 1}}), "en",
       {course(60, "en", "foundation", {"1.1"}), course(61, "en", "foundation", {"1.1", "1.2"})},
       {"61:next:1.1", "60:next:1.1"}},
      {"a translation group appears once, in the reader's language", everywhere(1), "en",
       {course(70, "it", "foundation", {"1.1"}), course(71, "en", "foundation", {"1.1"}, 70),
        course(72, "de", "foundation", {"1.1"}, 70)},
       {"71:next:1.1"}},
      {"without the reader's language, the original, marked", everywhere(1), "sv",
       {course(71, "en", "foundation", {"1.1"}, 70), course(70, "it", "foundation", {"1.1"}),
        course(72, "de", "foundation", {"1.1"}, 70)},
       {"70:next:1.1:it"}},
      {"courses of areas with no weak competence are not suggested", profile({{"1.1", 1}, {"1.2", 1}, {"2.1", 5}, {"2.2", 5}}), "en",
       {course(80, "en", "foundation", {"2.1"}), course(81, "en", "foundation", {"1.2"}), course(82, "en", "foundation", {"9.9"})},
       {"81:next:1.2"}},
      {"nothing assessed: nothing suggested", profile({}), "en", {course(90, "en", "foundation", {"1.1"})}, {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto in = input(c.outcome, c.lang);
    in.courses = c.courses;
    auto plan = recommend::recommend(in);
    EXPECT_EQ(describe(plan.courses, in.courses), c.expected);
  }
}

TEST(RecommendCourses, AtMostTheLimitInAStableOrder) {
  auto in = input(everywhere(1), "it");
  for (std::int64_t id = 100; id > 90; --id) in.courses.push_back(course(id, "it", "foundation", {"1.1"}));
  auto plan = recommend::recommend(in);
  std::vector<std::string> got = describe(plan.courses, in.courses);
  EXPECT_EQ(got, (std::vector<std::string>{"91:next:1.1", "92:next:1.1", "93:next:1.1", "94:next:1.1", "95:next:1.1",
                                            "96:next:1.1"}));
  std::reverse(in.courses.begin(), in.courses.end());
  EXPECT_EQ(describe(recommend::recommend(in).courses, in.courses), got);
  EXPECT_EQ(recommend::recommend(in, {2, 3, 3}).courses.size(), 2u);
}

TEST(RecommendCourses, EveryLanguageGetsACourseWheneverOneTeachesAWeakCompetence) {
  for (std::string lang : {"it", "en", "de", "sv", "fi"})
    for (int level : {1, 8}) {
      SCOPED_TRACE(lang + " level " + std::to_string(level));
      auto in = input(everywhere(level), lang);
      in.courses = {course(1, lang, "foundation", {"2.2"}), course(2, lang == "it" ? "en" : "it", "advanced", {"1.1"})};
      auto plan = recommend::recommend(in);
      ASSERT_EQ(plan.courses.size(), 2u);
      EXPECT_EQ(in.courses[plan.courses[0].index].id, 1);  // the reader's language first
      EXPECT_FALSE(plan.courses[0].foreign);
      EXPECT_TRUE(plan.courses[1].foreign);
    }
}

// ---- events and practices ----

TEST(RecommendEvents, ReaderLanguageFirstThenWeakestAreaThenSoonestForeignMarked) {
  auto in = input(profile({{"1.1", 3}, {"1.2", 4}, {"2.1", 3}, {"2.2", 4}}), "it");
  // Area 1 and 2 both at level 3: soonest first. Events off the weak areas are left out.
  in.events = {{1, 500, "it", "communication"}, {2, 400, "it", "information"}, {3, 100, "de", "information"},
               {4, 50, "it", "safety"},        {2, 400, "it", "information"}, {5, 300, "fi", "communication"}};
  auto plan = recommend::recommend(in);
  EXPECT_EQ(describe(plan.events, in.events), (std::vector<std::string>{"2:area:1", "1:area:2", "3:area:1:de"}));
  in.outcome = profile({{"1.1", 4}, {"1.2", 4}, {"2.1", 3}, {"2.2", 4}});  // area 2 weaker: its later event first
  plan = recommend::recommend(in);
  EXPECT_EQ(describe(plan.events, in.events), (std::vector<std::string>{"1:area:2", "2:area:1", "5:area:2:fi"}));
}

TEST(RecommendPractices, OfferedFromTheAdvancedBandUpReaderLanguageFirstNewestFirst) {
  std::vector<Practice> practices = {{1, "it", {"1"}}, {2, "it", {"1", "2"}}, {3, "de", {"2"}}, {4, "it", {"3"}}};
  struct Row {
    int level;
    std::vector<std::string> expected;
  };
  const Row rows[] = {{1, {}}, {3, {}}, {4, {"2:area:1", "1:area:1", "3:area:2:de"}}, {8, {"2:area:1", "1:area:1", "3:area:2:de"}}};
  for (const auto& r : rows) {
    SCOPED_TRACE("level " + std::to_string(r.level));
    auto in = input(everywhere(r.level), "it");
    in.practices = practices;
    EXPECT_EQ(describe(recommend::recommend(in).practices, in.practices), r.expected);
  }
}

namespace {
Path path(std::int64_t id, const std::string& lang, const std::string& band, bool qualification,
          std::vector<std::string> comps, std::vector<std::string> areas = {}, std::int64_t group = 0) {
  return {id, group ? group : id, lang, band, qualification, std::move(comps), std::move(areas)};
}
std::vector<std::int64_t> path_ids(const Input& in, const Plan& plan) {
  std::vector<std::int64_t> out;
  for (const auto& s : plan.paths) out.push_back(in.paths[s.index].id);
  return out;
}
}  // namespace

TEST(RecommendPaths, BeginnersGetThePathAtTheNextLevelExpertsTheQualificationFirst) {
  struct Row {
    int level;
    std::string lang;
    std::vector<std::int64_t> want;
    std::string first_reason;
  };
  // 1: an intermediate citizens' path on 1.1 (it, with an en translation 2); 3: an advanced
  // qualification (en); 4: a highly specialised path on area 2 by its level step.
  auto build = [](const std::string& lang, int level) {
    auto in = input(everywhere(level), lang);
    in.paths = {path(1, "it", "intermediate", false, {"1.1"}), path(2, "en", "intermediate", false, {"1.1"}, {}, 1),
                path(3, "en", "advanced", true, {"2.2"}), path(4, "en", "highly_specialised", false, {}, {"2"})};
    return in;
  };
  std::vector<Row> table = {
      {2, "it", {1, 3}, "next"},           // level 2 learns at intermediate next: that path, in Italian
      {2, "en", {2, 3}, "next"},           // the English translation of the same path, not both
      {2, "sv", {1, 3}, "next"},           // none in Swedish: the original (Italian), marked foreign
      {1, "it", {1, 3}, "nearest"},        // level 1 learns at foundation next: the nearest band
      {5, "en", {3, 4}, "qualification"},  // advanced everywhere: the qualification first
      {8, "en", {3, 4}, "qualification"},  // top band: the qualification, then the most advanced path
  };
  for (const auto& row : table) {
    auto in = build(row.lang, row.level);
    auto plan = recommend::recommend(in);
    EXPECT_EQ(path_ids(in, plan), row.want) << row.level << " " << row.lang;
    ASSERT_FALSE(plan.paths.empty());
    EXPECT_EQ(reason_name(plan.paths.front().reason), row.first_reason) << row.level << " " << row.lang;
    EXPECT_EQ(plan.paths.front().foreign, in.paths[plan.paths.front().index].lang != row.lang);
  }
}

TEST(RecommendPaths, NoPathForUntouchedAreasAndNoneWithoutPaths) {
  auto in = input(profile({{"1.1", 1}, {"1.2", 1}, {"2.1", 6}, {"2.2", 6}}), "en");
  in.paths = {path(1, "en", "intermediate", false, {"2.1"})};  // only area 2, which is not weak
  EXPECT_TRUE(recommend::recommend(in).paths.empty());
  in.paths.clear();
  EXPECT_TRUE(recommend::recommend(in).paths.empty());
  // A qualification is not pushed on a beginner unless it serves a weak area.
  in.paths = {path(3, "en", "advanced", true, {"2.2"})};
  EXPECT_TRUE(recommend::recommend(in).paths.empty());
}

}  // namespace cityskills
