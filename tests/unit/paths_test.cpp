// Learning paths without a server: progress over steps and elective groups, recorded steps,
// structure problems, cycles, and the forms' checks.
#include <gtest/gtest.h>

#include "features/paths/forms.hpp"
#include "features/paths/progress.hpp"

namespace cityskills::paths {
namespace {

Requirement course(std::int64_t group) {
  Requirement r;
  r.kind = "course";
  r.course_id = group;
  r.course_group = group;
  return r;
}
Requirement event(std::int64_t id) {
  Requirement r;
  r.kind = "event";
  r.event_id = id;
  return r;
}
Requirement level(const char* area, const char* band) {
  Requirement r;
  r.kind = "level";
  r.area = area;
  r.band = band;
  return r;
}
Requirement sub(std::int64_t group) {
  Requirement r;
  r.kind = "path";
  r.sub_path_id = group;
  r.sub_path_group = group;
  return r;
}
Step step(std::int64_t id, int need, std::vector<Requirement> reqs) { return {id, 1, static_cast<int>(id), "", need, std::move(reqs)}; }

TEST(PathProgress, MinLevel_PerBand) {
  EXPECT_EQ(min_level("foundation"), 1);
  EXPECT_EQ(min_level("intermediate"), 3);
  EXPECT_EQ(min_level("advanced"), 5);
  EXPECT_EQ(min_level("highly_specialised"), 7);
  EXPECT_EQ(min_level("expert"), 0);
}

TEST(PathProgress, NothingDone_NothingComplete) {
  auto p = evaluate({step(1, 1, {course(10)}), step(2, 1, {event(5)})}, {});
  EXPECT_EQ(p.done, 0);
  EXPECT_FALSE(p.complete);
  EXPECT_EQ(p.percent, 0);
}

TEST(PathProgress, EveryKindMet_Completes) {
  Facts f;
  f.courses[10] = 100;
  f.events[5] = 200;
  f.areas["4"] = 4;  // intermediate reached
  f.paths[77] = 300;
  auto p = evaluate({step(1, 1, {course(10)}), step(2, 1, {event(5)}), step(3, 1, {level("4", "intermediate")}),
                     step(4, 1, {sub(77)})},
                    f);
  EXPECT_EQ(p.done, 4);
  EXPECT_TRUE(p.complete);
  EXPECT_EQ(p.percent, 100);
}

TEST(PathProgress, LevelBelowTheBand_IsNotMet) {
  Facts f;
  f.areas["4"] = 2;  // foundation
  EXPECT_FALSE(evaluate({step(1, 1, {level("4", "intermediate")})}, f).complete);
  f.areas["4"] = 8;
  EXPECT_TRUE(evaluate({step(1, 1, {level("4", "highly_specialised")})}, f).complete);
  EXPECT_FALSE(evaluate({step(1, 1, {level("5", "foundation")})}, f).complete);  // another area
}

TEST(PathProgress, ElectiveGroup_CountsTheNeeded) {
  Step electives = step(1, 2, {course(1), course(2), course(3), course(4)});
  Facts f;
  f.courses[2] = 50;
  auto p = evaluate({electives}, f);
  EXPECT_FALSE(p.steps[0].done);
  EXPECT_EQ(p.steps[0].met, 1);
  f.courses[4] = 80;
  p = evaluate({electives}, f);
  EXPECT_TRUE(p.steps[0].done);
  EXPECT_EQ(p.steps[0].done_at, 80);  // when the second one was met
  f.courses[1] = 10;
  EXPECT_EQ(evaluate({electives}, f).steps[0].done_at, 50);
  EXPECT_EQ((std::vector<bool>{true, true, false, true}), evaluate({electives}, f).steps[0].requirement_met);
}

TEST(PathProgress, GroupAskingMoreThanItHolds_NeverCompletes) {
  Facts f;
  f.courses[1] = f.courses[2] = 1;
  EXPECT_FALSE(evaluate({step(1, 3, {course(1), course(2)})}, f).complete);
}

TEST(PathProgress, RecordedStep_StaysDoneAfterThePathChanged) {
  Facts f;
  f.recorded_steps.insert(1);  // met earlier, with a course since swapped for another
  auto p = evaluate({step(1, 1, {course(99)}), step(2, 1, {course(3)})}, f);
  EXPECT_TRUE(p.steps[0].done);
  EXPECT_TRUE(p.steps[0].recorded);
  EXPECT_FALSE(p.complete);
  f.courses[3] = 1;
  EXPECT_TRUE(evaluate({step(1, 1, {course(99)}), step(2, 1, {course(3)})}, f).complete);
}

TEST(PathProgress, EmptyPath_IsNeverComplete) { EXPECT_FALSE(evaluate({}, {}).complete); }

TEST(PathProgress, Evidence_NamesWhatMetTheStep) {
  Facts f;
  f.courses[1] = 1700000000;
  f.areas["1"] = 5;
  auto json = step_evidence(step(9, 1, {course(1), course(2), level("1", "advanced")}), f);
  EXPECT_NE(json.find("\"step_id\":9"), std::string::npos) << json;
  EXPECT_NE(json.find("\"course_id\":1"), std::string::npos) << json;
  EXPECT_EQ(json.find("\"course_id\":2"), std::string::npos) << json;
  EXPECT_NE(json.find("\"level\":5"), std::string::npos) << json;
}

TEST(PathStructure, Problems) {
  EXPECT_EQ(structure_problems({}), std::vector<std::string>{"paths.problem.no_steps"});
  EXPECT_EQ(structure_problems({step(1, 1, {})}), std::vector<std::string>{"paths.problem.empty_step"});
  EXPECT_EQ(structure_problems({step(1, 3, {course(1), course(2)})}),
            std::vector<std::string>{"paths.problem.need_too_high"});
  EXPECT_TRUE(structure_problems({step(1, 2, {course(1), course(2)})}).empty());
}

TEST(PathStructure, Cycles) {
  std::map<std::int64_t, std::vector<std::int64_t>> edges{{1, {2}}, {2, {3}}};
  EXPECT_TRUE(makes_cycle(3, 1, edges));   // 3 -> 1 -> 2 -> 3
  EXPECT_TRUE(makes_cycle(4, 4, edges));   // itself
  EXPECT_FALSE(makes_cycle(1, 3, edges));  // 1 -> 3 is only a shortcut
  EXPECT_FALSE(makes_cycle(5, 1, edges));
}

PathForm valid_path() {
  PathForm f;
  f.lang = "it";
  f.title = "Digital City Expert";
  f.summary = "La qualifica per il personale dei Comuni.";
  f.description = "Sei corsi e un bootcamp.";
  f.audience = "public_staff";
  f.level = "advanced";
  return f;
}

TEST(PathForm, Valid_NoErrors) { EXPECT_TRUE(check(valid_path(), {1, 2}).empty()); }

TEST(PathForm, ChoicesOutsideTheLists_AndUnknownIssuer) {
  auto f = valid_path();
  f.lang = "xx";
  f.audience = "robots";
  f.level = "expert";
  f.issuers = {"2", "99"};
  auto e = check(f, {1, 2});
  for (const char* field : {"lang", "audience", "level"}) EXPECT_EQ(e.key(field), "validation.choice.invalid") << field;
  EXPECT_EQ(e.key("issuers"), "paths.validation.unknown_org");
  f = valid_path();
  f.issuers = {"abc"};
  EXPECT_EQ(check(f, {1}).key("issuers"), "paths.validation.unknown_org");
}

TEST(PathForm, BlankTitle_AndLongSummary) {
  auto f = valid_path();
  f.title = "   ";
  f.summary = std::string(kSummaryMax + 1, 'a');
  auto e = check(f, {});
  EXPECT_TRUE(e.has("title"));
  EXPECT_EQ(e.key("summary"), "paths.validation.too_long");
}

TEST(StepForm, NeedMustFitTheGroup) {
  StepForm f;
  f.need = 3;
  EXPECT_TRUE(check(f, 0).empty());  // a new group: its requirements come next
  EXPECT_EQ(check(f, 2).key("need"), "paths.validation.need_too_high");
  EXPECT_EQ(check(f, 2).args("need").size(), 2u);
  f.need = 0;
  EXPECT_EQ(check(f, 0).key("need"), "validation.number.range");
  f.need = std::nullopt;
  EXPECT_EQ(check(f, 0).key("need"), "validation.number.range");
}

TEST(RequirementForm, Checks) {
  RequirementForm f;
  f.kind = "course";
  f.course_text = "12";
  f.course_id = 12;
  EXPECT_TRUE(check(f, {true, 1, false}, {1, 2}, {"1", "2"}, 0).empty());
  EXPECT_EQ(check(f, {false, 0, false}, {1}, {}, 0).key("course_id"), "paths.validation.unknown_course");
  EXPECT_EQ(check(f, {true, 7, false}, {1, 2}, {}, 0).key("course_id"), "paths.validation.foreign_course");
  f.course_text.clear();
  f.course_id.reset();
  EXPECT_EQ(check(f, {}, {1}, {}, 0).key("course_id"), "paths.validation.choose_course");
  f.kind = "path";
  f.path_text = "3";
  f.path_id = 3;
  EXPECT_EQ(check(f, {true, 1, true}, {1}, {}, 0).key("path_id"), "paths.validation.cycle");
  f.kind = "level";
  f.area = "9";
  f.band = "guru";
  auto e = check(f, {}, {1}, {"1", "2", "3", "4", "5"}, 0);
  EXPECT_EQ(e.key("area"), "validation.choice.invalid");
  EXPECT_EQ(e.key("band"), "validation.choice.invalid");
  f.kind = "sql";
  EXPECT_EQ(check(f, {}, {1}, {}, 0).key("kind"), "validation.choice.invalid");
  f.kind = "event";
  EXPECT_EQ(check(f, {}, {1}, {}, kMaxRequirements).key("kind"), "paths.validation.too_many_requirements");
}

}  // namespace
}  // namespace cityskills::paths
