// The demo catalogue's course files: every one parses, every language version is complete,
// and together they give the self-assessment a course in each language for each DigComp area
// at Foundation, and for areas 1 and 4 at Intermediate.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "features/assessment/recommend.hpp"
#include "features/catalog/demo.hpp"
#include "features/catalog/slides.hpp"
#include "features/catalog/vtt.hpp"

namespace cityskills::catalog {
namespace {

const std::vector<std::string> kLangs = {"it", "en", "de", "sv", "fi"};

std::size_t count(const demo::Version& v, const std::string& kind) {
  std::size_t n = 0;
  for (const auto& l : v.lessons) n += l.kind == kind ? 1 : 0;
  return n;
}

}  // namespace

TEST(DemoCourses, EveryVersionHasVideoTextAndQuizWithFeedback) {
  auto courses = demo::courses();
  ASSERT_GE(courses.size(), 7u);
  for (const auto& c : courses) {
    ASSERT_FALSE(c.competences.empty()) << c.key;
    std::set<std::string> langs;
    for (const auto& v : c.versions) {
      langs.insert(v.lang);
      SCOPED_TRACE(c.key + " " + v.lang);
      EXPECT_GE(v.lessons.size(), 3u);
      EXPECT_LE(v.lessons.size(), 5u);
      EXPECT_EQ(count(v, "video"), 1u);
      EXPECT_GE(count(v, "text"), 1u);
      EXPECT_EQ(count(v, "quiz"), 1u);
      EXPECT_GE(std::count(v.outcomes.begin(), v.outcomes.end(), '\n'), 2) << "three outcomes or more";
      for (const auto& l : v.lessons) {
        if (l.kind == "text") {
          EXPECT_GE(l.body.size(), 900u) << l.title << ": a text lesson with substance";
        }
        if (l.kind == "video") {
          EXPECT_GE(l.slides.size(), 2u);
          auto captions = vtt::parse(slides::estimated_captions(l.slides));
          EXPECT_TRUE(captions.ok) << captions.error;
          EXPECT_GE(captions.cues.size(), 5u);
        }
        if (l.kind == "quiz") {
          EXPECT_GE(l.questions.size(), 3u);
          for (const auto& q : l.questions) {
            EXPECT_FALSE(q.feedback.empty()) << q.prompt;
          }
        }
      }
    }
    // Citizen and staff courses alike come in all five languages.
    EXPECT_EQ(langs, std::set<std::string>(kLangs.begin(), kLangs.end())) << c.key;
  }
}

TEST(DemoCourses, EachAreaHasFoundationAndAreasOneAndFourIntermediateInEveryLanguage) {
  std::map<std::string, std::set<std::string>> have;  // "foundation 4" -> languages
  for (const auto& c : demo::courses())
    for (const auto& code : c.competences)
      for (const auto& v : c.versions) have[c.level + " " + code.substr(0, 1)].insert(v.lang);
  for (const auto* want : {"foundation 1", "foundation 2", "foundation 3", "foundation 4", "foundation 5",
                           "intermediate 1", "intermediate 4"})
    for (const auto& lang : kLangs) EXPECT_TRUE(have[want].count(lang)) << want << " in " << lang;
}

// Whatever band the self-test gives (every level 1-8, the same in all 21 DigComp competences),
// and whatever the reader's language, the demo catalogue gives the recommender a course in that language.
TEST(DemoCourses, EveryLanguageAndEveryBandIsSuggestedACourseInThatLanguage) {
  namespace rec = assessment::recommend;
  const std::vector<std::string> competences = {"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "3.1", "3.2",
                                                "3.3", "3.4", "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "5.4"};
  std::vector<rec::Course> candidates;
  std::int64_t id = 0;
  for (const auto& c : demo::courses()) {
    std::int64_t group = id + 1;
    for (const auto& v : c.versions) candidates.push_back({++id, group, v.lang, c.level, c.competences});
  }
  for (int level = 1; level <= 8; ++level) {
    assessment::Outcome o;
    for (const auto& code : competences) o.competences.push_back({code, code.substr(0, 1), (level - 0.5) / 8, level, 2, 2});
    for (std::string area : {"1", "2", "3", "4", "5"}) o.areas.push_back({area, area, (level - 0.5) / 8, level, 8, 8});
    for (const auto& lang : kLangs) {
      SCOPED_TRACE("level " + std::to_string(level) + " in " + lang);
      rec::Input in;
      in.outcome = o;
      in.lang = lang;
      for (const auto& code : competences) in.area_of[code] = code.substr(0, 1);
      in.theme_of = {{"1", "information"}, {"2", "communication"}, {"3", "content_creation"}, {"4", "safety"},
                     {"5", "problem_solving"}};
      in.courses = candidates;
      auto plan = rec::recommend(in);
      ASSERT_FALSE(plan.courses.empty());
      EXPECT_TRUE(std::any_of(plan.courses.begin(), plan.courses.end(),
                              [&](const rec::Suggestion& s) { return in.courses[s.index].lang == lang; }));
    }
  }
}

TEST(DemoCourses, TheFirstFileIsTheItalianPhishingCourseAndItsEnglishTranslation) {
  // The course-package and browser tests export and open these two as courses 1 and 2.
  auto courses = demo::courses();
  ASSERT_FALSE(courses.empty());
  ASSERT_GE(courses[0].versions.size(), 2u);
  EXPECT_EQ(courses[0].versions[0].lang, "it");
  EXPECT_EQ(courses[0].versions[1].title, "Spotting phishing");
}

TEST(DemoCourses, BadFilesNameTheWrongField) {
  const std::string good =
      R"({"key": "k", "org": "valverde", "level": "foundation", "audience": "all", "competences": ["4.1"],
          "versions": [{"lang": "en", "title": "T", "summary": "S", "description": "D", "outcomes": ["O"],
            "module": "M", "lessons": [{"kind": "quiz", "title": "Q", "questions": [
              {"kind": "true_false", "prompt": "P", "feedback": "F", "answer": true}]}]}]})";
  EXPECT_NO_THROW(demo::parse(good, "good.json"));
  auto error_of = [&](const std::string& from, const std::string& to) {
    auto text = good;
    text.replace(text.find(from), from.size(), to);
    try {
      demo::parse(text, "bad.json");
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("\"foundation\"", "\"expert\"").find("bad.json.level"), std::string::npos);
  EXPECT_NE(error_of("\"4.1\"", "\"4.9\"").find("4.9 is not a DigComp 2.2 code"), std::string::npos);
  EXPECT_NE(error_of("\"lang\": \"en\"", "\"lang\": \"xx\"").find("versions[0].lang"), std::string::npos);
  EXPECT_NE(error_of("\"answer\": true", "\"answer\": 1").find("questions[0].answer"), std::string::npos);
  EXPECT_NE(error_of("{\"key\"", "[{\"key\"").find("not valid JSON"), std::string::npos);
  EXPECT_NE(error_of("\"versions\"", "\"cover\": {\"symbol\": \"x\", \"colour\": \"blue\"}, \"versions\"")
                .find("bad.json.cover.colour"),
            std::string::npos);
  EXPECT_NE(error_of("\"versions\"", "\"cover\": {\"symbol\": \"x\", \"colour\": \"#0b4f8a\"}, \"versions\"")
                .find("versions[0].cover_alt: missing"),
            std::string::npos);
}

// Every course has a cover picture, described in each version's own language (not one text
// copied into all five).
TEST(DemoCourses, EveryCourseHasACoverDescribedInEachLanguage) {
  for (const auto& c : demo::courses()) {
    SCOPED_TRACE(c.key);
    EXPECT_FALSE(c.cover_symbol.empty());
    EXPECT_EQ(c.cover_colour.size(), 7u);
    std::set<std::string> alts;
    for (const auto& v : c.versions) {
      EXPECT_GE(v.cover_alt.size(), 20u) << v.lang;
      alts.insert(v.cover_alt);
    }
    EXPECT_EQ(alts.size(), c.versions.size());
  }
}

}  // namespace cityskills::catalog
