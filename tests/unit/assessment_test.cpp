// Scoring and routing of "How digital are you?" on fixed answer sets, the built-in
// DigComp 2.2 bank, and a framework loaded from a file.
#include <gtest/gtest.h>

#include <set>

#include "features/assessment/api.hpp"
#include "features/assessment/chart.hpp"
#include "features/assessment/framework.hpp"
#include "features/assessment/recommend.hpp"
#include "features/assessment/scoring.hpp"
#include "features/assessment/store.hpp"
#include "support/harness.hpp"
#include "util/embedded.hpp"

namespace cityskills {
using namespace assessment;

namespace {

std::vector<ScoredQuestion> from_file(const FrameworkFile& f) {
  std::vector<ScoredQuestion> out;
  std::int64_t id = 0;
  for (const auto& a : f.areas)
    for (const auto& c : a.competences)
      for (const auto& q : c.questions)
        out.push_back({++id, a.code, c.code, band_number(q.level), q.kind, q.answer.value_or(false) ? 1 : 0});
  return out;
}

std::map<std::int64_t, int> all_top(const std::vector<ScoredQuestion>& qs) {
  std::map<std::int64_t, int> a;
  for (const auto& q : qs) a[q.id] = q.kind == "self" ? kSelfMax : q.answer;
  return a;
}

std::map<std::int64_t, int> all_bottom(const std::vector<ScoredQuestion>& qs) {
  std::map<std::int64_t, int> a;
  for (const auto& q : qs) a[q.id] = q.kind == "self" ? 0 : 1 - q.answer;
  return a;
}

}  // namespace

TEST(AssessmentBank, DigCompShipsFiveAreasTwentyOneCompetencesAndTwoQuestionsEachInFiveLanguages) {
  auto f = builtin_digcomp();
  ASSERT_EQ(f.areas.size(), 5u);
  int competences = 0, knowledge = 0;
  std::set<std::string> bands;
  for (const auto& a : f.areas) {
    EXPECT_EQ(a.name.size(), 5u) << a.code;
    std::set<std::string> area_bands;
    for (const auto& c : a.competences) {
      ++competences;
      EXPECT_EQ(c.name.size(), 5u) << c.code;
      EXPECT_GE(c.questions.size(), 2u) << c.code;
      std::set<std::string> levels;
      for (const auto& q : c.questions) {
        EXPECT_EQ(q.prompt.size(), 5u) << q.key;
        levels.insert(q.level);
        area_bands.insert(q.level);
        knowledge += q.kind == "true_false";
      }
      EXPECT_GE(levels.size(), 2u) << c.code << " questions should sit in different bands";
    }
    // Every band is asked in every area, so every band can be reached.
    EXPECT_EQ(area_bands.size(), 4u) << a.code;
  }
  EXPECT_EQ(competences, 21);
  EXPECT_GE(knowledge, 21);
}

// One DigComp name per competence: pages ask the framework data for it, and no translation
// catalogue keeps a copy that could drift ("Informations- und Datenkompetenz" on one page,
// "Umgang mit Informationen und Daten" on another).
TEST(AssessmentBank, DigCompNamesComeFromTheFrameworkAndNoCatalogueCopiesThem) {
  EXPECT_EQ(digcomp_name("1.1", "en"), "Browsing, searching and filtering data, information and digital content");
  EXPECT_EQ(digcomp_name("1", "de"), "Umgang mit Informationen und Daten");
  EXPECT_EQ(digcomp_name("4", "xx"), "Safety") << "English when the language is missing";
  EXPECT_EQ(digcomp_name("9.9", "en"), "");
  EXPECT_EQ(digcomp_area_of_theme("safety"), "4");
  EXPECT_EQ(digcomp_area_of_theme("cooking"), "");
  auto f = builtin_digcomp();
  for (const char* lang : {"it", "en", "de", "sv", "fi"}) {
    auto po = embedded::find(std::string("locale/") + lang + ".po");
    ASSERT_TRUE(po) << lang;
    for (const auto& a : f.areas) {
      EXPECT_EQ(po->find("msgstr \"" + a.name.at(lang) + "\"\n"), std::string_view::npos)
          << lang << ": area " << a.code << " is copied in the catalogue";
      for (const auto& c : a.competences)
        EXPECT_EQ(po->find("msgstr \"" + c.name.at(lang) + "\"\n"), std::string_view::npos)
            << lang << ": competence " << c.code << " is copied in the catalogue";
    }
  }
}

TEST(AssessmentScoring, AllTopAnswersAreHighlySpecialisedEverywhere) {
  auto qs = from_file(builtin_digcomp());
  auto o = score(qs, all_top(qs));
  ASSERT_EQ(o.areas.size(), 5u);
  for (const auto& a : o.areas) {
    EXPECT_EQ(a.level, 8) << a.code;
    EXPECT_EQ(band_of_level(a.level), "highly_specialised");
  }
  // A competence reaches as high as its hardest question's band.
  std::map<std::string, int> hardest;
  for (const auto& q : qs) hardest[q.competence] = std::max(hardest[q.competence], q.band);
  for (const auto& c : o.competences) EXPECT_EQ(c.level, 2 * hardest[c.code]) << c.code;
}

TEST(AssessmentScoring, AllBottomAnswersAreFoundationEverywhere) {
  auto qs = from_file(builtin_digcomp());
  auto o = score(qs, all_bottom(qs));
  for (const auto& a : o.areas) {
    EXPECT_EQ(a.level, 1) << a.code;
    EXPECT_EQ(band_of_level(a.level), "foundation");
  }
  // "I don't know" counts as a wrong answer, never as a right one.
  std::map<std::int64_t, int> unsure;
  for (const auto& q : qs) unsure[q.id] = q.kind == "self" ? 0 : kDontKnow;
  for (const auto& a : score(qs, unsure).areas) EXPECT_EQ(a.level, 1);
}

TEST(AssessmentScoring, UnansweredAreasAreNotAssessedAndNotRouted) {
  auto qs = from_file(builtin_digcomp());
  std::map<std::int64_t, int> answers;
  for (const auto& q : qs)
    if (q.area == "1") answers[q.id] = q.kind == "self" ? 1 : q.answer;
  auto o = score(qs, answers);
  EXPECT_GT(o.areas[0].level, 0);
  for (std::size_t i = 1; i < o.areas.size(); ++i) {
    EXPECT_EQ(o.areas[i].level, 0) << o.areas[i].code;
    EXPECT_EQ(o.areas[i].answered, 0);
  }
  for (const auto& w : recommend::weakest(o)) EXPECT_EQ(w.competence.substr(0, 2), "1.");
  EXPECT_TRUE(recommend::weakest(score(qs, {})).empty());
}

TEST(AssessmentScoring, LevelsFollowBandWeightedEvidenceCappedByTheHardestBandShown) {
  std::vector<ScoredQuestion> qs = {{1, "A", "A.1", 1, "self", 0}, {2, "A", "A.1", 2, "self", 0},
                                    {3, "A", "A.2", 3, "true_false", 1}, {4, "A", "A.2", 4, "true_false", 0}};
  // Foundation and intermediate fully, advanced and highly specialised wrong: (1+2)/10 = 0.3.
  auto o = score(qs, {{1, 4}, {2, 4}, {3, 0}, {4, 1}});
  EXPECT_NEAR(o.areas[0].score, 0.3, 1e-9);
  EXPECT_EQ(o.areas[0].level, 3);
  EXPECT_EQ(band_of_level(3), "intermediate");
  // Acing only the foundation question cannot place anyone above foundation.
  o = score(qs, {{1, 4}});
  EXPECT_EQ(o.areas[0].level, 2);
  // Exactly on a boundary (score 0.25) goes to the band above.
  std::vector<ScoredQuestion> one = {{1, "A", "A.1", 4, "self", 0}};
  EXPECT_EQ(score(one, {{1, 1}}).areas[0].level, 3);
  // A competence gets its own level only with two answers.
  o = score(qs, {{1, 4}, {2, 4}, {3, 1}});
  EXPECT_EQ(o.competences[0].level, 4);  // top answers, but intermediate is its hardest band
  EXPECT_EQ(o.competences[1].level, 0);
  EXPECT_EQ(o.competences[1].answered, 1);
}

TEST(AssessmentRouting, TheWeakestBandFromScoredAnswersLearnsAtTheNextLevelUp) {
  std::vector<ScoredQuestion> qs;
  std::int64_t id = 0;
  for (std::string c : {"1.1", "1.2", "2.1", "2.2"})
    for (int band = 1; band <= 4; ++band) qs.push_back({++id, c.substr(0, 1), c, band, "self", 0});
  std::map<std::int64_t, int> a;
  for (const auto& q : qs) a[q.id] = q.competence == "2.1" ? 4 : q.competence == "1.2" ? 1 : 2;
  auto t = recommend::weakest(score(qs, a));
  ASSERT_EQ(t.size(), 1u);  // 1.1 and 2.2 (level 5) are a band above 1.2
  EXPECT_EQ(t[0].competence, "1.2");  // score 0.25 -> level 3, learn at level 4: intermediate
  EXPECT_EQ(t[0].target, "intermediate");
  EXPECT_EQ(t[0].next_band, "advanced");
  // At the top there is nowhere higher: the target stays highly specialised, every competence kept.
  auto top = recommend::weakest(score(qs, all_top(qs)));
  ASSERT_EQ(top.size(), 4u);
  EXPECT_EQ(top[0].target, "highly_specialised");
  EXPECT_EQ(top[0].next_band, "");
  // Level 1 learns at level 2, still foundation content; the band above is intermediate.
  auto bottom = recommend::weakest(score(qs, all_bottom(qs)));
  ASSERT_EQ(bottom.size(), 4u);
  EXPECT_EQ(bottom[0].target, "foundation");
  EXPECT_EQ(bottom[0].next_band, "intermediate");
}

TEST(AssessmentFramework, ParsesAFileAndNamesTheFirstProblem) {
  const std::string file = R"({
    "code": "pa-staff-1", "version": "1.0",
    "name": {"en": "Public staff", "it": "Personale PA"}, "description": {"en": "For public administration staff."},
    "areas": [
      {"code": "D", "name": {"en": "Documents"}, "competences": [
        {"code": "D.1", "name": {"en": "Digital signatures"}, "questions": [
          {"key": "d1-a", "level": "foundation", "kind": "self", "prompt": {"en": "I can sign a PDF digitally."}},
          {"key": "d1-b", "level": "advanced", "kind": "true_false", "answer": false,
           "prompt": {"en": "A scanned handwritten signature is a qualified electronic signature."}}]}]},
      {"code": "P", "name": {"en": "Procedures"}, "competences": [
        {"code": "P.1", "name": {"en": "Online procedures"}, "questions": [
          {"key": "p1-a", "level": "highly_specialised", "kind": "self", "prompt": {"en": "I design online procedures."}}]}]}]
  })";
  auto parsed = parse_framework(file);
  ASSERT_TRUE(std::holds_alternative<FrameworkFile>(parsed)) << std::get<std::string>(parsed);
  auto f = std::get<FrameworkFile>(parsed);
  EXPECT_EQ(f.areas.size(), 2u);
  auto qs = from_file(f);
  auto o = score(qs, all_top(qs));
  EXPECT_EQ(o.areas[0].level, 6);  // the hardest question in D is advanced
  EXPECT_EQ(o.areas[1].level, 8);
  EXPECT_EQ(score(qs, all_bottom(qs)).areas[0].level, 1);

  auto bad = [&](std::string from, std::string to) {
    auto text = file;
    text.replace(text.find(from), from.size(), to);
    auto r = parse_framework(text);
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : std::string("parsed");
  };
  EXPECT_NE(bad("\"advanced\"", "\"expert\"").find("areas[0].competences[0].questions[1].level"), std::string::npos);
  EXPECT_NE(bad("\"answer\": false,", "").find("answer"), std::string::npos);
  EXPECT_NE(bad("\"key\": \"p1-a\"", "\"key\": \"d1-a\"").find("used twice"), std::string::npos);
  EXPECT_NE(bad("{\"en\": \"Documents\"}", "{\"xx\": \"Documents\"}").find("unsupported language"), std::string::npos);
  EXPECT_NE(bad("\"code\": \"P.1\"", "\"code\": \"D.1\"").find("used twice"), std::string::npos);
  EXPECT_NE(bad("\"pa-staff-1\"", "\"\"").find("framework.code"), std::string::npos);
  EXPECT_NE(std::get<std::string>(parse_framework("{not json")).find("JSON"), std::string::npos);
}

TEST(AssessmentFramework, LoadsIntoTheDatabaseAndUpdatesByCodesAndKeys) {
  auto db = test::fresh_database();
  install_builtin(*db);
  install_builtin(*db);  // idempotent
  auto c = db->acquire();
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM frameworks")->i64(0), 1);
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM framework_competences")->i64(0), 21);
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM assessment_questions")->i64(0), 42);
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM assessment_question_texts")->i64(0), 210);
  auto f = builtin_digcomp();
  f.areas[0].competences[0].questions[0].level = "advanced";
  f.areas[0].name["en"] = "Information";
  auto rep = db->tx(db::TxKind::kWrite, [&](db::Tx& t) { return load_framework(t, f, std::nullopt, false); });
  EXPECT_FALSE(rep.created);
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM assessment_questions")->i64(0), 42);
  EXPECT_EQ(c->one("SELECT level FROM assessment_questions WHERE qkey = '1.1-s'")->str(0), "advanced");
  auto fw = store::frameworks(*c, "en");
  ASSERT_EQ(fw.size(), 1u);
  EXPECT_TRUE(fw[0].is_default);
  auto bank = store::bank(*c, fw[0], "de");
  EXPECT_EQ(bank.areas[0].competences.size(), 3u);
  EXPECT_EQ(bank.questions.size(), 42u);
  EXPECT_EQ(bank.questions[0].prompt_lang, "de");
  EXPECT_EQ(store::bank(*c, fw[0], "en").areas[0].name, "Information");
}

TEST(AssessmentChart, RadarIsAnAccessibleImageWithEscapedTexts) {
  auto svg = radar_svg({{"1", 8}, {"2", 0}, {"<3>", 4}, {"4", 1}, {"5", 5}}, "Levels & more", "1: level 8");
  EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
  EXPECT_NE(svg.find("<title id=\"radar-title\">Levels &amp; more</title>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;3&gt;"), std::string::npos);
  EXPECT_EQ(svg.find("<3>"), std::string::npos);
  EXPECT_EQ(test::count(svg, "<circle"), 5);
  EXPECT_NE(svg.find("180.0,60.0"), std::string::npos);  // level 8 on the first axis: the top
}

}  // namespace cityskills
