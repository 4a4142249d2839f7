// The account forms' checks (sign-up, an address for a link, a new password, the profile),
// without a server.
#include <gtest/gtest.h>

#include "features/accounts/forms.hpp"

namespace cityskills::accounts {
namespace {

SignupForm signup() {
  SignupForm f;
  f.email = "Aino.Virtanen@example.fi";
  f.display_name = "Aino Virtanen";
  f.password = "kallt-vatten-i-Oulu-42";
  f.privacy_accept = true;
  f.notice_id = "3";
  return f;
}

TEST(SignupForm, Valid_NoErrors) { EXPECT_TRUE(check(signup(), std::nullopt, 3).empty()); }

TEST(SignupForm, ABadAddressIsReportedBeforeTheAdministratorsRule) {
  auto f = signup();
  f.email = "aino@";
  Refusal refusal{"admin.signup.domain", {{"domains", "example.se"}}};
  auto errors = check(f, refusal, 3);
  EXPECT_EQ(errors.key("email"), "validation.email.invalid");
  EXPECT_EQ(errors.size(), 1u);
  errors = check(signup(), refusal, 3);
  EXPECT_EQ(errors.key("email"), "admin.signup.domain");
  ASSERT_EQ(errors.args("email").size(), 1u);
  EXPECT_EQ(errors.args("email").front().second, "example.se");
}

TEST(SignupForm, NameAndPassword_AreChecked) {
  auto f = signup();
  f.display_name.clear();
  f.password = "aino.virtanen";  // the address's local part
  auto errors = check(f, std::nullopt, 3);
  EXPECT_TRUE(errors.has("display_name"));
  EXPECT_EQ(errors.key("password"), "validation.password.personal");
  EXPECT_EQ(errors.args("password"), kPasswordLimits);
  f = signup();
  f.password = "short";
  EXPECT_EQ(check(f, std::nullopt, 3).key("password"), "validation.password.too_short");
}

TEST(SignupForm, TheNoticeMustBeAcceptedAndBeTheOneInForce) {
  auto f = signup();
  f.privacy_accept = false;
  EXPECT_EQ(check(f, std::nullopt, 3).key("privacy_accept"), "accounts.signup.accept_required");
  f = signup();
  EXPECT_EQ(check(f, std::nullopt, 4).key("privacy_accept"), "accounts.signup.notice_changed")
      << "a notice published while the form was open is accepted again";
  f.notice_id.clear();  // the built-in notice
  EXPECT_TRUE(check(f, std::nullopt, 0).empty());
  EXPECT_EQ(check(f, std::nullopt, 1).key("privacy_accept"), "accounts.signup.notice_changed");
}

TEST(EmailForm, AWellFormedAddressIsNeeded) {
  EmailForm f;
  EXPECT_EQ(check(f).key("email"), "validation.email.required");
  f.email = "no-at-sign.example.fi";
  EXPECT_EQ(check(f).key("email"), "validation.email.invalid");
  f.email = "aino@example.fi";
  EXPECT_TRUE(check(f).empty());
}

TEST(ResetForm, TheNewPasswordIsNotTheAccountsOwnWords) {
  Account a;
  a.email = "lars@example.se";
  a.display_name = "Lars Berglund";
  ResetForm f;
  f.token = "t";
  f.password = "Lars Berglund";
  EXPECT_EQ(check(f, a).key("password"), "validation.password.personal");
  f.password = "LARS@example.se";
  EXPECT_EQ(check(f, a).key("password"), "validation.password.personal");
  f.password = "password";
  EXPECT_EQ(check(f, a).key("password"), "validation.password.common");
  f.password = "Sju sjösjuka sjömän 7";
  EXPECT_TRUE(check(f, a).empty());
}

ProfileForm profile() {
  ProfileForm f;
  f.display_name = "Giulia Rossi";
  f.audience = "public_staff";
  f.age_band = "45_64";
  f.country = "IT";
  f.lang = "it";
  f.org_id = "12";
  return f;
}

TEST(ProfileForm, Valid_NoErrorsAndApplyCopiesTheFields) {
  auto f = profile();
  EXPECT_TRUE(check(f, true).empty());
  Account a;
  a.id = 5;
  a.email = "giulia@example.it";
  f.apply(a, true);
  EXPECT_EQ(a.id, 5);
  EXPECT_EQ(a.email, "giulia@example.it") << "the address is not the profile form's";
  EXPECT_EQ(a.display_name, "Giulia Rossi");
  EXPECT_EQ(a.country, "IT");
  EXPECT_EQ(a.org_id, std::optional<std::int64_t>(12));
}

TEST(ProfileForm, EmptyChoicesMeanNotSaid_UnknownOnesAreRefused) {
  auto f = profile();
  f.audience = f.age_band = f.country = f.org_id = "";
  EXPECT_TRUE(check(f, false).empty());
  Account a;
  a.org_id = 3;
  f.apply(a, false);
  EXPECT_FALSE(a.org_id.has_value()) << "no organisation chosen takes the old one away";
  f = profile();
  f.audience = "robots";
  f.age_band = "12";
  f.country = "US";
  f.lang = "tlh";
  auto errors = check(f, true);
  for (const char* field : {"audience", "age_band", "country", "lang"})
    EXPECT_EQ(errors.key(field), "validation.choice.invalid") << field;
}

TEST(ProfileForm, AnOrganisationThatDoesNotExist_IsRefusedAndNotKept) {
  auto f = profile();
  EXPECT_EQ(check(f, false).key("org_id"), "validation.choice.invalid");
  Account a;
  f.apply(a, false);
  EXPECT_FALSE(a.org_id.has_value());
  f.org_id = "twelve";
  EXPECT_FALSE(f.org().has_value());
  EXPECT_EQ(check(f, false).key("org_id"), "validation.choice.invalid");
}

}  // namespace
}  // namespace cityskills::accounts
