// The cookie centre through the real server: nothing non-technical before a choice, the notice
// answered without a script or a token, the choice recorded with its policy version, asked
// again when the policy changes, and the analytics tool loaded (and admitted by the CSP) only
// after consent.
#include <gtest/gtest.h>

#include "support/harness.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {
std::vector<std::pair<std::string, std::string>> same_origin(int port) {
  return {{"Origin", "http://127.0.0.1:" + std::to_string(port)}};
}
std::int64_t records(TestServer& s) {
  auto c = s.db().acquire();
  return c->one("SELECT COUNT(*) FROM consent_records")->i64(0);
}
void register_analytics(TestServer& s, const std::string& admin_email) {
  s.add_user(admin_email, test::kPassword, true);
  Client admin = s.signed_in(admin_email, test::kPassword);
  admin.get("/admin/privacy");
  auto r = admin.post("/admin/privacy/analytics", {{"url", "https://stats.example.org/matomo"}, {"site_id", "7"}});
  ASSERT_EQ(r.status, 303) << r.body;
}
}  // namespace

TEST(Consent, FirstVisitShowsNoticeAndSetsNothingNonTechnical) {
  TestServer s;
  register_analytics(s, test::unique_email("admin"));
  Client c = s.client();
  auto home = c.get("/");
  EXPECT_EQ(home.status, 200);
  EXPECT_TRUE(home.all("set-cookie").empty());
  EXPECT_NE(home.body.find("consent-notice-title"), std::string::npos);
  EXPECT_NE(home.body.find("value=\"accept_all\""), std::string::npos);
  EXPECT_NE(home.body.find("value=\"refuse_all\""), std::string::npos);
  EXPECT_EQ(home.body.find("<script src=\"/cookies/analytics.js\""), std::string::npos);
  EXPECT_EQ(home.header("content-security-policy").find("stats.example.org"), std::string::npos);
  // The footer links reach the cookie centre and the legal pages from every page.
  for (auto link : {"href=\"/cookies\"", "href=\"/privacy\"", "href=\"/legal\"", "href=\"/accessibility\""})
    EXPECT_NE(home.body.find(link), std::string::npos) << link;
}

TEST(Consent, NoticeAnsweredWithoutTokenRecordsChoiceAndReturns) {
  TestServer s;
  Client c = s.client();
  c.get("/events");
  auto r = c.post("/cookies", {{"choice", "refuse_all"}, {"return_to", "/events?type=webinar"}}, false,
                  same_origin(s.port()));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.header("location"), "/events?type=webinar");
  auto set = r.header("set-cookie");
  EXPECT_NE(set.find("cs_consent="), std::string::npos);
  EXPECT_NE(set.find("HttpOnly"), std::string::npos);
  EXPECT_EQ(records(s), 1);
  {
    auto db = s.db().acquire();
    auto row = db->one("SELECT user_id, visitor_hash, policy_version, analytics, profiling FROM consent_records");
    EXPECT_TRUE(row->is_null(0));
    EXPECT_EQ(row->str(1).size(), 64u);  // a hash, never the cookie value
    EXPECT_NE(row->str(1), c.cookies()["cs_consent"]);
    EXPECT_EQ(row->i64(2), 1);
    EXPECT_EQ(row->i64(3), 0);
    EXPECT_EQ(row->i64(4), 0);
  }
  auto after = c.get("/events");
  EXPECT_EQ(after.body.find("consent-notice-title"), std::string::npos);
  EXPECT_NE(after.body.find("Your cookie choice has been saved."), std::string::npos);
}

TEST(Consent, BadPostsAreRefusedAndRecordNothing) {
  TestServer s;
  Client c = s.client();
  c.get("/");
  // Neither Origin nor token: a form from an unknown place.
  EXPECT_EQ(c.post("/cookies", {{"choice", "accept_all"}}, false).status, 403);
  // Cross-site, by Origin or by Sec-Fetch-Site.
  EXPECT_EQ(c.post("/cookies", {{"choice", "accept_all"}}, false, {{"Origin", "https://evil.example"}}).status, 403);
  EXPECT_EQ(c.post("/cookies", {{"choice", "accept_all"}}, false, {{"Sec-Fetch-Site", "cross-site"}}).status, 403);
  // An unknown category, or no choice at all.
  EXPECT_EQ(c.post("/cookies", {{"choice", "choose"}, {"marketing", "1"}}, false, same_origin(s.port())).status, 400);
  c.lang = "de";
  auto none = c.post("/cookies", {{"analytics", "1"}}, false, same_origin(s.port()));
  EXPECT_EQ(none.status, 422);
  EXPECT_NE(none.body.find("Wählen Sie „Alle akzeptieren“"), std::string::npos);
  EXPECT_NE(none.body.find("id=\"analytics\" name=\"analytics\" value=\"1\" checked"), std::string::npos);  // input kept
  EXPECT_EQ(c.post("/cookies", {{"choice", "all"}}, false, same_origin(s.port())).status, 422);
  EXPECT_EQ(c.post("/cookies", {{"choice", "accept_all"}, {"choice", "refuse_all"}}, false, same_origin(s.port())).status, 400);
  // An open redirect is ignored: the choice is kept and the person lands on /cookies.
  auto away = c.post("/cookies", {{"choice", "refuse_all"}, {"return_to", "//evil.example/"}}, false, same_origin(s.port()));
  EXPECT_EQ(away.header("location"), "/cookies");
  EXPECT_EQ(records(s), 1);
}

TEST(Consent, CookiesPageListsEveryCookieAndTakesAChoiceWithToken) {
  TestServer s;
  Client c = s.client();
  auto page = c.get("/cookies");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(test::count(page.body, "<h1"), 1);
  for (auto name : {"cs_session", "cs_pre", "cs_lang", "cs_flash", "cs_assessment", "cs_consent"})
    EXPECT_NE(page.body.find(std::string("<code>") + name + "</code>"), std::string::npos) << name;
  EXPECT_EQ(page.body.find("_pk_id"), std::string::npos);  // no analytics tool registered
  EXPECT_EQ(page.body.find("consent-notice-title"), std::string::npos);  // the page itself asks
  auto r = c.post("/cookies", {{"choice", "choose"}, {"analytics", "1"}});
  ASSERT_EQ(r.status, 303) << r.body;
  auto again = c.get("/cookies");
  EXPECT_NE(again.body.find("id=\"analytics\" name=\"analytics\" value=\"1\" checked"), std::string::npos);
  EXPECT_EQ(again.body.find("id=\"profiling\" name=\"profiling\" value=\"1\" checked"), std::string::npos);
  EXPECT_NE(again.body.find("Your current choice was recorded"), std::string::npos);
}

TEST(Consent, AnalyticsLoadsOnlyAfterConsentAndCspNamesOnlyItsOrigin) {
  TestServer s;
  register_analytics(s, test::unique_email("admin"));
  Client refused = s.client();
  refused.get("/");
  refused.post("/cookies", {{"choice", "refuse_all"}}, false, same_origin(s.port()));
  auto no = refused.get("/");
  EXPECT_EQ(no.body.find("analytics.js"), std::string::npos);
  EXPECT_EQ(no.header("content-security-policy").find("stats.example.org"), std::string::npos);

  Client accepted = s.client();
  accepted.get("/");
  accepted.post("/cookies", {{"choice", "accept_all"}}, false, same_origin(s.port()));
  auto yes = accepted.get("/");
  EXPECT_NE(yes.body.find("<script src=\"/cookies/analytics.js\" data-url=\"https://stats.example.org/matomo/\" "
                          "data-site=\"7\" defer></script>"),
            std::string::npos);
  auto csp = yes.header("content-security-policy");
  EXPECT_NE(csp.find("script-src 'self' https://stats.example.org;"), std::string::npos) << csp;
  EXPECT_NE(csp.find("connect-src 'self' https://stats.example.org;"), std::string::npos) << csp;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  auto loader = accepted.get("/cookies/analytics.js");
  EXPECT_EQ(loader.status, 200);
  EXPECT_NE(loader.header("content-type").find("javascript"), std::string::npos);
  auto list = accepted.get("/cookies");
  EXPECT_NE(list.body.find("<code>_pk_id</code>"), std::string::npos);
}

TEST(Consent, SignedInChoiceIsOnTheAccountAndNewPolicyVersionAsksAgain) {
  TestServer s;
  auto admin_email = test::unique_email("admin");
  s.add_user(admin_email, test::kPassword, true);
  auto email = test::unique_email("person");
  auto uid = s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  c.get("/cookies");
  ASSERT_EQ(c.post("/cookies", {{"choice", "accept_all"}}).status, 303);
  {
    auto db = s.db().acquire();
    auto row = db->one("SELECT user_id, analytics, profiling FROM consent_records ORDER BY id DESC LIMIT 1");
    EXPECT_EQ(row->i64(0), uid);
    EXPECT_EQ(row->i64(1), 1);
    EXPECT_EQ(row->i64(2), 1);
  }
  EXPECT_EQ(c.get("/").body.find("consent-notice-title"), std::string::npos);

  Client admin = s.signed_in(admin_email, test::kPassword);
  admin.get("/admin/privacy");
  ASSERT_EQ(admin.post("/admin/privacy/policy-version", {}).status, 303);
  auto asked = c.get("/");
  EXPECT_NE(asked.body.find("consent-notice-title"), std::string::npos);
  EXPECT_NE(asked.body.find("We ask again about cookies"), std::string::npos);
  c.post("/cookies", {{"choice", "refuse_all"}}, false, same_origin(s.port()));
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT policy_version FROM consent_records ORDER BY id DESC LIMIT 1")->i64(0), 2);
}

TEST(Consent, AdministratorsOnlyAndBadAnalyticsAddressesRefused) {
  TestServer s;
  auto email = test::unique_email("person");
  s.add_user(email, test::kPassword);
  Client person = s.signed_in(email, test::kPassword);
  EXPECT_EQ(person.get("/admin/privacy").status, 403);
  auto admin_email = test::unique_email("admin");
  s.add_user(admin_email, test::kPassword, true);
  Client admin = s.signed_in(admin_email, test::kPassword);
  admin.get("/admin/privacy");
  for (auto bad : {"javascript:alert(1)", "https://stats.example.org/?x=1", "https://st ats.example.org/",
                   "https://stats.example.org;script-src/"}) {
    auto r = admin.post("/admin/privacy/analytics", {{"url", bad}, {"site_id", "1"}});
    EXPECT_EQ(r.status, 422) << bad;
  }
  auto r = admin.post("/admin/privacy/analytics", {{"url", "https://stats.example.org/"}, {"site_id", "1x"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("value=\"1x\""), std::string::npos);
  EXPECT_EQ(admin.post("/admin/privacy/analytics", {{"url", ""}, {"site_id", ""}, {"role", "x"}}).status, 400);
  auto db = s.db().acquire();
  EXPECT_FALSE(db->one("SELECT 1 FROM settings WHERE name = 'privacy.analytics_url'").has_value());
}

}  // namespace cityskills

namespace cityskills {
using test::Client;
using test::TestServer;

TEST(LegalPages, PrivacyLegalAndAccessibilityInEveryLanguage) {
  TestServer s;
  for (const std::string lang : {"it", "en", "de", "sv", "fi"}) {
    Client c = s.client();
    for (auto path : {"/privacy", "/legal", "/accessibility"}) {
      auto r = c.get(std::string(path) + "?lang=" + lang);
      ASSERT_EQ(r.status, 200) << path << " " << lang;
      EXPECT_EQ(test::count(r.body, "<h1"), 1) << path;
      EXPECT_NE(r.body.find("<html lang=\"" + lang + "\">"), std::string::npos);
      EXPECT_EQ(r.body.find(">privacy."), std::string::npos) << path << " " << lang;  // no untranslated key
      EXPECT_EQ(r.body.find(">a11y."), std::string::npos) << path << " " << lang;
      EXPECT_EQ(r.body.find(">legal."), std::string::npos) << path << " " << lang;
    }
  }
  Client en = s.client();
  auto privacy = en.get("/privacy");
  EXPECT_NE(privacy.body.find("deleted 90 days after their last change"), std::string::npos);
  auto a11y = en.get("/accessibility");
  EXPECT_NE(a11y.body.find("partially compliant"), std::string::npos);
  EXPECT_NE(a11y.body.find("December 6, 2026"), std::string::npos);
  EXPECT_NE(a11y.body.find("AgID"), std::string::npos);
  auto signup = en.get("/signup");
  EXPECT_NE(signup.body.find("id=\"privacy-notice\""), std::string::npos);
  EXPECT_NE(signup.body.find("href=\"/privacy\""), std::string::npos);
}

TEST(LegalPages, AdministratorsEnterControllerContactsShownOnThePages) {
  TestServer s;
  auto admin_email = test::unique_email("admin");
  s.add_user(admin_email, test::kPassword, true);
  Client admin = s.signed_in(admin_email, test::kPassword);
  admin.get("/admin/privacy");
  auto bad = admin.post("/admin/privacy/contacts",
                        {{"controller", "Comune di Valverde <b>"}, {"contact_email", "not-an-address"}, {"dpo_email", ""}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("value=\"Comune di Valverde &lt;b&gt;\""), std::string::npos);  // input kept, escaped
  auto blank = admin.post("/admin/privacy/contacts", {{"controller", "\xE2\x80\x8B "}, {"contact_email", "a@b.org"}, {"dpo_email", ""}});
  EXPECT_EQ(blank.status, 422);
  auto ok = admin.post("/admin/privacy/contacts", {{"controller", "Comune di Valverde, Piazza 1"},
                                                   {"contact_email", "Privacy@Valverde.example.org"},
                                                   {"dpo_email", "dpo@valverde.example.org"}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  Client visitor = s.client();
  auto legal = visitor.get("/legal");
  EXPECT_NE(legal.body.find("Comune di Valverde, Piazza 1"), std::string::npos);
  EXPECT_NE(legal.body.find("mailto:privacy@valverde.example.org"), std::string::npos);
  auto a11y = visitor.get("/accessibility");
  EXPECT_NE(a11y.body.find("mailto:privacy@valverde.example.org"), std::string::npos);
  EXPECT_NE(visitor.get("/privacy").body.find("mailto:dpo@valverde.example.org"), std::string::npos);
}

}  // namespace cityskills
