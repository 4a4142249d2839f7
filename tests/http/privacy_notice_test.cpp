// The privacy notice administrators write, through the real server: publishing a version per
// language (audited, earlier versions readable with their dates, bad input refused with the
// text kept as a draft); sign-up records the version accepted; a newer version is acknowledged
// at the next sign-in before going on; the acceptances are in the person's data export.
#include <gtest/gtest.h>

#include "support/exports.hpp"
#include "support/harness.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

const std::string kNoticeV1 = "## Who we are\n\nThe City of Valverde, Piazza Grande 1.\n\n## Your rights\n\nWrite to us.";
const std::string kNoticeV2 = "## Who we are\n\nThe City of Valverde.\n\n## What changed\n\nEvents keep attendance lists.";

Client admin_of(TestServer& s, std::int64_t* id = nullptr) {
  auto email = test::unique_email("admin");
  auto uid = s.add_user(email, test::kPassword, true);
  if (id) *id = uid;
  return s.signed_in(email, test::kPassword);
}

test::Reply publish(Client& admin, const std::string& lang, const std::string& body) {
  admin.get("/admin/privacy/notice?language=" + lang);
  return admin.post("/admin/privacy/notice", {{"lang", lang}, {"body", body}, {"action", "publish"}});
}

std::int64_t scalar(TestServer& s, const std::string& sql, const db::Params& p = {}) {
  auto c = s.db().acquire();
  return c->one(sql, p)->i64(0);
}

}  // namespace

TEST(PrivacyNotice, AdministratorsPublishVersionsThatStayReadableWithTheirDates) {
  TestServer s;
  std::int64_t admin_id = 0;
  Client admin = admin_of(s, &admin_id);
  auto editor = admin.get("/admin/privacy/notice?language=en");
  ASSERT_EQ(editor.status, 200);
  EXPECT_NE(editor.body.find("name=\"body\""), std::string::npos);
  EXPECT_NE(admin.get("/admin/privacy").body.find("href=\"/admin/privacy/notice\""), std::string::npos);

  auto r = publish(admin, "en", kNoticeV1);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.header("location"), "/admin/privacy/notice?language=en");
  auto page = s.client().get("/privacy");
  EXPECT_NE(page.body.find("The City of Valverde, Piazza Grande 1."), std::string::npos);
  EXPECT_NE(page.body.find("Version 1 (English), published on"), std::string::npos);
  EXPECT_NE(page.body.find("deleted 90 days after their last change"), std::string::npos);  // retention still shown
  EXPECT_NE(page.body.find("deleted 7 days after they are ready"), std::string::npos);
  EXPECT_NE(page.body.find("<h3>Your rights</h3>"), std::string::npos);  // Markdown rendered

  ASSERT_EQ(publish(admin, "en", kNoticeV2).status, 303);
  page = s.client().get("/privacy");
  EXPECT_NE(page.body.find("Events keep attendance lists."), std::string::npos);
  EXPECT_EQ(page.body.find("Piazza Grande 1."), std::string::npos);
  EXPECT_NE(page.body.find("Version 2 (English)"), std::string::npos);
  auto versions = s.client().get("/privacy/versions");
  EXPECT_NE(versions.body.find("Version 1 (English), published on"), std::string::npos);
  EXPECT_NE(versions.body.find("Version 2 (English), published on"), std::string::npos);
  auto first_id = scalar(s, "SELECT id FROM privacy_notices WHERE lang = 'en' AND version = 1");
  auto old = s.client().get("/privacy/versions/" + std::to_string(first_id));
  ASSERT_EQ(old.status, 200);
  EXPECT_NE(old.body.find("Piazza Grande 1."), std::string::npos);
  EXPECT_NE(old.body.find("This version is no longer in force."), std::string::npos);
  EXPECT_EQ(s.client().get("/privacy/versions/999999").status, 404);

  // Each language has its own versions; Italian visitors see theirs.
  ASSERT_EQ(publish(admin, "it", "## Chi siamo\n\nIl Comune di Valverde.").status, 303);
  Client it = s.client();
  it.lang = "it";
  EXPECT_NE(it.get("/privacy").body.find("Il Comune di Valverde."), std::string::npos);
  EXPECT_EQ(scalar(s, "SELECT MAX(version) FROM privacy_notices WHERE lang = 'it'"), 1);

  // Every publication is in the audit log.
  EXPECT_EQ(scalar(s, "SELECT COUNT(*) FROM privacy_audit WHERE action = 'privacy.notice.publish' AND actor_id = ?",
                  {admin_id}),
            3);
  EXPECT_NE(admin.get("/admin/audit").body.find("privacy.notice.publish"), std::string::npos);
  // Only platform administrators write it.
  auto person_email = test::unique_email("person");
  s.add_user(person_email, test::kPassword);
  Client person = s.signed_in(person_email, test::kPassword);
  EXPECT_EQ(person.get("/admin/privacy/notice").status, 403);
}

TEST(PrivacyNotice, BadInputIsRefusedWithTheTextKeptAsADraft) {
  TestServer s;
  Client admin = admin_of(s);
  auto empty = publish(admin, "en", "  \n ");
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("Write the text of the notice before publishing it."), std::string::npos);
  EXPECT_NE(empty.body.find("id=\"error-summary\""), std::string::npos);

  auto bad_lang = publish(admin, "xx", "## A notice in no language");
  EXPECT_EQ(bad_lang.status, 422);
  EXPECT_NE(bad_lang.body.find("Choose one of the languages the platform offers."), std::string::npos);
  EXPECT_NE(bad_lang.body.find("## A notice in no language"), std::string::npos);  // the text stays in the form

  // Too deeply nested to publish: refused, and the text is kept as the language's draft.
  std::string deep(2000, '>');
  deep += " text";
  auto too_deep = publish(admin, "de", deep);
  EXPECT_EQ(too_deep.status, 422);
  EXPECT_NE(too_deep.body.find("The notice was not published, but your text is saved as"), std::string::npos);
  EXPECT_EQ(scalar(s, "SELECT COUNT(*) FROM privacy_notice_drafts WHERE lang = 'de'"), 1);
  EXPECT_EQ(scalar(s, "SELECT COUNT(*) FROM privacy_notices"), 0);
  EXPECT_NE(admin.get("/admin/privacy/notice?language=de").body.find("This is the saved draft"), std::string::npos);

  // A draft is saved without publishing; publishing the same text as the version in force is refused.
  admin.get("/admin/privacy/notice?language=en");
  auto draft = admin.post("/admin/privacy/notice", {{"lang", "en"}, {"body", kNoticeV1}, {"action", "save"}});
  EXPECT_EQ(draft.status, 303);
  EXPECT_EQ(scalar(s, "SELECT COUNT(*) FROM privacy_notices"), 0);
  ASSERT_EQ(publish(admin, "en", kNoticeV1).status, 303);
  EXPECT_EQ(scalar(s, "SELECT COUNT(*) FROM privacy_notice_drafts WHERE lang = 'en'"), 0);  // published: draft gone
  auto same = publish(admin, "en", kNoticeV1);
  EXPECT_EQ(same.status, 422);
  EXPECT_NE(same.body.find("the same as the version in force"), std::string::npos);

  // Cross-site or token-less posts change nothing.
  admin.get("/admin/privacy/notice?language=en");
  auto forged = admin.post("/admin/privacy/notice", {{"lang", "en"}, {"body", kNoticeV2}, {"action", "publish"}}, false);
  EXPECT_EQ(forged.status, 403);
  auto cross = admin.post("/admin/privacy/notice", {{"lang", "en"}, {"body", kNoticeV2}, {"action", "publish"}}, true,
                          {{"Origin", "https://evil.example"}});
  EXPECT_EQ(cross.status, 403);
  EXPECT_EQ(scalar(s, "SELECT COUNT(*) FROM privacy_notices"), 1);
  // A field the form does not own.
  auto extra = admin.post("/admin/privacy/notice", {{"lang", "en"}, {"body", kNoticeV2}, {"action", "publish"},
                                                    {"version", "9"}});
  EXPECT_EQ(extra.status, 400);
}

TEST(PrivacyNotice, SignUpRecordsTheVersionAcceptedAndRequiresTheBox) {
  TestServer s;
  Client admin = admin_of(s);
  // Before any is published, the built-in notice is the one accepted.
  Client early = s.client();
  auto form = early.get("/signup");
  EXPECT_NE(form.body.find("name=\"privacy_accept\""), std::string::npos);
  EXPECT_NE(form.body.find("name=\"notice_id\" value=\"0\""), std::string::npos);
  auto early_email = test::unique_email("early");
  ASSERT_EQ(early.post("/signup", {{"email", early_email}, {"display_name", "Early"}, {"password", test::kPassword},
                                   {"privacy_accept", "1"}, {"notice_id", "0"}}).status,
            303);

  ASSERT_EQ(publish(admin, "en", kNoticeV1).status, 303);
  auto v1 = scalar(s, "SELECT id FROM privacy_notices");
  Client c = s.client();
  form = c.get("/signup");
  EXPECT_NE(form.body.find("name=\"notice_id\" value=\"" + std::to_string(v1) + "\""), std::string::npos);
  EXPECT_NE(form.body.find("(version 1 of "), std::string::npos);
  auto email = test::unique_email("joiner");
  auto missing = c.post("/signup", {{"email", email}, {"display_name", "Joiner"}, {"password", test::kPassword},
                                    {"notice_id", std::to_string(v1)}});
  EXPECT_EQ(missing.status, 422);
  EXPECT_NE(missing.body.find("Tick the box to confirm that you have read the privacy notice"), std::string::npos);
  EXPECT_NE(missing.body.find("value=\"" + email + "\""), std::string::npos);  // input kept
  EXPECT_EQ(scalar(s, "SELECT COUNT(*) FROM users WHERE email = ?", {email}), 0);

  // A version published while the form was open is shown and accepted again.
  auto stale = c.post("/signup", {{"email", email}, {"display_name", "Joiner"}, {"password", test::kPassword},
                                  {"privacy_accept", "1"}, {"notice_id", "0"}});
  EXPECT_EQ(stale.status, 422);
  EXPECT_NE(stale.body.find("The privacy notice changed while you were filling in the form"), std::string::npos);

  auto ok = c.post("/signup", {{"email", email}, {"display_name", "Joiner"}, {"password", test::kPassword},
                               {"privacy_accept", "1"}, {"notice_id", std::to_string(v1)}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  auto db = s.db().acquire();
  auto rows = db->query("SELECT a.notice_id, a.how, a.created_at FROM privacy_acceptances a JOIN users u ON u.id = a.user_id "
                        "WHERE u.email = ?", {email});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].i64(0), v1);
  EXPECT_EQ(rows[0].str(1), "signup");
  EXPECT_GT(rows[0].i64(2), 0);
  auto built_in = db->query("SELECT a.notice_id, a.how FROM privacy_acceptances a JOIN users u ON u.id = a.user_id "
                            "WHERE u.email = ?", {early_email});
  ASSERT_EQ(built_in.size(), 1u);
  EXPECT_TRUE(built_in[0].is_null(0));
}

TEST(PrivacyNotice, ANewVersionIsAcknowledgedAtTheNextSignInAndExported) {
  TestServer s;
  Client admin = admin_of(s);
  ASSERT_EQ(publish(admin, "en", kNoticeV1).status, 303);
  auto email = test::unique_email("returning");
  auto uid = s.add_user(email, test::kPassword);
  {
    auto db = s.db().acquire();
    db->exec("INSERT INTO privacy_acceptances (user_id, notice_id, how, created_at, updated_at) "
             "SELECT ?, id, 'signup', 1, 1 FROM privacy_notices", {uid});
  }
  // The version accepted is in force: sign-in goes straight on.
  Client c = s.client();
  c.get("/login");
  auto in = c.post("/login", {{"email", email}, {"password", test::kPassword}, {"next", "/events"}});
  ASSERT_EQ(in.status, 303);
  EXPECT_EQ(in.header("location"), "/events");

  ASSERT_EQ(publish(admin, "en", kNoticeV2).status, 303);
  auto v2 = scalar(s, "SELECT MAX(id) FROM privacy_notices");
  Client d = s.client();
  d.get("/login");
  auto again = d.post("/login", {{"email", email}, {"password", test::kPassword}, {"next", "/events"}});
  ASSERT_EQ(again.status, 303);
  auto to = again.header("location");
  EXPECT_EQ(to.rfind("/privacy/acknowledge?next=", 0), 0u) << to;
  auto page = d.get(to);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("The privacy notice has changed"), std::string::npos);
  EXPECT_NE(page.body.find("Events keep attendance lists."), std::string::npos);
  EXPECT_NE(page.body.find("name=\"notice_id\" value=\"" + std::to_string(v2) + "\""), std::string::npos);
  // Without its token, nothing is recorded.
  EXPECT_EQ(d.post("/privacy/acknowledge", {{"notice_id", std::to_string(v2)}, {"next", "/events"}}, false).status, 403);
  EXPECT_EQ(scalar(s, "SELECT COUNT(*) FROM privacy_acceptances WHERE user_id = ?", {uid}), 1);
  // An acknowledgement of an older version than the one in force shows the current one again.
  auto stale = d.post("/privacy/acknowledge", {{"notice_id", "1"}, {"next", "/events"}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_NE(stale.body.find("Another new version was published"), std::string::npos);
  auto done = d.post("/privacy/acknowledge", {{"notice_id", std::to_string(v2)}, {"next", "/events"}});
  ASSERT_EQ(done.status, 303);
  EXPECT_EQ(done.header("location"), "/events");
  auto db = s.db().acquire();
  auto last = db->one("SELECT notice_id, how FROM privacy_acceptances WHERE user_id = ? ORDER BY id DESC LIMIT 1", {uid});
  EXPECT_EQ(last->i64(0), v2);
  EXPECT_EQ(last->str(1), "acknowledged");
  // Acknowledged: the page sends on, and the next sign-in is not stopped.
  EXPECT_EQ(d.get("/privacy/acknowledge?next=%2Fevents").header("location"), "/events");
  Client e = s.client();
  e.get("/login");
  EXPECT_EQ(e.post("/login", {{"email", email}, {"password", test::kPassword}}).header("location"), "/");
  // An unsafe next is not followed.
  EXPECT_EQ(d.get("/privacy/acknowledge?next=https%3A%2F%2Fevil.example").header("location"), "/");

  // The acceptances are part of the person's data export.
  d.get("/my/data");
  ASSERT_EQ(d.post("/my/data/export", {}).status, 303);
  auto link = test::wait_for_download(d, "/my/data", "/my/data/exports/");
  ASSERT_FALSE(link.empty());
  auto zip = d.get(link);
  ASSERT_EQ(zip.status, 200);
  auto privacy = test::unzip(zip.body)["privacy.json"];
  auto at = privacy.find("\"privacy_notices_accepted\": [");
  ASSERT_NE(at, std::string::npos) << privacy;
  EXPECT_NE(privacy.find("{\"notice_id\": " + std::to_string(v2) + ", \"lang\": \"en\", \"version\": 2, \"published_at\": ", at),
            std::string::npos) << privacy;
  EXPECT_NE(privacy.find("\"how\": \"acknowledged\"", at), std::string::npos);
  EXPECT_NE(privacy.find("\"version\": 1,", at), std::string::npos);
}

}  // namespace cityskills
