// Learning records: the statements made from outbox rows, the settings form, the video's
// quarters, the back-off and the outbox's leases (both databases).
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>

#include "features/catalog/records.hpp"
#include "features/xapi/forms.hpp"
#include "features/xapi/statement.hpp"
#include "features/xapi/store.hpp"
#include "support/harness.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

namespace cityskills {
namespace {

namespace json = boost::json;

const std::regex kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-[48][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

xapi::store::Row quiz_passed() {
  xapi::store::Row r;
  r.statement_id = "6f1c1e2a-3b4c-4d5e-8f60-718293a4b5c6";
  r.verb = "passed";
  r.object_type = "quiz";
  r.object_path = "/courses/3/lessons/9";
  r.object_name = "Verifica";
  r.lang = "it";
  r.parent_path = "/courses/3";
  r.registration_key = "course:3";
  r.score_percent = 80;
  r.success = 1;
  r.completion = true;
  r.occurred_at = 1796622565;  // 2026-12-07T05:49:25Z
  return r;
}

}  // namespace

TEST(Xapi, Uuids_RandomAreVersion4_NamedAreStableVersion8) {
  crypto::init();
  auto a = xapi::new_uuid(), b = xapi::new_uuid();
  EXPECT_TRUE(std::regex_match(a, kUuid)) << a;
  EXPECT_EQ(a[14], '4');
  EXPECT_NE(a, b);
  auto n = xapi::uuid_for("pseudonym|course:3");
  EXPECT_TRUE(std::regex_match(n, kUuid)) << n;
  EXPECT_EQ(n[14], '8');
  EXPECT_EQ(n, xapi::uuid_for("pseudonym|course:3"));
  EXPECT_NE(n, xapi::uuid_for("other|course:3"));
}

TEST(Xapi, Statement_HasThePseudonymousActor_TheVerb_TheActivity_TheResult_AndTheContext) {
  auto text = xapi::statement_json(quiz_passed(), "https://skills.example.org", "p-123");
  auto s = json::parse(text).as_object();
  EXPECT_EQ(s.at("id").as_string(), "6f1c1e2a-3b4c-4d5e-8f60-718293a4b5c6");
  EXPECT_EQ(s.at("actor").at("objectType").as_string(), "Agent");
  EXPECT_EQ(s.at("actor").at("account").at("homePage").as_string(), "https://skills.example.org");
  EXPECT_EQ(s.at("actor").at("account").at("name").as_string(), "p-123");
  EXPECT_FALSE(s.at("actor").as_object().contains("mbox"));
  EXPECT_EQ(s.at("verb").at("id").as_string(), "http://adlnet.gov/expapi/verbs/passed");
  EXPECT_EQ(s.at("object").at("id").as_string(), "https://skills.example.org/courses/3/lessons/9");
  EXPECT_EQ(s.at("object").at("definition").at("type").as_string(), "http://adlnet.gov/expapi/activities/assessment");
  EXPECT_EQ(s.at("object").at("definition").at("name").at("it").as_string(), "Verifica");
  EXPECT_DOUBLE_EQ(s.at("result").at("score").at("scaled").as_double(), 0.8);
  EXPECT_EQ(s.at("result").at("success").as_bool(), true);
  EXPECT_EQ(s.at("result").at("completion").as_bool(), true);
  EXPECT_EQ(s.at("context").at("platform").as_string(), "cityskills");
  EXPECT_EQ(s.at("context").at("language").as_string(), "it");
  EXPECT_EQ(s.at("context").at("registration").as_string(), xapi::uuid_for("p-123|course:3"));
  EXPECT_EQ(s.at("context").at("contextActivities").at("parent").at(0).at("id").as_string(),
            "https://skills.example.org/courses/3");
  EXPECT_EQ(s.at("timestamp").as_string(), "2026-12-07T05:49:25Z");
}

TEST(Xapi, Statement_WithoutResultOrRegistration_LeavesThemOut) {
  auto r = quiz_passed();
  r.verb = "earned";
  r.object_type = "award";
  r.object_path = "/credentials/achievements/course/3";
  r.parent_path = "";
  r.registration_key = "";
  r.score_percent = -1;
  r.success = -1;
  r.completion = false;
  auto s = json::parse(xapi::statement_json(r, "https://x.org", "p")).as_object();
  EXPECT_FALSE(s.contains("result"));
  EXPECT_FALSE(s.at("context").as_object().contains("registration"));
  EXPECT_FALSE(s.at("context").as_object().contains("contextActivities"));
  EXPECT_EQ(s.at("verb").at("id").as_string(), "http://id.tincanapi.com/verb/earned");
}

TEST(Xapi, EveryVerbAndTypeTheFeaturesUse_HasAnIri) {
  for (const char* v : {"experienced", "progressed", "completed", "answered", "passed", "attended", "earned"})
    EXPECT_FALSE(xapi::verb_iri(v).empty()) << v;
  for (const char* t : {"lesson", "video", "quiz", "course", "event", "award"})
    EXPECT_FALSE(xapi::activity_type_iri(t).empty()) << t;
  EXPECT_TRUE(xapi::verb_iri("liked").empty());
}

TEST(Xapi, VideoQuarters_CountOnlyWhenCrossed) {
  using catalog::records::quarter_crossed;
  EXPECT_EQ(quarter_crossed(0, 30, 100), 25);
  EXPECT_EQ(quarter_crossed(30, 31, 100), 0);
  EXPECT_EQ(quarter_crossed(31, 95, 100), 75);  // the last quarter crossed
  EXPECT_EQ(quarter_crossed(95, 10, 100), 0);   // going back is not progress
  EXPECT_EQ(quarter_crossed(0, 50, 0), 0);      // a video not measured yet
}

TEST(Xapi, Backoff_DoublesFromThirtySecondsUpToAnHour) {
  EXPECT_EQ(xapi::store::backoff_seconds(1), 30);
  EXPECT_EQ(xapi::store::backoff_seconds(2), 60);
  EXPECT_EQ(xapi::store::backoff_seconds(4), 240);
  EXPECT_EQ(xapi::store::backoff_seconds(8), 3600);
  EXPECT_EQ(xapi::store::backoff_seconds(100), 3600);
}

TEST(Xapi, SettingsForm_NamesEachProblem) {
  xapi::SettingsForm f;
  f.enabled = false;
  EXPECT_TRUE(xapi::check(f, false).empty()) << "switched off, everything may be empty";
  f.enabled = true;
  auto e = xapi::check(f, false);
  EXPECT_EQ(e.key("endpoint"), "xapi.admin.endpoint_required");
  EXPECT_EQ(e.key("auth_key"), "xapi.admin.key_required");
  EXPECT_EQ(e.key("auth_secret"), "xapi.admin.secret_required");
  EXPECT_TRUE(xapi::check(f, true).key("auth_secret").empty()) << "a stored secret is kept";
  f.auth_key = "key";
  f.auth_secret = "secret";
  for (const char* bad : {"lrs.example.org", "ftp://lrs.example.org", "https://lrs.example.org/x#y", "https://user@lrs.example.org"})
    EXPECT_EQ((f.endpoint = bad, xapi::check(f, false).key("endpoint")), "xapi.admin.endpoint_invalid") << bad;
  for (const char* insecure : {"http://lrs.example.org/xapi", "http://10.0.0.5/xapi", "http://127.0.0.1.nip.io/xapi",
                               "http://localhost.example.org"})
    EXPECT_EQ((f.endpoint = insecure, xapi::check(f, false).key("endpoint")), "xapi.admin.endpoint_insecure") << insecure;
  for (const char* good : {"https://lrs.example.org/xapi", "http://127.0.0.1:8080/xapi", "http://localhost/xapi/", "http://[::1]:9/x"})
    EXPECT_TRUE((f.endpoint = good, xapi::check(f, false).empty())) << good;
  f.auth_key = "a:b";
  EXPECT_EQ(xapi::check(f, false).key("auth_key"), "xapi.admin.key_invalid");
}

TEST(Xapi, Outbox_ALeasedBatchIsNotLeasedTwice_AndOnlyItsHolderMarksItSent) {
  auto db = test::fresh_database();
  auto c = db->acquire();
  auto now = util::now_unix();
  auto user = c->insert("INSERT INTO users (email, password_hash, display_name, lang, created_at, updated_at) "
                        "VALUES ('x@example.org', '', 'X', 'en', 0, 0) RETURNING id",
                        {});
  web::LearningRecord r;
  r.user_id = user;
  r.verb = "completed";
  r.object_type = "course";
  r.object_path = "/courses/1";
  EXPECT_FALSE(xapi::store::queue(*c, r, xapi::new_uuid(), now)) << "switched off: nothing queued";
  xapi::store::save_settings(*c, {true, "https://x.org", "k", "s"});
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(xapi::store::queue(*c, r, xapi::new_uuid(), now));
  auto first = xapi::store::lease_batch(*c, "node-a", now, 60, 2);
  ASSERT_EQ(first.size(), 2u);
  auto second = xapi::store::lease_batch(*c, "node-b", now, 60, 50);
  ASSERT_EQ(second.size(), 1u) << "only the row node-a does not hold";
  EXPECT_NE(second[0].id, first[0].id);
  xapi::store::mark_sent(*c, {first[0].id, first[1].id}, "node-b", now);  // not node-b's lease
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM xapi_outbox WHERE sent_at IS NOT NULL")->i64(0), 0);
  xapi::store::mark_failed(*c, second, "node-b", "HTTP 503", now);
  auto row = c->one("SELECT attempts, next_attempt_at, last_error FROM xapi_outbox WHERE id = ?", {second[0].id});
  EXPECT_EQ(row->i64(0), 1);
  EXPECT_EQ(row->i64(1), now + 30);
  EXPECT_EQ(row->str(2), "HTTP 503");
  xapi::store::mark_sent(*c, {first[0].id, first[1].id}, "node-a", now);
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM xapi_outbox WHERE sent_at IS NOT NULL")->i64(0), 2);
  EXPECT_EQ(xapi::store::next_due(*c), now + 30);
  // A lease that ran out (its node stopped) is taken by another.
  EXPECT_EQ(xapi::store::retry_now(*c, now), 1);
  auto taken = xapi::store::lease_batch(*c, "node-c", now, 60, 50);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_TRUE(xapi::store::lease_batch(*c, "node-d", now + 30, 60, 50).empty());
  auto late = xapi::store::lease_batch(*c, "node-d", now + 61, 60, 50);
  ASSERT_EQ(late.size(), 1u);
  // node-c's lease ran out and node-d holds the row: node-c may not renew it and send it again.
  EXPECT_FALSE(xapi::store::renew(*c, late[0].id, "node-c", now + 200));
  EXPECT_TRUE(xapi::store::renew(*c, late[0].id, "node-d", now + 200));
  EXPECT_TRUE(xapi::store::lease_batch(*c, "node-e", now + 150, 60, 50).empty()) << "renewed until now + 200";
  xapi::store::mark_sent(*c, {late[0].id}, "node-d", now + 150);
  EXPECT_FALSE(xapi::store::renew(*c, late[0].id, "node-d", now + 300)) << "sent rows are not renewed";
  // The pseudonym is made once and kept.
  auto p = xapi::store::pseudonym(*c, user);
  EXPECT_EQ(p, xapi::store::pseudonym(*c, user));
  EXPECT_EQ(p.find("example.org"), std::string::npos);
}

}  // namespace cityskills
