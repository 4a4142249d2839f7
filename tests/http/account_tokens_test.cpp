// Tokens that do one job, mail that cannot be used to flood an address, and sign-in
// throttles that slow an attacker down without locking the owner out (issue 16, items 3-6).
#include <gtest/gtest.h>

#include "features/accounts/store.hpp"
#include "features/accounts/throttles.hpp"
#include "support/harness.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {
using Headers = std::vector<std::pair<std::string, std::string>>;

// The test client connects from 127.0.0.1; trusting it as a proxy lets a test speak for any
// client address through X-Forwarded-For.
void trust_loopback(http::ServerOptions&, web::App& app) { app.services().config.trusted_proxies = {"127.0.0.1"}; }
Headers from(const std::string& ip) { return {{"X-Forwarded-For", ip}}; }

std::int64_t unverified_user(TestServer& s, const std::string& email) {
  auto id = s.add_user(email, test::kPassword);
  auto c = s.db().acquire();
  c->exec("UPDATE users SET email_verified_at = NULL WHERE id = ?", {id});
  return id;
}

std::string issue(TestServer& s, std::int64_t user, const std::string& purpose) {
  auto c = s.db().acquire();
  return accounts::store::issue_token(*c, user, purpose, 3600);
}

// Moves every throttle event `seconds` into the past, as if that much time had gone by.
void let_time_pass(TestServer& s, std::int64_t seconds) {
  auto c = s.db().acquire();
  c->exec("UPDATE rate_events SET created_at = created_at - ?", {seconds});
}

// Opens the link, then presses the button (with a form token from the sign-in page, since
// a refused link shows no form).
test::Reply verify(Client& c, const std::string& token) {
  c.get("/login");
  c.get("/verify-email?token=" + token);
  return c.post("/verify-email", {{"token", token}});
}

test::Reply login(Client& c, const std::string& email, const std::string& password, const std::string& ip) {
  c.get("/login", from(ip));
  return c.post("/login", {{"email", email}, {"password", password}}, true, from(ip));
}

bool signed_in(Client& c) { return c.get("/profile").status == 200; }
}  // namespace

// ---- item 3: a verification link verifies, and only that ---------------------------------

TEST(AccountTokens, VerificationLinkVerifiesTheAddressButNeverSignsIn) {
  TestServer s;
  auto email = test::unique_email("verify");
  Client c = s.client();
  c.get("/signup");
  ASSERT_EQ(c.post("/signup", {{"privacy_accept", "1"}, {"email", email}, {"display_name", "Anna"}, {"password", test::kPassword}}).status, 303);
  auto mail = test::wait_for_mail(email);
  ASSERT_TRUE(mail);
  auto link = test::link_in(mail->body, "/verify-email");
  auto done = verify(c, link.substr(link.find("token=") + 6));
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(done.header("location"), "/login");
  EXPECT_TRUE(c.cookies()["cs_session"].empty());
  EXPECT_FALSE(signed_in(c));
  auto page = c.get("/login");
  EXPECT_NE(page.body.find("Your e-mail address is confirmed. Sign in with your password"), std::string::npos);
  auto db = s.db().acquire();
  EXPECT_FALSE(db->one("SELECT email_verified_at FROM users WHERE email = ?", {email})->is_null(0));
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM sessions")->i64(0), 0);
  Client owner = s.signed_in(email, test::kPassword);
  EXPECT_TRUE(signed_in(owner));
}

TEST(AccountTokens, VerifyingInTheBrowserSignedInAsTheSamePersonJustContinues) {
  TestServer s;
  auto email = test::unique_email("same");
  auto id = s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  auto token = issue(s, id, "verify_email");
  c.get("/verify-email?token=" + token);
  auto r = c.post("/verify-email", {{"token", token}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/profile");
  EXPECT_TRUE(signed_in(c));
}

TEST(AccountTokens, VerifyingTheAddressKillsTheOtherVerificationLinks) {
  TestServer s;
  auto id = unverified_user(s, test::unique_email("twolinks"));
  auto first = issue(s, id, "verify_email"), second = issue(s, id, "verify_email");
  Client c = s.client();
  EXPECT_EQ(verify(c, first).status, 303);
  Client other = s.client();
  other.get("/login");
  EXPECT_EQ(other.get("/verify-email?token=" + second).status, 400);
  auto r = other.post("/verify-email", {{"token", second}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("has expired"), std::string::npos);
  EXPECT_FALSE(signed_in(other));
}

TEST(AccountTokens, PasswordResetEndsEverySessionAndEveryOutstandingLink) {
  TestServer s;
  auto email = test::unique_email("resetall");
  auto id = s.add_user(email, test::kPassword);
  Client old_device = s.signed_in(email, test::kPassword);
  // Links still outstanding when the reset happens: an old verification link, a second reset link.
  auto leftover_verify = issue(s, id, "verify_email");
  auto other_reset = issue(s, id, "reset_password");
  Client c = s.client();
  c.get("/password-reset");
  ASSERT_EQ(c.post("/password-reset", {{"email", email}}).status, 303);
  auto mail = test::wait_for_mail(email);
  ASSERT_TRUE(mail);
  auto link = test::link_in(mail->body, "/password-reset/confirm");
  ASSERT_EQ(c.get(link).status, 200);
  auto ok = c.post("/password-reset/confirm", {{"token", link.substr(link.find("token=") + 6)}, {"password", "new-lantern-harbour"}});
  ASSERT_EQ(ok.status, 303);
  EXPECT_FALSE(signed_in(old_device));
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM sessions WHERE user_id = ?", {id})->i64(0), 0);
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM tokens WHERE user_id = ? AND used_at IS NULL", {id})->i64(0), 0);

  Client attacker = s.client();
  EXPECT_EQ(verify(attacker, leftover_verify).status, 400);
  EXPECT_FALSE(signed_in(attacker));
  EXPECT_EQ(attacker.get("/password-reset/confirm?token=" + other_reset).status, 400);
  Client owner = s.signed_in(email, "new-lantern-harbour");
  EXPECT_TRUE(signed_in(owner));
}

TEST(AccountTokens, PasswordResetRevokesThePrivateCalendarFeed) {
  TestServer s;
  auto email = test::unique_email("resetfeed");
  s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  c.get("/events/mine");
  auto created = c.post("/events/mine", {{"action", "rotate"}});
  ASSERT_EQ(created.status, 200);
  auto at = created.body.find("/calendar/");
  ASSERT_NE(at, std::string::npos);
  auto feed = created.body.substr(at, created.body.find(".ics", at) + 4 - at);
  ASSERT_EQ(s.client().get(feed).status, 200);
  Client r = s.client();
  r.get("/password-reset");
  ASSERT_EQ(r.post("/password-reset", {{"email", email}}).status, 303);
  auto mail = test::wait_for_mail(email);
  ASSERT_TRUE(mail);
  auto link = test::link_in(mail->body, "/password-reset/confirm");
  ASSERT_EQ(r.get(link).status, 200);
  ASSERT_EQ(r.post("/password-reset/confirm", {{"token", link.substr(link.find("token=") + 6)}, {"password", "new-lantern-harbour"}})
                .status,
            303);
  // The address someone may have copied stops working with the reset; the owner makes a new one.
  EXPECT_EQ(s.client().get(feed).status, 404);
  Client owner = s.signed_in(email, "new-lantern-harbour");
  owner.get("/events/mine");
  auto fresh = owner.post("/events/mine", {{"action", "rotate"}});
  ASSERT_EQ(fresh.status, 200);
  auto at2 = fresh.body.find("/calendar/");
  ASSERT_NE(at2, std::string::npos);
  EXPECT_EQ(s.client().get(fresh.body.substr(at2, fresh.body.find(".ics", at2) + 4 - at2)).status, 200);
}

TEST(AccountTokens, ExpiredLinkIsA400InTheVisitorsLanguage) {
  TestServer s;
  auto id = unverified_user(s, test::unique_email("expired"));
  auto token = issue(s, id, "verify_email");
  {
    auto db = s.db().acquire();
    db->exec("UPDATE tokens SET expires_at = ?", {1});
  }
  Client c = s.client();
  c.lang = "de";
  c.get("/login");
  auto r = c.get("/verify-email?token=" + token);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("<html lang=\"de\">"), std::string::npos);
  EXPECT_NE(r.body.find("Fordern Sie einen neuen an"), std::string::npos);
  EXPECT_EQ(c.post("/verify-email", {{"token", token}}).status, 400);
}

TEST(AccountTokens, GuessingLinksIsThrottledWithRetryAfter) {
  TestServer s;
  Client c = s.client();
  for (int i = 0; i < 20; ++i) EXPECT_EQ(c.get("/verify-email?token=guess" + std::to_string(i)).status, 400);
  auto r = c.get("/password-reset/confirm?token=guess");
  EXPECT_EQ(r.status, 429);
  EXPECT_GT(std::stoi(r.header("retry-after")), 0);
}

// ---- item 4: mail to one person is throttled ------------------------------------------------

TEST(AccountMail, SignInAttemptsOnAnUnverifiedAccountDoNotFloodTheAddress) {
  TestServer s;
  auto email = test::unique_email("flood");
  Client c = s.client();
  c.get("/signup");
  ASSERT_EQ(c.post("/signup", {{"privacy_accept", "1"}, {"email", email}, {"display_name", "Anna"}, {"password", test::kPassword}}).status, 303);
  ASSERT_TRUE(test::wait_for_mail(email));
  for (int i = 0; i < 5; ++i) {
    auto r = c.post("/login", {{"email", email}, {"password", test::kPassword}});
    EXPECT_EQ(r.status, 403);
    EXPECT_NE(r.body.find("a short while ago"), std::string::npos);
  }
  EXPECT_FALSE(test::wait_for_mail(email, 2, 1500));
  // Two minutes later a sign-in sends a fresh link.
  let_time_pass(s, accounts::kMailGap + 1);
  auto r = c.post("/login", {{"email", email}, {"password", test::kPassword}});
  EXPECT_NE(r.body.find("We have sent you a new link"), std::string::npos);
  EXPECT_TRUE(test::wait_for_mail(email, 2));
}

TEST(AccountMail, AtMostFiveADayPerAddressAndTheAnswerNeverChanges) {
  TestServer s;
  auto email = test::unique_email("daily");
  unverified_user(s, email);
  Client c = s.client();
  c.get("/verify-email/resend");
  for (int i = 0; i < 7; ++i) {
    auto r = c.post("/verify-email/resend", {{"email", email}});
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.header("location"), "/signup/check-email");
    let_time_pass(s, accounts::kMailGap + 1);
  }
  // The reset form shares the budget and still answers the same.
  c.get("/password-reset");
  auto reset = c.post("/password-reset", {{"email", email}});
  EXPECT_EQ(reset.status, 303);
  EXPECT_EQ(reset.header("location"), "/password-reset/sent");
  EXPECT_TRUE(test::wait_for_mail(email, accounts::kMailPerDay));
  EXPECT_FALSE(test::wait_for_mail(email, accounts::kMailPerDay + 1, 1500));
  // An address without an account gets the same answer.
  auto ghost = c.post("/verify-email/resend", {{"email", test::unique_email("ghost")}});
  EXPECT_EQ(ghost.status, 303);
  EXPECT_EQ(ghost.header("location"), "/signup/check-email");
}

TEST(AccountMail, SigningUpAgainWithSomeoneElsesAddressSendsOneMail) {
  TestServer s(trust_loopback);
  auto email = test::unique_email("victim");
  s.add_user(email, test::kPassword);
  for (int i = 0; i < 3; ++i) {
    Client c = s.client();
    c.get("/signup", from("192.0.2." + std::to_string(10 + i)));
    auto r = c.post("/signup", {{"privacy_accept", "1"}, {"email", email}, {"display_name", "Mallory"}, {"password", "another-long-passphrase"}},
                    true, from("192.0.2." + std::to_string(10 + i)));
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.header("location"), "/signup/check-email");
  }
  EXPECT_TRUE(test::wait_for_mail(email));
  EXPECT_FALSE(test::wait_for_mail(email, 2, 1500));
}

// ---- item 5: failures slow down one client on one account, never lock the owner out -------

TEST(LoginThrottle, WrongPasswordsFromOneAddressDoNotLockOutTheOwnerElsewhere) {
  TestServer s(trust_loopback);
  auto email = test::unique_email("admin");
  s.add_user(email, test::kPassword, /*platform_admin=*/true);
  Client attacker = s.client();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(login(attacker, email, "wrong-password-x", "198.51.100.7").status, 422);
  auto held = login(attacker, email, test::kPassword, "198.51.100.7");
  EXPECT_EQ(held.status, 429);
  EXPECT_GT(std::stoi(held.header("retry-after")), 0);
  Client owner = s.client();
  EXPECT_EQ(login(owner, email, test::kPassword, "203.0.113.9").status, 303);
  EXPECT_TRUE(signed_in(owner));
}

TEST(LoginThrottle, EachFurtherFailureDoublesTheWait) {
  TestServer s(trust_loopback);
  auto email = test::unique_email("delays");
  s.add_user(email, test::kPassword);
  Client c = s.client();
  const std::string ip = "198.51.100.8";
  for (int i = 0; i < accounts::kLoginFreeFailures; ++i) EXPECT_EQ(login(c, email, "wrong-password-x", ip).status, 422);
  std::int64_t expected = accounts::kLoginFirstDelay;
  for (int round = 0; round < 3; ++round) {
    auto r = login(c, email, test::kPassword, ip);
    ASSERT_EQ(r.status, 429) << round;
    auto wait = std::stoll(r.header("retry-after"));
    EXPECT_GT(wait, expected / 2) << round;
    EXPECT_LE(wait, expected) << round;
    let_time_pass(s, expected + 1);
    EXPECT_EQ(login(c, email, "wrong-password-x", ip).status, 422) << round;
    expected *= 2;
  }
  // After waiting, the right password still works from the same address.
  let_time_pass(s, expected + 1);
  EXPECT_EQ(login(c, email, test::kPassword, ip).status, 303);
}

TEST(LoginThrottle, AnAccountUnderAttackFromManyAddressesStillLetsTheOwnerIn) {
  TestServer s(trust_loopback);
  auto email = test::unique_email("ceiling");
  s.add_user(email, test::kPassword);
  {
    // Failures from many addresses, beyond the account's ceiling.
    auto db = s.db().acquire();
    for (int i = 0; i < accounts::kLoginAccountCeiling; ++i)
      accounts::store::record_event(*db, accounts::email_bucket("login", email));
  }
  // An address that failed once now waits at once (no free failures left)...
  Client bot = s.client();
  EXPECT_EQ(login(bot, email, "wrong-password-x", "198.51.100.9").status, 422);
  EXPECT_EQ(login(bot, email, "wrong-password-y", "198.51.100.9").status, 429);
  // ...but a fresh address with the right password signs in.
  Client owner = s.client();
  EXPECT_EQ(login(owner, email, test::kPassword, "203.0.113.10").status, 303);
}

// ---- item 6: per-address limits count an IPv6 /64 as one client -------------------------------

TEST(ClientThrottle, RotatingAddressesInsideOneIpv6Slash64DoesNotEscapeTheLimit) {
  TestServer s(trust_loopback);
  auto signup = [&](const std::string& ip) {
    Client c = s.client();
    c.get("/signup", from(ip));
    return c.post("/signup", {{"privacy_accept", "1"}, {"email", test::unique_email("v6")}, {"display_name", "Anna"}, {"password", test::kPassword}},
                  true, from(ip));
  };
  for (int i = 1; i <= 10; ++i) EXPECT_EQ(signup("2001:db8:6:6::" + std::to_string(i)).status, 303) << i;
  auto r = signup("2001:db8:6:6:ffff::1");
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.header("retry-after").empty());
  EXPECT_EQ(signup("2001:db8:6:7::1").status, 303);  // the neighbouring /64 is another client
}

TEST(ClientThrottle, SignInFailuresCountTheWholeSlash64) {
  TestServer s(trust_loopback);
  auto email = test::unique_email("v6login");
  s.add_user(email, test::kPassword);
  Client c = s.client();
  for (int i = 1; i <= accounts::kLoginFreeFailures; ++i)
    EXPECT_EQ(login(c, email, "wrong-password-x", "2001:db8:9:9::" + std::to_string(i)).status, 422);
  EXPECT_EQ(login(c, email, test::kPassword, "2001:db8:9:9:abcd::1").status, 429);
  EXPECT_EQ(login(c, email, test::kPassword, "::ffff:203.0.113.11").status, 303);
}

}  // namespace cityskills
