// The authoring forms' checks (course, cover, lesson, captions, quiz question), without a server.
#include <gtest/gtest.h>

#include "features/catalog/forms.hpp"

namespace cityskills::catalog {
namespace {

// The value of one argument of a message ("" when it has none).
std::string arg(const i18n::Args& args, const std::string& name) {
  for (const auto& [k, v] : args)
    if (k == name) return v;
  return "";
}

CourseForm valid() {
  CourseForm f;
  f.org_id = 4;
  f.lang = "sv";
  f.title = "Säker e-legitimation";
  f.summary = "BankID och Freja eID utan bekymmer.";
  f.description = "Du lär dig **legitimera dig** säkert.";
  f.outcomes = "Kan använda e-legitimation.";
  f.level = "foundation";
  f.audience = "citizen";
  f.open_access = true;
  f.competences = {"2.2", "4.2"};
  return f;
}

TEST(CourseForm, Valid_NoErrorsAndApplyCopiesTheFields) {
  auto f = valid();
  EXPECT_TRUE(check(f, true, false).empty());
  Course x;
  x.id = 17;
  x.translation_of = 3;
  f.apply(x);
  EXPECT_EQ(x.id, 17) << "apply keeps what the form does not hold";
  EXPECT_EQ(x.org_id, 4);
  EXPECT_EQ(x.title, "Säker e-legitimation");
  EXPECT_EQ(x.level, "foundation");
  EXPECT_TRUE(x.open_access);
  EXPECT_EQ(x.competences, (std::vector<std::string>{"2.2", "4.2"}));
  EXPECT_EQ(x.translation_of, std::optional<std::int64_t>(3)) << "the translation link is the handler's";
}

TEST(CourseForm, AnOrganisationThePersonDoesNotAuthorFor_IsAChoiceError) {
  EXPECT_EQ(check(valid(), false, false).key("org_id"), "validation.choice.invalid");
  auto f = valid();
  f.org_id.reset();
  EXPECT_EQ(check(f, true, false).key("org_id"), "validation.choice.invalid");
}

TEST(CourseForm, UnknownChoicesAndTooLongTexts_AreRefused) {
  auto f = valid();
  f.lang = "tlh";
  f.level = "expert";
  f.audience = "robots";
  f.title = "";
  f.summary = std::string(kSummaryMax + 1, 'a');
  f.description = std::string(kDescriptionMax + 1, 'a');
  f.outcomes = std::string(kOutcomesMax + 1, 'a');
  auto errors = check(f, true, false);
  for (const char* field : {"lang", "level", "audience"}) EXPECT_EQ(errors.key(field), "validation.choice.invalid") << field;
  EXPECT_TRUE(errors.has("title"));
  EXPECT_TRUE(errors.has("summary"));
  EXPECT_EQ(errors.key("description"), "catalog.validation.too_long");
  EXPECT_EQ(errors.key("outcomes"), "catalog.validation.too_long");
  // Description and outcomes may be empty.
  f = valid();
  f.description.clear();
  f.outcomes.clear();
  EXPECT_TRUE(check(f, true, false).empty());
}

TEST(CourseForm, ATranslationOfACourseThePersonMayNotAuthor_IsRefused) {
  auto f = valid();
  f.translation_of = "12";
  EXPECT_EQ(check(f, true, false).key("translation_of"), "validation.choice.invalid");
  EXPECT_TRUE(check(f, true, true).empty());
  f.translation_of = "twelve";  // no such course: the handler finds none, so it is not allowed
  EXPECT_EQ(check(f, true, false).key("translation_of"), "validation.choice.invalid");
}

TEST(CoverForm, WordsAreRequired_TheErrorSitsBesideTheImage) {
  CoverForm f;
  f.media_id = 9;
  f.alt = "Två personer vid en dator";
  EXPECT_TRUE(check(f).empty());
  f.alt = "";
  EXPECT_TRUE(check(f).has("cover_alt_9"));
  f.alt = std::string(kCoverAltMax + 1, 'a');
  auto errors = check(f);
  EXPECT_TRUE(errors.has("cover_alt_9"));
  EXPECT_EQ(arg(errors.args("cover_alt_9"), "max"), std::to_string(kCoverAltMax));
}

LessonForm valid_lesson(const std::string& kind) {
  LessonForm f;
  f.kind = kind;
  f.title = "Hitta rätt e-tjänst";
  f.body = "Börja på **kommunens** webbplats.";
  f.minutes = 15;
  f.pass_mark = 80;
  f.max_attempts = 3;
  f.module_id = 6;
  f.allow_download = true;
  return f;
}

TEST(LessonForm, Valid_NoErrorsAndApplyCopiesTheFields) {
  auto f = valid_lesson("quiz");
  EXPECT_TRUE(check(f, true).empty());
  Lesson l;
  l.id = 21;
  l.module_id = 2;
  l.kind = "quiz";
  f.apply(l);
  EXPECT_EQ(l.id, 21);
  EXPECT_EQ(l.module_id, 2) << "the module is the handler's, from the one it looked up";
  EXPECT_EQ(l.title, "Hitta rätt e-tjänst");
  EXPECT_EQ(l.minutes, 15);
  EXPECT_TRUE(l.allow_download);
  EXPECT_EQ(l.pass_mark, 80);
  EXPECT_EQ(l.max_attempts, 3);
}

TEST(LessonForm, NumbersOutOfRange_AreRefusedAndShownAsTheLowest) {
  auto f = valid_lesson("quiz");
  f.minutes = kMinutesMax + 1;
  f.pass_mark = 101;
  f.max_attempts.reset();  // not a number
  auto errors = check(f, true);
  for (const char* field : {"minutes", "pass_mark", "max_attempts"})
    EXPECT_EQ(errors.key(field), "catalog.validation.range") << field;
  EXPECT_EQ(arg(errors.args("minutes"), "min"), "1");
  EXPECT_EQ(arg(errors.args("minutes"), "max"), std::to_string(kMinutesMax));
  EXPECT_EQ(arg(errors.args("pass_mark"), "max"), "100");
  Lesson l;
  f.apply(l);
  EXPECT_EQ(l.minutes, 1);
  EXPECT_EQ(l.pass_mark, 0);
  EXPECT_EQ(l.max_attempts, 0);
}

TEST(LessonForm, OnlyAQuizHasAPassMark_OnlyATextLessonNeedsABody) {
  auto f = valid_lesson("video");
  f.pass_mark = 500;
  f.body.clear();
  EXPECT_TRUE(check(f, true).empty());
  Lesson l;
  l.kind = "video";
  f.apply(l);
  EXPECT_EQ(l.pass_mark, Lesson{}.pass_mark) << "a video lesson keeps its pass mark";
  f.kind = "text";
  EXPECT_TRUE(check(f, true).has("body"));
}

TEST(LessonForm, AModuleOfAnotherCourseAndAnEmptyTitle_AreRefused) {
  auto f = valid_lesson("text");
  EXPECT_EQ(check(f, false).key("module_id"), "validation.choice.invalid");
  f.title.clear();
  EXPECT_TRUE(check(f, true).has("title"));
  f = valid_lesson("text");
  f.transcript = std::string(kBodyMax + 1, 'a');
  EXPECT_EQ(check(f, true).key("transcript"), "catalog.validation.too_long");
}

TEST(CaptionForm, ALanguageOfTheSiteAndCues_AreNeeded) {
  CaptionForm f;
  f.lang = "fi";
  f.vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nTervetuloa\n";
  EXPECT_TRUE(check(f).empty());
  f.lang = "tlh";
  EXPECT_EQ(check(f).key("caption_lang"), "validation.choice.invalid");
  f.lang = "fi";
  f.vtt = "WEBVTT\n";
  EXPECT_EQ(check(f).key("vtt"), "catalog.vtt.empty");
  f.vtt = "not captions";
  auto errors = check(f);
  EXPECT_TRUE(errors.has("vtt"));
  EXPECT_NE(errors.key("vtt"), "catalog.vtt.empty");
  EXPECT_FALSE(arg(errors.args("vtt"), "line").empty());
}

QuestionForm question(const std::string& kind, const std::string& options) {
  QuestionForm f;
  f.kind = kind;
  f.prompt = "Vilken adress är säker?";
  f.options = options;
  return f;
}

TEST(QuestionForm, SingleChoice_OneRightAnswerMarkedWithAStar) {
  auto f = question("single", "* https://www.skatteverket.se\n\nhttp://skatteverket.example\n");
  EXPECT_TRUE(check(f).empty());
  Question q;
  q.id = 8;
  f.apply(q);
  EXPECT_EQ(q.id, 8);
  ASSERT_EQ(q.options.size(), 2u) << "blank lines are skipped";
  EXPECT_EQ(q.options[0].text, "https://www.skatteverket.se");
  EXPECT_TRUE(q.options[0].correct);
  EXPECT_FALSE(q.options[1].correct);
  EXPECT_EQ(q.options[1].position, 2);
  f.options = "* a\n* b\n";
  EXPECT_EQ(check(f).key("options"), "catalog.validation.single");
  f.kind = "multiple";
  EXPECT_TRUE(check(f).empty());
}

TEST(QuestionForm, ShortAndOrderingAnswers_AreAllRight) {
  auto f = question("ordering", "Öppna appen\nSkanna koden\n");
  EXPECT_TRUE(check(f).empty());
  Question q;
  f.apply(q);
  ASSERT_EQ(q.options.size(), 2u);
  EXPECT_TRUE(q.options[0].correct && q.options[1].correct);
  f.options = "Bara en";
  EXPECT_EQ(check(f).key("options"), "catalog.validation.ordering");
}

TEST(QuestionForm, TrueFalse_NeedsTheTruthNotOptions) {
  auto f = question("true_false", "");
  f.truth = "maybe";
  EXPECT_EQ(check(f).key("truth"), "validation.choice.invalid");
  EXPECT_FALSE(check(f).has("options"));
  f.truth = "false";
  EXPECT_TRUE(check(f).empty());
  Question q;
  f.apply(q);
  ASSERT_EQ(q.options.size(), 2u);
  EXPECT_EQ(q.options[0].text, "true");
  EXPECT_FALSE(q.options[0].correct);
  EXPECT_TRUE(q.options[1].correct);
}

TEST(QuestionForm, BadKindsTextsAndOptions_AreRefused) {
  auto f = question("essay", "* a\nb");
  f.prompt.clear();
  f.feedback = std::string(kFeedbackMax + 1, 'a');
  auto errors = check(f);
  EXPECT_EQ(errors.key("kind"), "validation.choice.invalid");
  EXPECT_TRUE(errors.has("prompt"));
  EXPECT_EQ(errors.key("feedback"), "catalog.validation.too_long");
  f = question("single", "* a\n" + std::string(kOptionMax + 1, 'b'));
  errors = check(f);
  EXPECT_EQ(errors.key("options"), "catalog.validation.option_too_long");
  EXPECT_EQ(arg(errors.args("options"), "max"), std::to_string(kOptionMax));
  f.options = "* a\n\xff";
  EXPECT_EQ(check(f).key("options"), "validation.text.required");
  std::string many;
  for (std::size_t i = 0; i <= kMaxOptions; ++i) many += (i == 0 ? "* " : "") + std::to_string(i) + "\n";
  f.options = many;
  EXPECT_EQ(check(f).key("options"), "catalog.validation.too_many_options");
}

}  // namespace
}  // namespace cityskills::catalog
