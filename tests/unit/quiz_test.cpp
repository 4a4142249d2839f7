// Quiz scoring and the parsing of quiz forms; WebVTT captions.
#include <gtest/gtest.h>

#include "features/catalog/quiz.hpp"
#include "features/catalog/vtt.hpp"

namespace cityskills::catalog {
namespace {

std::vector<Question> sample() {
  return {{1, 9, 1, "single", "s", "", {{11, 1, "a", false}, {12, 2, "b", true}}},
          {2, 9, 2, "multiple", "m", "", {{21, 1, "a", true}, {22, 2, "b", true}, {23, 3, "c", false}, {24, 4, "d", true}}},
          {3, 9, 3, "short", "t", "", {{31, 1, "Perché", true}, {32, 2, "because", true}}},
          {4, 9, 4, "ordering", "o", "", {{41, 1, "x", true}, {42, 2, "y", true}, {43, 3, "z", true}}},
          {5, 9, 5, "true_false", "tf", "", {{51, 1, "true", false}, {52, 2, "false", true}}}};
}

}  // namespace

TEST(QuizScore, AllRightIsHundredAndNothingIsZero) {
  auto qs = sample();
  std::map<std::int64_t, quiz::Answer> all;
  all[1].chosen = {12};
  all[2].chosen = {21, 22, 24};
  all[3].text = "  perche  ";
  all[4].order = {{41, 1}, {42, 2}, {43, 3}};
  all[5].chosen = {52};
  auto s = quiz::score(qs, all, 70);
  EXPECT_EQ(s.percent, 100);
  EXPECT_TRUE(s.passed);
  for (const auto& r : s.results) EXPECT_TRUE(r.correct) << r.question_id;
  auto none = quiz::score(qs, {}, 70);
  EXPECT_EQ(none.percent, 0);
  EXPECT_FALSE(none.passed);
  EXPECT_FALSE(none.results[0].answered);
}

TEST(QuizScore, MultipleChoiceGivesPartialCreditNeverBelowZero) {
  auto qs = sample();
  std::map<std::int64_t, quiz::Answer> a;
  a[2].chosen = {21, 23};  // one right, one wrong of three right: 0
  EXPECT_DOUBLE_EQ(quiz::score(qs, a, 50).results[1].credit, 0.0);
  a[2].chosen = {21, 22};  // two of three right
  EXPECT_NEAR(quiz::score(qs, a, 50).results[1].credit, 2.0 / 3.0, 1e-9);
  a[2].chosen = {23};
  EXPECT_DOUBLE_EQ(quiz::score(qs, a, 50).results[1].credit, 0.0);
  // 2/3 of one question out of five rounds to 13%.
  a[2].chosen = {21, 22};
  EXPECT_EQ(quiz::score(qs, a, 50).percent, 13);
}

TEST(QuizScore, PassMarkIsInclusiveAndEmptyQuizNeverPasses) {
  auto qs = sample();
  std::map<std::int64_t, quiz::Answer> a;
  a[1].chosen = {12};
  a[5].chosen = {52};
  a[3].text = "BECAUSE";
  EXPECT_EQ(quiz::score(qs, a, 60).percent, 60);
  EXPECT_TRUE(quiz::score(qs, a, 60).passed);
  EXPECT_FALSE(quiz::score(qs, a, 61).passed);
  EXPECT_FALSE(quiz::score({}, {}, 0).passed);
}

TEST(QuizScore, OrderingNeedsEveryItemInPlace) {
  auto qs = sample();
  std::map<std::int64_t, quiz::Answer> a;
  a[4].order = {{41, 1}, {42, 3}, {43, 2}};
  EXPECT_FALSE(quiz::score(qs, a, 50).results[3].correct);
  a[4].order = {{41, 1}, {42, 2}};
  EXPECT_FALSE(quiz::score(qs, a, 50).results[3].answered);
}

TEST(QuizScore, ShortAnswersIgnoreCaseAccentsAndSpacing) {
  EXPECT_EQ(quiz::normalise_short("  Perché\t NO "), quiz::normalise_short("perche no"));
  EXPECT_EQ(quiz::normalise_short("STRASSE"), quiz::normalise_short("straße"));
  EXPECT_NE(quiz::normalise_short("password"), quiz::normalise_short("passwords"));
}

TEST(QuizForm, RefusesQuestionsAndOptionsFromElsewhere) {
  auto qs = sample();
  using F = std::vector<std::pair<std::string, std::string>>;
  EXPECT_TRUE(quiz::parse_form(qs, F{{"_csrf", "x"}, {"attempt", "1"}, {"q1", "12"}, {"q2_21", "1"}, {"q3", "hi"},
                                     {"q4_41", "1"}, {"q4_42", ""}, {"q5", "52"}}));
  EXPECT_FALSE(quiz::parse_form(qs, F{{"q99", "12"}}));          // not in this quiz
  EXPECT_FALSE(quiz::parse_form(qs, F{{"q1", "21"}}));           // option of another question
  EXPECT_FALSE(quiz::parse_form(qs, F{{"q1", "12"}, {"q1", "11"}}));  // repeated
  EXPECT_FALSE(quiz::parse_form(qs, F{{"q2_21", "yes"}}));
  EXPECT_FALSE(quiz::parse_form(qs, F{{"q2", "21"}}));           // multiple answers come per option
  EXPECT_FALSE(quiz::parse_form(qs, F{{"q4_41", "4"}}));         // place beyond the items
  EXPECT_FALSE(quiz::parse_form(qs, F{{"q1_12", "1"}}));
  EXPECT_FALSE(quiz::parse_form(qs, F{{"q-1", "1"}}));
  EXPECT_FALSE(quiz::parse_form(qs, F{{"q0x1", "1"}}));
  EXPECT_FALSE(quiz::parse_form(qs, F{{"score", "100"}}));
  EXPECT_FALSE(quiz::parse_form(qs, F{{"q3", std::string(501, 'a')}}));
}

TEST(QuizForm, AnswersSurviveTheirJsonRoundTrip) {
  std::map<std::int64_t, quiz::Answer> a;
  a[1].chosen = {12};
  a[3].text = "ciao \"mondo\" <b>";
  a[4].order = {{41, 2}, {42, 1}};
  auto back = quiz::from_json(quiz::to_json(a));
  EXPECT_EQ(back[1].chosen, std::vector<std::int64_t>{12});
  EXPECT_EQ(back[3].text, a[3].text);
  EXPECT_EQ(back[4].order, a[4].order);
  EXPECT_TRUE(quiz::from_json("not json").empty());
}

TEST(Vtt, ParsesCuesAndRefusesBrokenFiles) {
  auto f = vtt::parse("\xEF\xBB\xBFWEBVTT - title\r\n\r\nNOTE a note\r\n\r\nid1\r\n00:00:01.000 --> 00:00:03.500 align:start\r\n"
                      "<v Anna>Hello</v> &amp; welcome\r\nsecond line\r\n\r\n01:02.000 --> 01:04.000\r\nBye\r\n");
  ASSERT_TRUE(f.ok) << f.error;
  ASSERT_EQ(f.cues.size(), 2u);
  EXPECT_DOUBLE_EQ(f.cues[0].start, 1.0);
  EXPECT_EQ(f.cues[0].text, "Hello & welcome second line");
  EXPECT_DOUBLE_EQ(f.cues[1].start, 62.0);
  // An entity is what was typed as one: text split by a tag stays text (found by fuzz/vtt.cpp).
  auto split = vtt::parse("WEBVTT\n\n00:01.000 --> 00:02.000\n&l<i>t;b&gt; &amp;lt; a > b\n");
  ASSERT_TRUE(split.ok) << split.error;
  EXPECT_EQ(split.cues[0].text, "&lt;b> &lt; a > b");
  EXPECT_EQ(vtt::parse("WEBVT\n").error, "catalog.vtt.signature");
  EXPECT_EQ(vtt::parse("WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nx\n").error, "catalog.vtt.timing");
  EXPECT_EQ(vtt::parse("WEBVTT\n\n00:00:02 --> 00:00:03\nx\n").error, "catalog.vtt.timing");
  EXPECT_EQ(vtt::parse("WEBVTT\n\n00:61:00.000 --> 00:62:00.000\nx\n").error, "catalog.vtt.timing");
  EXPECT_EQ(vtt::parse("WEBVTT\n\njust text\n").error, "catalog.vtt.timing");
  EXPECT_EQ(vtt::parse(std::string("WEBVTT\n\xff\n")).error, "catalog.vtt.encoding");
  EXPECT_EQ(vtt::parse(std::string(vtt::kMaxBytes + 1, 'a')).error, "catalog.vtt.too_large");
  EXPECT_EQ(vtt::clock(62), "1:02");
  EXPECT_EQ(vtt::clock(3725), "1:02:05");
}

}  // namespace cityskills::catalog
