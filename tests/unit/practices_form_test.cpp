// The good-practice submission form's checks, without a server.
#include <gtest/gtest.h>

#include "features/practices/forms.hpp"

namespace cityskills::practices {
namespace {

const std::vector<std::int64_t> kOrgs = {1, 2};
const std::vector<std::string> kCountries = {"IT", "DE", "FI"};

PracticeForm valid() {
  PracticeForm f;
  f.org_id = 2;
  f.lang = "en";
  f.title = "Digital facilitators in libraries";
  f.problem = "Older people could not book appointments online.";
  f.actions = "Volunteers held **weekly** drop-in hours.";
  f.results = "400 people helped in a year.";
  f.lessons = "Start small.";
  f.cost_band = "under_10k";
  f.effort_band = kEffortBands.front();
  f.size_band = kSizeBands.front();
  f.country = "IT";
  f.areas = {"1", "3"};
  return f;
}

TEST(PracticeForm, Valid_NoErrors) { EXPECT_TRUE(check(valid(), kOrgs, kCountries).empty()); }

TEST(PracticeForm, EmptyForm_NamesEveryRequiredField) {
  auto errors = check(PracticeForm{}, kOrgs, kCountries);
  for (const char* field : {"org_id", "lang", "cost_band", "effort_band", "size_band", "country"})
    EXPECT_EQ(errors.key(field), "validation.choice.invalid") << field;
  for (const char* field : {"title", "problem", "actions", "results", "lessons"})
    EXPECT_EQ(errors.key(field), "validation.text.required") << field;
  EXPECT_EQ(errors.key("areas"), "practices.validation.areas");
  EXPECT_FALSE(errors.has("figures"));  // the figures are optional
  EXPECT_FALSE(errors.has("contact_name"));
  EXPECT_FALSE(errors.has("contact_email"));
}

TEST(PracticeForm, UnknownChoices_AreRefused) {
  auto f = valid();
  f.org_id = 99;
  f.lang = "tlh";
  f.cost_band = "free";
  f.country = "XX";
  f.themes = {"inclusion", "rockets"};
  auto errors = check(f, kOrgs, kCountries);
  EXPECT_EQ(errors.key("org_id"), "validation.choice.invalid");
  EXPECT_EQ(errors.key("lang"), "validation.choice.invalid");
  EXPECT_EQ(errors.key("cost_band"), "validation.choice.invalid");
  EXPECT_EQ(errors.key("country"), "validation.choice.invalid");
  EXPECT_EQ(errors.key("themes"), "validation.choice.invalid");
  f = valid();
  f.areas = {"1", "9"};
  EXPECT_EQ(check(f, kOrgs, kCountries).key("areas"), "practices.validation.areas");
}

TEST(PracticeForm, TooLongTexts_ShowTheLimitAndTheLength) {
  auto f = valid();
  f.title = std::string(kTitleMax + 1, 't');
  f.problem = std::string(kTextMax + 1, 'p');
  f.figures = std::string(kFiguresMax + 1, '9');
  auto errors = check(f, kOrgs, kCountries);
  EXPECT_EQ(errors.key("title"), "validation.text.too_long");
  EXPECT_EQ(errors.key("problem"), "practices.validation.too_long");
  EXPECT_EQ(errors.args("problem"),
            (i18n::Args{{"max", std::to_string(kTextMax)}, {"length", std::to_string(kTextMax + 1)}}));
  EXPECT_EQ(errors.key("figures"), "practices.validation.too_long");
}

TEST(PracticeForm, BadTextAndContact_AreRefused) {
  auto f = valid();
  f.title = "\u202Eevil";
  f.actions = std::string("bad \xff utf-8");
  f.contact_name = "   \u200B";
  f.contact_email = "not-an-address";
  auto errors = check(f, kOrgs, kCountries);
  EXPECT_EQ(errors.key("title"), "validation.text.bidi");
  EXPECT_EQ(errors.key("actions"), "validation.text.invalid");
  EXPECT_EQ(errors.key("contact_email"), "validation.email.invalid");
  EXPECT_TRUE(errors.has("contact_name"));
  f = valid();
  f.results = std::string(20000, '>');
  EXPECT_EQ(check(f, kOrgs, kCountries).key("results"), "practices.validation.too_long");
}

TEST(PracticeForm, ReadKeepsRepeatedChoicesOnceThenApply) {
  http::Request req;
  web::Services svc;
  web::Ctx ctx(req, svc);
  ctx.form = {{"_csrf", "t"}, {"org_id", "2"}, {"lang", "en"}, {"title", " Title "}, {"area", "3"}, {"area", "1"},
              {"area", "3"}, {"theme", "seniors"}, {"contact_email", " a@b.example "}};
  web::FormInput in(ctx);
  PracticeForm f;
  f.read(in);
  EXPECT_NO_THROW(in.finish());
  EXPECT_EQ(f.areas, (std::vector<std::string>{"3", "1"}));
  Practice p;
  f.apply(p);
  EXPECT_EQ(p.org_id, 2);
  EXPECT_EQ(p.title, "Title");
  EXPECT_EQ(p.contact_email, "a@b.example");
  EXPECT_EQ(p.themes, (std::vector<std::string>{"seniors"}));
}

TEST(PracticeForm, AFieldTheFormDoesNotOwn_IsRefused) {
  http::Request req;
  web::Services svc;
  web::Ctx ctx(req, svc);
  ctx.form = {{"title", "T"}, {"status", "approved"}};
  EXPECT_THROW(web::read_form<PracticeForm>(ctx), web::Reject);
}

TEST(DecisionForm, ARejectionSaysWhy_AnApprovalMay) {
  DecisionForm f{"reject", ""};
  EXPECT_EQ(check(f).key("reason"), "practices.validation.reason");
  f.reason = "Mancano i risultati misurati.";
  EXPECT_TRUE(check(f).empty());
  EXPECT_FALSE(f.approve());
  f = {"approve", ""};
  EXPECT_TRUE(check(f).empty());
  EXPECT_TRUE(f.approve());
  f.reason = std::string(kReasonMax + 1, 'r');
  EXPECT_EQ(check(f).key("reason"), "practices.validation.reason") << "a reason given is checked";
  f = {"publish", "ok"};
  EXPECT_EQ(check(f).key("decision"), "validation.choice.invalid");
}

TEST(CommentForm, RequiredAndWithinTheLimit) {
  EXPECT_TRUE(check(CommentForm{""}).has("comment"));
  EXPECT_EQ(check(CommentForm{std::string(kCommentMax + 1, 'c')}).key("comment"), "practices.validation.too_long");
  EXPECT_TRUE(check(CommentForm{"Abbiamo fatto lo stesso a **Modena**."}).empty());
}

}  // namespace
}  // namespace cityskills::practices
