// Sign-up, verification, sign-in, reset and profile through the real server and SMTP sink.
#include <gtest/gtest.h>

#include "support/harness.hpp"
#include "util/crypto.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {
std::int64_t users_with(TestServer& s, const std::string& email) {
  auto c = s.db().acquire();
  return c->one("SELECT COUNT(*) FROM users WHERE email = ?", {email})->i64(0);
}
}  // namespace

TEST(Signup, VerifySignInSignOut_TheWholeWay) {
  TestServer s;
  auto email = test::unique_email("signup");
  Client c = s.client();
  c.get("/signup");
  auto r = c.post("/signup", {{"privacy_accept", "1"}, {"email", email}, {"display_name", "Anna <b>Rossi</b>"}, {"password", test::kPassword}});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.header("location"), "/signup/check-email");
  auto mail = test::wait_for_mail(email);
  ASSERT_TRUE(mail);
  auto link = test::link_in(mail->body, "/verify-email");
  ASSERT_FALSE(link.empty()) << mail->body;

  // Not verified yet: sign-in is refused with a clear message.
  Client early = s.client();
  early.get("/login");
  EXPECT_EQ(early.post("/login", {{"email", email}, {"password", test::kPassword}}).status, 403);

  auto page = c.get(link);
  ASSERT_EQ(page.status, 200);
  auto done = c.post("/verify-email", {{"token", link.substr(link.find("token=") + 6)}});
  ASSERT_EQ(done.status, 303);
  // The link confirms the address; signing in is by password.
  EXPECT_EQ(done.header("location"), "/login");
  EXPECT_EQ(c.get("/profile").status, 303);
  c.get("/login");
  ASSERT_EQ(c.post("/login", {{"email", email}, {"password", test::kPassword}}).status, 303);
  auto profile = c.get("/profile");
  EXPECT_EQ(profile.status, 200);
  EXPECT_NE(profile.body.find("Anna &lt;b&gt;Rossi&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(profile.body.find("<b>Rossi</b>"), std::string::npos);

  // The link is single-use.
  EXPECT_EQ(s.client().get(link).status, 400);

  c.post("/logout", {});
  EXPECT_EQ(c.get("/profile").status, 303);
  Client again = s.signed_in(email, test::kPassword);
  EXPECT_EQ(again.get("/profile").status, 200);
}

TEST(Signup, BadInputsAre422WithFieldMessagesAndNothingSaved) {
  TestServer s;
  Client c = s.client();
  c.get("/signup");
  struct Case {
    std::string email, name, password, fragment;
  } cases[] = {
      {"not-an-address", "Anna", test::kPassword, "name@example.org"},
      {test::unique_email("c"), "", test::kPassword, "cannot be empty"},
      {test::unique_email("c"), "Anna\xE2\x80\xAE", test::kPassword, "writing direction"},
      {test::unique_email("c"), std::string(101, 'a'), test::kPassword, "too long"},
      {test::unique_email("c"), "Anna", "short", "at least 8"},
      {test::unique_email("c"), "Anna", "password1", "too common"},
      {test::unique_email("c"), "Anna", std::string(129, 'x'), "at most 128"},
  };
  for (const auto& k : cases) {
    auto r = c.post("/signup", {{"privacy_accept", "1"}, {"email", k.email}, {"display_name", k.name}, {"password", k.password}});
    EXPECT_EQ(r.status, 422) << k.fragment;
    EXPECT_NE(r.body.find(k.fragment), std::string::npos) << k.fragment;
    EXPECT_NE(r.body.find("id=\"error-summary\""), std::string::npos);
    EXPECT_EQ(r.body.find("value=\"" + k.password + "\""), std::string::npos);
    EXPECT_EQ(users_with(s, k.email), 0) << k.fragment;
  }
  // The entered e-mail is kept in the form, the password is not.
  auto r = c.post("/signup", {{"privacy_accept", "1"}, {"email", "kept@example.org"}, {"display_name", ""}, {"password", "a-secret-password"}});
  EXPECT_NE(r.body.find("value=\"kept@example.org\""), std::string::npos);
  EXPECT_EQ(r.body.find("a-secret-password"), std::string::npos);
}

TEST(Signup, ErrorsAreInTheVisitorsLanguage) {
  TestServer s;
  Client c = s.client();
  c.lang = "de";
  c.get("/signup");
  auto r = c.post("/signup", {{"privacy_accept", "1"}, {"email", "x"}, {"display_name", "A"}, {"password", test::kPassword}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("<html lang=\"de\">"), std::string::npos);
}

TEST(Signup, ExistingAddressGetsTheSameAnswerAndAMailNotASecondAccount) {
  TestServer s;
  auto email = test::unique_email("exists");
  s.add_user(email, test::kPassword);
  Client c = s.client();
  c.get("/signup");
  auto r = c.post("/signup", {{"privacy_accept", "1"}, {"email", email}, {"display_name", "Someone"}, {"password", "another-long-passphrase"}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/signup/check-email");
  EXPECT_EQ(users_with(s, email), 1);
  auto mail = test::wait_for_mail(email);
  ASSERT_TRUE(mail);
  EXPECT_NE(mail->body.find("/password-reset"), std::string::npos);
}

TEST(Signup, MassAssignmentOfRoleIsRefused) {
  TestServer s;
  Client c = s.client();
  c.get("/signup");
  auto email = test::unique_email("mass");
  auto r = c.post("/signup", {{"privacy_accept", "1"}, {"email", email}, {"display_name", "A"}, {"password", test::kPassword}, {"platform_admin", "1"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(users_with(s, email), 0);
}

TEST(Login, WrongPasswordAndUnknownAccountLookTheSame) {
  TestServer s;
  auto email = test::unique_email("enum");
  s.add_user(email, test::kPassword);
  Client a = s.client(), b = s.client();
  a.get("/login");
  b.get("/login");
  auto wrong = a.post("/login", {{"email", email}, {"password", "not-the-password"}});
  auto unknown = b.post("/login", {{"email", test::unique_email("nobody")}, {"password", "not-the-password"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(unknown.status, 422);
  auto message = [](const std::string& body) {
    auto p = body.find("invalid-feedback");
    return body.substr(p, body.find("</div>", p) - p);
  };
  EXPECT_EQ(message(wrong.body), message(unknown.body));
}

TEST(Login, ThrottledAfterRepeatedFailuresFromOneAddressWithRetryAfter) {
  TestServer s;
  auto email = test::unique_email("throttle");
  s.add_user(email, test::kPassword);
  Client c = s.client();
  c.get("/login");
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.post("/login", {{"email", email}, {"password", "wrong-password-x"}}).status, 422);
  auto r = c.post("/login", {{"email", email}, {"password", test::kPassword}});
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.header("retry-after").empty());
  EXPECT_GT(std::stoi(r.header("retry-after")), 0);
  EXPECT_NE(r.body.find("minute"), std::string::npos);
}

TEST(Login, NextParameterOnlyRedirectsWithinTheSite) {
  TestServer s;
  auto email = test::unique_email("next");
  s.add_user(email, test::kPassword);
  Client c = s.client();
  c.get("/login?next=//evil.example/");
  auto r = c.post("/login", {{"email", email}, {"password", test::kPassword}, {"next", "//evil.example/"}});
  EXPECT_EQ(r.header("location"), "/");
  Client d = s.client();
  d.get("/login");
  auto ok = d.post("/login", {{"email", email}, {"password", test::kPassword}, {"next", "/profile"}});
  EXPECT_EQ(ok.header("location"), "/profile");
}

TEST(Login, SessionCookieIsHttpOnlyLaxAndRenewedOnSignIn) {
  TestServer s;
  auto email = test::unique_email("cookie");
  s.add_user(email, test::kPassword);
  Client c = s.client();
  c.get("/login");
  auto r = c.post("/login", {{"email", email}, {"password", test::kPassword}});
  std::string cookie;
  for (const auto& h : r.all("set-cookie"))
    if (h.starts_with("cs_session=")) cookie = h;
  ASSERT_FALSE(cookie.empty());
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
  auto token = c.cookies()["cs_session"];
  EXPECT_EQ(token.size(), 43u);
  auto db = s.db().acquire();
  EXPECT_FALSE(db->one("SELECT 1 FROM sessions WHERE id_hash = ?", {token}));  // only the hash is stored
  EXPECT_TRUE(db->one("SELECT 1 FROM sessions WHERE id_hash = ?", {crypto::sha256_hex(token)}));
}

TEST(Reset, SingleUseLinkChangesPasswordAndEndsOtherSessions) {
  TestServer s;
  auto email = test::unique_email("reset");
  s.add_user(email, test::kPassword);
  Client old_device = s.signed_in(email, test::kPassword);
  Client c = s.client();
  c.get("/password-reset");
  auto r = c.post("/password-reset", {{"email", email}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/password-reset/sent");
  auto mail = test::wait_for_mail(email);
  ASSERT_TRUE(mail);
  auto link = test::link_in(mail->body, "/password-reset/confirm");
  ASSERT_FALSE(link.empty());
  auto token = link.substr(link.find("token=") + 6);
  ASSERT_EQ(c.get(link).status, 200);
  auto weak = c.post("/password-reset/confirm", {{"token", token}, {"password", "123456789"}});
  EXPECT_EQ(weak.status, 422);
  auto ok = c.post("/password-reset/confirm", {{"token", token}, {"password", "new-lantern-harbour"}});
  EXPECT_EQ(ok.status, 303);
  EXPECT_EQ(old_device.get("/profile").status, 303);  // signed out everywhere
  auto reuse = c.post("/password-reset/confirm", {{"token", token}, {"password", "third-lantern-harbour"}});
  EXPECT_EQ(reuse.status, 400);
  EXPECT_NE(reuse.body.find("expired"), std::string::npos);
  s.signed_in(email, "new-lantern-harbour");
}

TEST(Reset, UnknownAddressGetsTheSameAnswerAndNoMail) {
  TestServer s;
  auto email = test::unique_email("ghost");
  Client c = s.client();
  c.get("/password-reset");
  auto r = c.post("/password-reset", {{"email", email}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/password-reset/sent");
  EXPECT_FALSE(test::wait_for_mail(email, 1, 500));
}

TEST(Reset, ExpiredLinkIsRefusedWithAClearMessage) {
  TestServer s;
  auto email = test::unique_email("expired");
  s.add_user(email, test::kPassword);
  Client c = s.client();
  c.get("/password-reset");
  c.post("/password-reset", {{"email", email}});
  auto mail = test::wait_for_mail(email);
  ASSERT_TRUE(mail);
  auto link = test::link_in(mail->body, "/password-reset/confirm");
  {
    auto db = s.db().acquire();
    db->exec("UPDATE tokens SET expires_at = ?", {1});
  }
  auto r = c.get(link);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Request a new one"), std::string::npos);
  EXPECT_EQ(c.get("/password-reset/confirm?token=garbage").status, 400);
}

TEST(Profile, EditsAreSavedAndBadChoicesRefusedWithoutLosingData) {
  TestServer s;
  auto email = test::unique_email("profile");
  auto id = s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  c.get("/profile");
  auto ok = c.post("/profile", {{"display_name", "Sven Berg"}, {"audience", "business"}, {"age_band", "65_74"},
                                {"org_id", ""}, {"country", "SE"}, {"lang", "sv"}});
  EXPECT_EQ(ok.status, 303);
  auto page = c.get("/profile");
  EXPECT_NE(page.body.find("<html lang=\"sv\">"), std::string::npos);
  EXPECT_NE(page.body.find("Medlem sedan "), std::string::npos);
  EXPECT_NE(page.body.find("value=\"business\" selected"), std::string::npos);
  auto bad = c.post("/profile", {{"display_name", "Other"}, {"audience", "robot"}, {"age_band", ""}, {"org_id", "999"},
                                 {"country", "XX"}, {"lang", "sv"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("href=\"#audience\""), std::string::npos);
  EXPECT_NE(bad.body.find("href=\"#org_id\""), std::string::npos);
  auto db = s.db().acquire();
  auto row = db->one("SELECT display_name, audience, country FROM users WHERE id = ?", {id});
  EXPECT_EQ(row->str(0), "Sven Berg");
  EXPECT_EQ(row->str(1), "business");
  EXPECT_EQ(row->str(2), "SE");
  auto escalate = c.post("/profile", {{"display_name", "X"}, {"lang", "en"}, {"platform_admin", "1"}});
  EXPECT_EQ(escalate.status, 400);
  EXPECT_EQ(db->one("SELECT platform_admin FROM users WHERE id = ?", {id})->i64(0), 0);
}

}  // namespace cityskills
