// The ideas forms' checks, without a server.
#include <gtest/gtest.h>

#include "features/ideas/forms.hpp"

namespace cityskills::ideas {
namespace {

IdeaForm valid() {
  IdeaForm f;
  f.org_id = 2;
  f.lang = "it";
  f.title = "Wi-Fi in the libraries";
  f.body = "Free **Wi-Fi** on Saturdays.";
  return f;
}

const std::vector<std::int64_t> kOrgs = {1, 2, 3};

TEST(IdeaForm, Valid_NoErrors) { EXPECT_TRUE(check(valid(), kOrgs).empty()); }

TEST(IdeaForm, OrganisationNotOffered_IsAChoiceError) {
  auto f = valid();
  f.org_id = 99;
  EXPECT_EQ(check(f, kOrgs).key("org_id"), "validation.choice.invalid");
  f.org_id.reset();
  EXPECT_EQ(check(f, kOrgs).key("org_id"), "validation.choice.invalid");
}

TEST(IdeaForm, LanguageTitleAndBody_AreChecked) {
  auto f = valid();
  f.lang = "klingon";
  f.title = "\u202Eevil";
  f.body = std::string(kBodyMax + 1, 'a');
  auto errors = check(f, kOrgs);
  EXPECT_EQ(errors.key("lang"), "validation.choice.invalid");
  EXPECT_EQ(errors.key("title"), "validation.text.bidi");
  EXPECT_EQ(errors.key("body"), "ideas.validation.too_long");
  EXPECT_EQ(errors.args("body"), (i18n::Args{{"max", std::to_string(kBodyMax)}, {"length", std::to_string(kBodyMax + 1)}}));
}

TEST(CommentForm, EmptyOrTooLong_IsRefused) {
  EXPECT_EQ(check(CommentForm{"   "}).key("comment"), "validation.text.required");
  EXPECT_EQ(check(CommentForm{std::string(kCommentMax + 1, 'x')}).key("comment"), "ideas.validation.too_long");
  EXPECT_TRUE(check(CommentForm{"Good idea."}).empty());
}

TEST(StatusForm, StatusFromTheListAndANote) {
  EXPECT_TRUE(check(StatusForm{"accepted", "We will do it in March."}).empty());
  EXPECT_EQ(check(StatusForm{"deleted", "x"}).key("status"), "validation.choice.invalid");
  EXPECT_EQ(check(StatusForm{"accepted", ""}).key("note"), "ideas.validation.note");
  EXPECT_EQ(check(StatusForm{"accepted", std::string(kNoteMax + 1, 'n')}).key("note"), "ideas.validation.note");
}

TEST(IdeaForm, ReadThenApply) {
  http::Request req;
  web::Services svc;
  web::Ctx ctx(req, svc);
  ctx.form = {{"_csrf", "t"}, {"org_id", "2"}, {"lang", "en"}, {"title", " Title "}, {"body", "Body"}};
  web::FormInput in(ctx);
  IdeaForm f;
  f.read(in);
  EXPECT_NO_THROW(in.finish());
  Idea i;
  f.apply(i);
  EXPECT_EQ(i.org_id, 2);
  EXPECT_EQ(i.title, "Title");
  EXPECT_EQ(i.body, "Body");
}

}  // namespace
}  // namespace cityskills::ideas
