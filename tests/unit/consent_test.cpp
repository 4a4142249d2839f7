// The cookie centre's pure rules: when to ask, which origin the CSP may name, and the forms.
#include <gtest/gtest.h>

#include "features/consent/forms.hpp"
#include "features/consent/policy.hpp"

namespace cityskills::consent {

TEST(ConsentPolicy, AsksWithoutChoiceOnNewVersionAndAfterSixMonths) {
  const std::int64_t now = 1'800'000'000;
  EXPECT_TRUE(needs_asking(std::nullopt, 1, now));
  Recorded r{1, {true, false}, now - 10};
  EXPECT_FALSE(needs_asking(r, 1, now));
  EXPECT_TRUE(needs_asking(r, 2, now));
  r.created_at = now - kChoiceLifetime;
  EXPECT_TRUE(needs_asking(r, 1, now));
  r.created_at = now - kChoiceLifetime + 1;
  EXPECT_FALSE(needs_asking(r, 1, now));
}

TEST(ConsentPolicy, AnalyticsOriginIsPlainSchemeHostPort) {
  EXPECT_EQ(analytics_origin("https://Stats.Example.org/matomo/"), "https://stats.example.org");
  EXPECT_EQ(analytics_origin("http://127.0.0.1:8081/"), "http://127.0.0.1:8081");
  EXPECT_FALSE(analytics_origin("javascript:alert(1)"));
  EXPECT_FALSE(analytics_origin("ftp://stats.example.org/"));
  EXPECT_FALSE(analytics_origin("https://stats.example.org;script-src"));
  EXPECT_FALSE(analytics_origin("https://a:b:c/"));
  EXPECT_FALSE(analytics_origin("https://user@stats.example.org/"));
  EXPECT_FALSE(analytics_origin("https://stats.example.org:80x/"));
  EXPECT_FALSE(analytics_origin("https:///x"));
}

TEST(ConsentPolicy, CatalogueListsAnalyticsCookiesOnlyWhenRegistered) {
  auto none = cookie_catalogue(false);
  for (const auto& c : none) EXPECT_EQ(c.category, "technical") << c.name;
  auto with = cookie_catalogue(true);
  EXPECT_EQ(with.size(), none.size() + 2);
}

TEST(ConsentForm, ChoiceMustBeOneOfThree) {
  ConsentForm f;
  EXPECT_EQ(check(f).key("choice"), "consent.validation.choice");
  f.choice = "everything";
  EXPECT_FALSE(check(f).empty());
  f.choice = "choose";
  f.analytics = true;
  EXPECT_TRUE(check(f).empty());
  EXPECT_TRUE(f.result().analytics);
  EXPECT_FALSE(f.result().profiling);
  f.choice = "refuse_all";  // the button wins over boxes ticked before it was pressed
  EXPECT_FALSE(f.result().analytics);
  f.choice = "accept_all";
  EXPECT_TRUE(f.result().profiling);
}

TEST(AnalyticsForm, BothEmptyOrAValidAddressAndNumericId) {
  AnalyticsForm f;
  EXPECT_TRUE(check(f).empty());
  f.url = "https://stats.example.org/";
  EXPECT_EQ(check(f).key("site_id"), "consent.validation.site_id");
  f.site_id = "12";
  EXPECT_TRUE(check(f).empty());
  f.url = "https://stats.example.org/?a=1";
  EXPECT_EQ(check(f).key("url"), "consent.validation.analytics_url");
  f.url = "";
  EXPECT_EQ(check(f).key("url"), "consent.validation.analytics_url");
  f.url = "https://stats.example.org/";
  f.site_id = std::string(21, '1');
  EXPECT_FALSE(check(f).empty());
  EXPECT_EQ(normalised_url("https://s.example.org/m"), "https://s.example.org/m/");
  EXPECT_EQ(normalised_url("https://s.example.org/"), "https://s.example.org/");
}

}  // namespace cityskills::consent

namespace cityskills::consent {

TEST(EraseForm, NeedsPasswordAndConfirmation) {
  EraseForm f;
  auto e = check(f);
  EXPECT_EQ(e.key("password"), "rights.erase.password_required");
  EXPECT_EQ(e.key("confirm"), "rights.erase.confirm_required");
  f.password = "x";
  f.confirm = true;
  EXPECT_TRUE(check(f).empty());
}

TEST(AdminRequestForm, ReasonRequiredAndBoundedConfirmationOnlyToErase) {
  AdminRequestForm f;
  EXPECT_EQ(check(f, false).key("export_reason"), "validation.text.required");
  f.reason = "Asked by letter";
  EXPECT_TRUE(check(f, false).empty());
  EXPECT_EQ(check(f, true).key("confirm"), "rights.erase.confirm_required");
  f.confirm = true;
  EXPECT_TRUE(check(f, true).empty());
  f.reason = std::string(kReasonMax + 1, 'x');
  EXPECT_EQ(check(f, true).key("reason"), "practices.validation.too_long");
}

TEST(RetentionForm, EachPeriodWithinItsBounds) {
  RetentionForm f;
  for (const auto& field : retention_fields()) {
    f.entered.emplace_back(field.name, "");
    f.values.push_back(field.max_days);
  }
  EXPECT_TRUE(check(f).empty());
  EXPECT_EQ(f.result().feedback, 3650);
  f.values[0] = 0;                // self_tests below 1
  f.values[1] = std::nullopt;     // unverified_accounts not a number
  f.values[2] = 366;              // tokens above 365
  auto e = check(f);
  EXPECT_EQ(e.size(), 3u);
  EXPECT_EQ(e.key("self_tests"), "validation.number.range");
  EXPECT_EQ(e.args("unverified_accounts").at(0).second, "7");
  EXPECT_TRUE(e.has("tokens"));
  EXPECT_EQ(RetentionPeriods{}.self_tests, kAnonymousSelfTestRetentionDays);
}

TEST(FeedbackForm, MessageRequiredNameAndAddressOptionalButValid) {
  FeedbackForm f;
  EXPECT_EQ(check(f).key("message"), "validation.text.required");
  f.message = "The menu traps the keyboard focus.";
  EXPECT_TRUE(check(f).empty());
  f.email = "not-an-address";
  f.name = std::string("Eve\u202E", 6);
  auto e = check(f);
  EXPECT_TRUE(e.has("email"));
  EXPECT_TRUE(e.has("name"));
  f = FeedbackForm{};
  f.message = std::string(kFeedbackMax + 1, 'x');
  f.page = std::string(kFeedbackPageMax + 1, 'p');
  e = check(f);
  EXPECT_EQ(e.key("message"), "practices.validation.too_long");
  EXPECT_EQ(e.key("page"), "practices.validation.too_long");
}

TEST(StatementForm, ReviewDateIsARealDay) {
  StatementForm f;
  f.reviewed = "2026-11-30";
  EXPECT_TRUE(check(f).empty());
  EXPECT_EQ(f.reviewed_at(), 1'795'996'800);  // 2026-11-30T00:00:00Z
  for (const char* bad : {"", "2026-02-30", "30.11.2026", "2026-13-01"}) {
    f.reviewed = bad;
    EXPECT_EQ(check(f).key("reviewed"), "consent.validation.review_date") << bad;
  }
  f.reviewed = "2026-11-30";
  f.issues = std::string(kIssuesMax + 1, 'x');
  EXPECT_TRUE(check(f).has("issues"));
}

}  // namespace cityskills::consent
