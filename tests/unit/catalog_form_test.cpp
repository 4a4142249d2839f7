// The authoring course form's checks, without a server.
#include <gtest/gtest.h>

#include "features/catalog/forms.hpp"

namespace cityskills::catalog {
namespace {

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

}  // namespace
}  // namespace cityskills::catalog
