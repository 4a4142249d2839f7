// The question bank form's check, without a server.
#include <gtest/gtest.h>

#include <algorithm>

#include "features/assessment/forms.hpp"
#include "features/assessment/scoring.hpp"
#include "i18n/i18n.hpp"

namespace cityskills::assessment {
namespace {

BankQuestionForm question() {
  BankQuestionForm f;
  f.competence = 11;
  f.level = kBands.front();
  f.kind = "true_false";
  f.answer = "0";
  f.active = true;
  for (auto l : i18n::kLocales) f.prompts[std::string(l)] = "";
  f.prompts["de"] = "Ein Passwort darf man mehrfach verwenden.";
  return f;
}

TEST(BankQuestionForm, Valid_NoErrorsAndApplyCopiesTheFields) {
  auto f = question();
  EXPECT_TRUE(check(f, true).empty());
  Question q;
  q.id = 30;
  q.answer = 1;
  f.apply(q);
  EXPECT_EQ(q.id, 30);
  EXPECT_EQ(q.competence_id, 11);
  EXPECT_EQ(q.kind, "true_false");
  EXPECT_EQ(q.answer, 0);
  EXPECT_TRUE(q.active);
  EXPECT_EQ(q.prompts["de"], "Ein Passwort darf man mehrfach verwenden.");
  EXPECT_EQ(q.prompts.count("fi"), 1u) << "an empty prompt is kept empty";
}

TEST(BankQuestionForm, UnknownChoicesAndATrueFalseWithoutAnswer_AreRefused) {
  auto f = question();
  f.level = "wizard";
  f.kind = "essay";
  auto errors = check(f, false);
  for (const char* field : {"competence", "level", "kind"}) EXPECT_EQ(errors.key(field), "validation.choice.invalid") << field;
  EXPECT_FALSE(errors.has("answer")) << "only a true/false question has an answer";
  f = question();
  f.answer = "yes";
  EXPECT_EQ(check(f, true).key("answer"), "validation.choice.invalid");
}

TEST(BankQuestionForm, OnePromptAtLeast_EachWithinTheLimit) {
  auto f = question();
  f.prompts["de"] = "";
  EXPECT_EQ(check(f, true).key("prompt_en"), "assessment.manage.prompt_required");
  f.prompts["sv"] = std::string(kPromptMax + 2, 'a');
  auto errors = check(f, true);
  EXPECT_FALSE(errors.has("prompt_en"));
  EXPECT_EQ(errors.key("prompt_sv"), "assessment.manage.too_long");
  auto args = errors.args("prompt_sv");
  EXPECT_NE(std::find(args.begin(), args.end(), std::make_pair(std::string("length"), std::to_string(kPromptMax + 2))),
            args.end());
}

}  // namespace
}  // namespace cityskills::assessment
