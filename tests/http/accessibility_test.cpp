// The accessibility statement's feedback mechanism through the real server: anyone may report
// a barrier (signed in or not), the message is kept and e-mailed to the platform
// administrators in their language, bad or forged posts are refused with nothing stored, each
// address is throttled, and administrators see every message and edit the statement.
#include <gtest/gtest.h>

#include "support/exports.hpp"
#include "support/harness.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

std::int64_t stored(TestServer& s) {
  auto c = s.db().acquire();
  return c->one("SELECT COUNT(*) FROM accessibility_feedback")->i64(0);
}

}  // namespace

TEST(Accessibility, AnonymousFeedbackIsKeptMailedToAdministratorsAndListed) {
  TestServer s;
  auto admin_email = test::unique_email("a11y-admin");
  s.add_user(admin_email, test::kPassword, true, "de");
  Client visitor = s.client();
  auto page = visitor.get("/accessibility");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(test::count(page.body, "<h1"), 1);
  EXPECT_NE(page.body.find("action=\"/accessibility/feedback\""), std::string::npos);
  EXPECT_NE(page.body.find("id=\"email\""), std::string::npos);
  auto sent = visitor.post("/accessibility/feedback", {{"name", "Ada Reporter"},
                                                        {"email", "Ada.Reporter@example.org"},
                                                        {"page", "/events"},
                                                        {"message", "The calendar <b>cannot</b> be used with a keyboard."}});
  ASSERT_EQ(sent.status, 303) << sent.body;
  EXPECT_EQ(sent.header("location"), "/accessibility#feedback");
  EXPECT_NE(visitor.get("/accessibility").body.find("your report has been sent"), std::string::npos);
  EXPECT_EQ(stored(s), 1);

  auto mail = test::wait_for_mail(admin_email);
  ASSERT_TRUE(mail.has_value());
  EXPECT_NE(mail->subject.find("Rückmeldung zur Barrierefreiheit"), std::string::npos);
  EXPECT_NE(mail->body.find("Ada Reporter"), std::string::npos);
  EXPECT_NE(mail->body.find("ada.reporter@example.org"), std::string::npos);
  EXPECT_NE(mail->body.find("cannot</b> be used with a keyboard"), std::string::npos);
  EXPECT_NE(mail->body.find("/admin/privacy/accessibility"), std::string::npos);

  Client admin = s.signed_in(admin_email, test::kPassword);
  auto list = admin.get("/admin/privacy/accessibility");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Ada Reporter"), std::string::npos);
  EXPECT_NE(list.body.find("&lt;b&gt;cannot&lt;/b&gt;"), std::string::npos);  // text, escaped
  EXPECT_EQ(list.body.find("<b>cannot"), std::string::npos);
}

TEST(Accessibility, BadOrForgedFeedbackIsRefusedAndNothingStored) {
  TestServer s;
  Client c = s.client();
  c.get("/accessibility");
  auto empty = c.post("/accessibility/feedback", {{"name", "Bo"}, {"email", "bo@example.org"}, {"page", ""}, {"message", "  "}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("value=\"Bo\""), std::string::npos);  // input kept
  EXPECT_NE(empty.body.find("error-summary"), std::string::npos);
  c.get("/accessibility");
  auto bad_email = c.post("/accessibility/feedback", {{"name", ""}, {"email", "not-an-address"}, {"page", ""}, {"message", "m"}});
  EXPECT_EQ(bad_email.status, 422);
  EXPECT_NE(bad_email.body.find("not-an-address"), std::string::npos);
  c.get("/accessibility");
  auto too_long = c.post("/accessibility/feedback", {{"name", ""}, {"email", ""}, {"page", ""}, {"message", std::string(5001, 'x')}});
  EXPECT_EQ(too_long.status, 422);
  EXPECT_NE(too_long.body.find("5001 characters, at most 5000"), std::string::npos);
  c.get("/accessibility");
  EXPECT_EQ(c.post("/accessibility/feedback", {{"message", "m"}, {"user_id", "1"}}).status, 400);
  c.get("/accessibility");
  EXPECT_EQ(c.post("/accessibility/feedback", {{"message", "m"}, {"message", "n"}}).status, 400);
  c.get("/accessibility");
  EXPECT_EQ(c.post("/accessibility/feedback", {{"message", "m"}}, false).status, 403);  // no token
  c.get("/accessibility");
  EXPECT_EQ(c.post("/accessibility/feedback", {{"message", "m"}}, true, {{"Origin", "https://evil.example"}}).status, 403);
  c.get("/accessibility");
  EXPECT_EQ(c.post("/accessibility/feedback", {{"message", "m"}}, true, {{"Sec-Fetch-Site", "cross-site"}}).status, 403);
  EXPECT_EQ(stored(s), 0);
}

TEST(Accessibility, FeedbackIsThrottledPerAddress) {
  TestServer s;
  Client c = s.client();
  for (int i = 0; i < 5; ++i) {
    c.get("/accessibility");
    ASSERT_EQ(c.post("/accessibility/feedback", {{"message", "Report " + std::to_string(i)}}).status, 303);
  }
  c.get("/accessibility");
  auto r = c.post("/accessibility/feedback", {{"message", "One too many"}});
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.header("retry-after").empty());
  EXPECT_NE(r.body.find("Try again later"), std::string::npos);
  EXPECT_EQ(stored(s), 5);
  Client other = s.client();  // the same address, another browser
  other.get("/accessibility");
  EXPECT_EQ(other.post("/accessibility/feedback", {{"message", "Still too many"}}).status, 429);
}

TEST(Accessibility, SignedInFeedbackGoesWithTheAccountIntoExportAndErasure) {
  TestServer s;
  auto email = test::unique_email("a11y-person");
  auto uid = s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  auto page = c.get("/accessibility");
  EXPECT_EQ(page.body.find("id=\"email\""), std::string::npos);  // the account's address is used
  EXPECT_EQ(c.post("/accessibility/feedback", {{"name", "Someone else"}, {"message", "m"}}).status, 400);
  c.get("/accessibility");
  ASSERT_EQ(c.post("/accessibility/feedback", {{"page", "/courses"}, {"message", "Captions missing feedback-7d1"}}).status, 303);
  {
    auto db = s.db().acquire();
    auto row = db->one("SELECT user_id, email FROM accessibility_feedback");
    ASSERT_TRUE(row.has_value());
    EXPECT_EQ(row->i64(0), uid);
    EXPECT_EQ(row->str(1), "");  // not copied: the account's address is joined when listed
  }
  c.get("/my/data");
  ASSERT_EQ(c.post("/my/data/export", {}).status, 303);
  auto link = test::wait_for_download(c, "/my/data", "/my/data/exports/");
  ASSERT_FALSE(link.empty());
  auto exported = test::unzip(c.get(link).body);
  EXPECT_NE(exported["privacy.json"].find("Captions missing feedback-7d1"), std::string::npos);
  c.get("/my/data");
  ASSERT_EQ(c.post("/my/data/erase", {{"password", test::kPassword}, {"confirm", "1"}}).status, 303);
  EXPECT_EQ(stored(s), 0);
}

TEST(Accessibility, AdministratorsEditReviewDateAndKnownNonConformities) {
  TestServer s;
  auto admin_email = test::unique_email("a11y-admin"), person_email = test::unique_email("a11y-person");
  s.add_user(admin_email, test::kPassword, true);
  s.add_user(person_email, test::kPassword);
  EXPECT_EQ(s.client().get("/admin/privacy/accessibility").status, 303);  // to sign in
  Client person = s.signed_in(person_email, test::kPassword);
  EXPECT_EQ(person.get("/admin/privacy/accessibility").status, 403);
  person.get("/accessibility");
  EXPECT_EQ(person.post("/admin/privacy/accessibility", {{"reviewed", "2026-11-30"}, {"issues", ""}}).status, 403);

  Client admin = s.signed_in(admin_email, test::kPassword);
  auto form = admin.get("/admin/privacy/accessibility");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("value=\"2026-12-06\""), std::string::npos);
  for (const char* bad : {"2026-02-30", "30/11/2026", "", "2026-11-30T00:00"}) {
    admin.get("/admin/privacy/accessibility");
    auto r = admin.post("/admin/privacy/accessibility", {{"reviewed", bad}, {"issues", "- kept"}});
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_NE(r.body.find("Enter a valid date"), std::string::npos);
    EXPECT_NE(r.body.find("- kept"), std::string::npos);
  }
  admin.get("/admin/privacy/accessibility");
  EXPECT_EQ(admin.post("/admin/privacy/accessibility", {{"reviewed", "2026-11-30"}, {"issues", ""}}, true,
                       {{"Origin", "https://evil.example"}}).status, 403);
  admin.get("/admin/privacy/accessibility");
  auto ok = admin.post("/admin/privacy/accessibility",
                       {{"reviewed", "2026-11-30"}, {"issues", "- The **map** of events has no text alternative.\n"
                                                              "- <script>alert(1)</script>"}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  auto statement = s.client().get("/accessibility");
  EXPECT_NE(statement.body.find("Last reviewed on November 30, 2026"), std::string::npos) << statement.body;
  EXPECT_NE(statement.body.find("<li>The <strong>map</strong> of events has no text alternative.</li>"), std::string::npos);
  EXPECT_EQ(statement.body.find("<script>alert(1)"), std::string::npos);
}

}  // namespace cityskills
