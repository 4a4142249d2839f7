// A person's rights through the real server: the export holds their data and nobody else's;
// erasure (by the person or an administrator) leaves no e-mail, name or address of them in any
// table, keeps what others rely on as "Deleted user", ends their sessions and is audited; the
// retention job deletes what the privacy notice says it deletes, when it says so.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <thread>

#include "features/consent/policy.hpp"
#include "features/consent/retention.hpp"
#include "features/orgs/store.hpp"
#include "support/exports.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"
#include "util/strings.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

struct Activity {
  std::int64_t thread_id = 0, attempt_id = 0;
};

// Gives the person an idea with a comment and a support, a forum thread, a finished self-test
// and a cookie choice, each with `tag` in its text.
Activity be_active(TestServer& s, Client& c, std::int64_t user_id, std::int64_t org_id, const std::string& tag) {
  Activity a;
  c.get("/ideas/new");
  auto idea = c.post("/ideas/new", {{"org_id", std::to_string(org_id)}, {"lang", "en"}, {"title", "Idea " + tag},
                                    {"body", "Body of idea " + tag}});
  EXPECT_EQ(idea.status, 303) << idea.body;
  auto path = idea.header("location");
  c.get(path);
  EXPECT_EQ(c.post(path + "/comments", {{"comment", "Comment " + tag}}).status, 303);
  c.get(path);
  c.post(path + "/support", {});
  c.get("/cookies");
  EXPECT_EQ(c.post("/cookies", {{"choice", "refuse_all"}}).status, 303);
  auto db = s.db().acquire();
  auto now = 1'800'000'000;
  auto cat = db->one("SELECT id FROM forum_categories WHERE slug = 'gdpr'");
  std::int64_t cat_id = cat ? cat->i64(0)
                            : db->insert("INSERT INTO forum_categories (slug, name, description, created_at, updated_at) "
                                         "VALUES ('gdpr', 'GDPR', '', ?, ?) RETURNING id", {now, now});
  a.thread_id = db->insert("INSERT INTO forum_threads (category_id, author_id, lang, title, last_seq, last_post_at, "
                           "created_at, updated_at) VALUES (?, ?, 'en', ?, 1, ?, ?, ?) RETURNING id",
                           {cat_id, user_id, "Thread " + tag, now, now, now});
  db->exec("INSERT INTO forum_posts (thread_id, seq, author_id, body, created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?)",
           {a.thread_id, user_id, "Post " + tag, now, now});
  auto fw = db->one("SELECT id FROM frameworks ORDER BY id LIMIT 1")->i64(0);
  a.attempt_id = db->insert("INSERT INTO assessment_attempts (framework_id, token_hash, user_id, lang, finished_at, "
                            "created_at, updated_at) VALUES (?, ?, ?, 'en', ?, ?, ?) RETURNING id",
                            {fw, "hash-" + tag, user_id, now, now, now});
  db->exec("INSERT INTO assessment_results (attempt_id, scope, code, score, level, answered, total) "
           "VALUES (?, 'area', '1', 0.75, 5, 4, 4)", {a.attempt_id});
  return a;
}

// Every table's rows that contain `needle` anywhere, as "table" names.
std::vector<std::string> tables_containing(TestServer& s, const std::string& needle) {
  auto db = s.db().acquire();
  auto tables = db->dialect() == db::Dialect::kSqlite
                    ? db->query("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
                    : db->query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
                                "AND table_type = 'BASE TABLE'");
  std::vector<std::string> found;
  for (const auto& t : tables) {
    auto name = t.str(0);
    if (name.find("_fts_") != std::string::npos) continue;  // FTS5 shadow tables hold binary segments
    auto rows = db->query("SELECT * FROM " + name);
    auto holds = [&] {
      for (const auto& row : rows)
        for (const auto& v : row.cols)
          if (auto* str = std::get_if<std::string>(&v); str && str->find(needle) != std::string::npos) return true;
      return false;
    };
    if (holds()) found.push_back(name);
  }
  return found;
}

// Every JSON file of the zip, one after the other.
std::string all_json(const std::map<std::string, std::string>& files) {
  std::string out;
  for (const auto& [name, data] : files)
    if (name.ends_with(".json")) out += data;
  return out;
}

std::int64_t org(TestServer& s) { return test::make_org(s, "city", "City"); }

}  // namespace

TEST(Gdpr, ExportHoldsThePersonsDataFieldByFieldAndNothingOfOthers) {
  TestServer s;
  auto city = org(s);
  auto email = test::unique_email("exporter"), other_email = test::unique_email("other");
  auto uid = s.add_user(email, test::kPassword);
  auto oid = s.add_user(other_email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  Client o = s.signed_in(other_email, test::kPassword);
  auto mine = be_active(s, c, uid, city, "mine-7f3a");
  be_active(s, o, oid, city, "theirs-9c1e");

  c.get("/my/data");
  auto r = c.post("/my/data/export", {});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(r.header("location"), "/my/data#exports");
  auto link = test::wait_for_download(c, "/my/data", "/my/data/exports/");
  ASSERT_FALSE(link.empty());
  auto mail = test::wait_for_mail(email);
  ASSERT_TRUE(mail);
  EXPECT_NE(mail->body.find("/my/data#exports"), std::string::npos);
  EXPECT_NE(mail->body.find("7 days"), std::string::npos);
  auto zip = c.get(link);
  ASSERT_EQ(zip.status, 200);
  EXPECT_EQ(zip.header("content-type"), "application/zip");
  EXPECT_NE(zip.header("content-disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(zip.header("cache-control"), "no-store");
  auto files = test::unzip(zip.body);
  for (const char* name : {"README.txt", "account.json", "learning.json", "self_tests.json", "events.json", "forum.json",
                           "ideas.json", "practices.json", "publications.json", "privacy.json"})
    EXPECT_TRUE(files.count(name)) << name;
  EXPECT_NE(files["README.txt"].find("ideas.json: ideas, supports and comments"), std::string::npos);
  EXPECT_NE(files["ideas.json"].find("\"area\": \"ideas\""), std::string::npos);
  EXPECT_NE(files["account.json"].find("\"email\": \"" + email + "\""), std::string::npos);
  EXPECT_NE(files["forum.json"].find("\"body\": \"Post mine-7f3a\""), std::string::npos);
  auto j = all_json(files);
  EXPECT_NE(j.find("\"format\": \"cityskills-personal-data/2\""), std::string::npos);
  EXPECT_NE(j.find("\"email\": \"" + email + "\""), std::string::npos);
  EXPECT_NE(j.find("\"title\": \"Idea mine-7f3a\""), std::string::npos);
  EXPECT_NE(j.find("\"body\": \"Body of idea mine-7f3a\""), std::string::npos);
  EXPECT_NE(j.find("\"body\": \"Comment mine-7f3a\""), std::string::npos);
  EXPECT_NE(j.find("\"title\": \"Thread mine-7f3a\""), std::string::npos);
  EXPECT_NE(j.find("\"body\": \"Post mine-7f3a\""), std::string::npos);
  EXPECT_NE(j.find("{\"attempt_id\": " + std::to_string(mine.attempt_id) +
                   ", \"scope\": \"area\", \"code\": \"1\", \"score\": 0.75, \"level\": 5, \"answered\": 4, \"total\": 4}"),
            std::string::npos) << j;
  EXPECT_NE(j.find("\"idea_supports\": [\n  {\"idea_id\": "), std::string::npos);
  EXPECT_NE(j.find("\"cookie_choices\": [\n  {\"policy_version\": 1, \"analytics\": 0, \"profiling\": 0"), std::string::npos);
  EXPECT_NE(j.find("\"privacy_requests\": [\n  {\"action\": \"export\""), std::string::npos);
  EXPECT_NE(j.find("\"privacy_notices_accepted\": []"), std::string::npos);  // made with add_user, not sign-up
  EXPECT_EQ(j.find("password"), std::string::npos);
  EXPECT_EQ(j.find("token_hash"), std::string::npos);
  EXPECT_EQ(j.find("theirs-9c1e"), std::string::npos);
  EXPECT_EQ(j.find(other_email), std::string::npos);
  EXPECT_EQ(files["README.txt"].find(other_email), std::string::npos);
  auto db = s.db().acquire();
  auto audit = db->one("SELECT actor_id, subject_id, action FROM privacy_audit");
  EXPECT_TRUE(audit->is_null(0));
  EXPECT_EQ(audit->i64(1), uid);
  EXPECT_EQ(audit->str(2), "export");
}

TEST(Gdpr, ExportRefusesForgedOrPollutedRequests) {
  TestServer s;
  auto email = test::unique_email("person");
  s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  c.get("/my/data");
  EXPECT_EQ(c.post("/my/data/export", {}, false).status, 403);
  EXPECT_EQ(c.post("/my/data/export", {{"user_id", "1"}}).status, 400);
  EXPECT_EQ(s.client().get("/my/data").status, 303);  // signed out: to the login page
}

TEST(Gdpr, NobodyDownloadsAnotherPersonsExportAndASecondRequestWaitsForTheFirst) {
  TestServer s;
  auto email = test::unique_email("owner"), other_email = test::unique_email("nosy");
  auto uid = s.add_user(email, test::kPassword);
  s.add_user(other_email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  Client nosy = s.signed_in(other_email, test::kPassword);
  c.get("/my/data");
  ASSERT_EQ(c.post("/my/data/export", {}).status, 303);
  auto link = test::wait_for_download(c, "/my/data", "/my/data/exports/");
  ASSERT_FALSE(link.empty());
  EXPECT_EQ(c.get(link).status, 200);
  EXPECT_EQ(nosy.get(link).status, 404);                       // another person
  EXPECT_EQ(nosy.get("/my/data").body.find(link), std::string::npos);
  EXPECT_EQ(s.client().get(link).status, 303);                 // signed out: to the login page
  EXPECT_EQ(nosy.get("/admin/users/" + std::to_string(uid) + "/data/exports/" + link.substr(link.rfind('/') + 1)).status,
            403);                                              // not an administrator

  // While one is being prepared, a second request is answered with a message and queues nothing.
  {
    auto db = s.db().acquire();
    db->exec("INSERT INTO privacy_exports (user_id, status, created_at, updated_at) VALUES (?, 'queued', ?, ?)",
             {uid, util::now_unix(), util::now_unix()});
  }
  auto page = c.get("/my/data");
  EXPECT_NE(page.body.find("Being prepared"), std::string::npos);
  auto again = c.post("/my/data/export", {});
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("already being prepared"), std::string::npos);
  EXPECT_NE(again.body.find("id=\"error-summary\""), std::string::npos);
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM privacy_exports WHERE user_id = ?", {uid})->i64(0), 2);
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM privacy_audit WHERE subject_id = ? AND action = 'export'", {uid})->i64(0), 1);
}

// An administrator's export being prepared for a person does not block the person's own request,
// and a request refused because the person's own is being prepared uses up none of the hour's.
TEST(Gdpr, AnAdministratorsExportDoesNotBlockThePersonsAndRefusalsCostNoRequest) {
  TestServer s;
  auto email = test::unique_email("owner");
  auto uid = s.add_user(email, test::kPassword);
  auto admin_id = s.add_user(test::unique_email("admin"), test::kPassword, true);
  Client c = s.signed_in(email, test::kPassword);
  c.get("/my/data");
  auto now = util::now_unix();
  std::int64_t own = 0;
  {
    auto db = s.db().acquire();
    db->exec("INSERT INTO privacy_exports (user_id, requested_by, status, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?)",
             {uid, admin_id, now, now});
    own = db->insert("INSERT INTO privacy_exports (user_id, status, created_at, updated_at) VALUES (?, 'queued', ?, ?) "
                     "RETURNING id",
                     {uid, now, now});
  }
  for (int i = 0; i < 12; ++i) ASSERT_EQ(c.post("/my/data/export", {}).status, 409) << i;
  {
    auto db = s.db().acquire();
    db->exec("UPDATE privacy_exports SET status = 'failed' WHERE id = ?", {own});
  }
  EXPECT_EQ(c.post("/my/data/export", {}).status, 303) << "the refusals used up no request, the admin's export blocks nothing";
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM privacy_exports WHERE user_id = ? AND status = 'queued' AND requested_by IS NULL",
                    {uid})->i64(0) + db->one("SELECT COUNT(*) FROM privacy_exports WHERE user_id = ? AND status = 'ready' "
                                             "AND requested_by IS NULL", {uid})->i64(0),
            1);
}

// The zip is offered for seven days after it is ready; the retention job (clock passed in)
// deletes it then, and a file past its date is refused even before that.
TEST(Gdpr, ExportIsOfferedForSevenDaysThenDeletedByRetention) {
  TestServer s;
  auto email = test::unique_email("weekly");
  auto uid = s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  c.get("/my/data");
  ASSERT_EQ(c.post("/my/data/export", {}).status, 303);
  auto link = test::wait_for_download(c, "/my/data", "/my/data/exports/");
  ASSERT_FALSE(link.empty());
  auto db = s.db().acquire();
  auto row = db->one("SELECT id, ready_at, expires_at FROM privacy_exports WHERE user_id = ?", {uid});
  ASSERT_TRUE(row);
  auto id = row->i64(0), ready = row->i64(1), expires = row->i64(2);
  EXPECT_EQ(expires - ready, consent::kExportDays * 24 * 3600);
  EXPECT_EQ(consent::apply_retention(*db, expires - 1).exports, 0);
  EXPECT_EQ(c.get(link).status, 200);
  // Past its date: refused with a message, though the job has not run yet.
  db->exec("UPDATE privacy_exports SET expires_at = ? WHERE id = ?", {util::now_unix() - 1, id});
  auto gone = c.get(link);
  EXPECT_EQ(gone.status, 410);
  EXPECT_NE(gone.body.find("no longer offered"), std::string::npos);
  EXPECT_NE(c.get("/my/data").body.find("Expired"), std::string::npos);
  db->exec("UPDATE privacy_exports SET expires_at = ? WHERE id = ?", {expires, id});
  EXPECT_EQ(consent::apply_retention(*db, expires).exports, 1);
  EXPECT_FALSE(db->one("SELECT 1 FROM privacy_exports WHERE id = ?", {id}).has_value());
  EXPECT_EQ(c.get(link).status, 404);
  // An export never finished within the period goes too.
  auto now = util::now_unix();
  db->exec("INSERT INTO privacy_exports (user_id, status, created_at, updated_at) VALUES (?, 'failed', ?, ?)",
           {uid, now, now});
  EXPECT_EQ(consent::apply_retention(*db, now + consent::kExportDays * 24 * 3600 - 60).exports, 0);
  EXPECT_EQ(consent::apply_retention(*db, now + consent::kExportDays * 24 * 3600 + 1).exports, 1);
}

TEST(Gdpr, ErasureNeedsPasswordAndConfirmationThenLeavesNoTrace) {
  TestServer s;
  auto city = org(s);
  auto email = test::unique_email("leaver");
  auto uid = s.add_user(email, test::kPassword);
  {
    auto db = s.db().acquire();
    db->exec("UPDATE users SET display_name = 'Zebulon Quargstrom' WHERE id = ?", {uid});
  }
  Client c = s.signed_in(email, test::kPassword);
  auto a = be_active(s, c, uid, city, "leaver-4d2b");
  Client other = s.client();
  {
    auto db = s.db().acquire();
    db->exec("UPDATE sessions SET ip = '203.0.113.77' WHERE user_id = ?", {uid});
    db->exec("INSERT INTO rate_events (bucket, created_at, updated_at) VALUES ('login:ip:203.0.113.77', 1, 1)");
    db->exec("INSERT INTO practices (org_id, author_id, lang, title, problem, actions, results, figures, lessons, "
             "cost_band, effort_band, size_band, country, contact_name, contact_email, status, moderation_note, created_at, "
             "updated_at) "
             "VALUES (?, ?, 'en', 'P', 'p', 'a', 'r', '', 'l', 'low', 'low', 'small', 'IT', 'Zebulon Quargstrom', ?, "
             "'published', '', 1, 1)",
             {city, uid, email});
  }
  c.get("/my/data");
  auto no_confirm = c.post("/my/data/erase", {{"password", test::kPassword}});
  EXPECT_EQ(no_confirm.status, 422);
  EXPECT_NE(no_confirm.body.find("Tick the box"), std::string::npos);
  auto wrong = c.post("/my/data/erase", {{"password", "not-the-password"}, {"confirm", "1"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("The password is not right"), std::string::npos);
  EXPECT_EQ(wrong.body.find("not-the-password"), std::string::npos);  // a password is never shown again
  EXPECT_EQ(c.get("/profile").status, 200);  // nothing lost

  auto done = c.post("/my/data/erase", {{"password", test::kPassword}, {"confirm", "1"}});
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.header("location"), "/");
  EXPECT_NE(c.get("/").body.find("The account has been deleted."), std::string::npos);
  EXPECT_EQ(c.get("/profile").status, 303);  // signed out everywhere

  for (const auto& needle : {email, std::string("Zebulon Quargstrom"), std::string("203.0.113.77")})
    EXPECT_EQ(tables_containing(s, needle), std::vector<std::string>{}) << needle;
  // What others rely on stays, without a name.
  auto thread = other.get("/forum/t/" + std::to_string(a.thread_id));
  EXPECT_NE(thread.body.find("Post leaver-4d2b"), std::string::npos);
  EXPECT_NE(thread.body.find("Deleted user"), std::string::npos);
  auto db = s.db().acquire();
  EXPECT_FALSE(db->one("SELECT 1 FROM assessment_attempts WHERE id = ?", {a.attempt_id}).has_value());
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM idea_comments WHERE author_id IS NULL")->i64(0), 1);
  auto audit = db->one("SELECT actor_id, subject_id, action FROM privacy_audit WHERE action = 'erase'");
  ASSERT_TRUE(audit.has_value());
  EXPECT_TRUE(audit->is_null(0));
  EXPECT_EQ(audit->i64(1), uid);
}

TEST(Gdpr, AdministratorExportsAndErasesWithReasonNeverTheLastAdministrator) {
  TestServer s;
  auto admin_email = test::unique_email("admin"), person_email = test::unique_email("person");
  auto admin_id = s.add_user(admin_email, test::kPassword, true);
  auto pid = s.add_user(person_email, test::kPassword);
  Client person = s.signed_in(person_email, test::kPassword);
  EXPECT_EQ(person.get("/admin/users/" + std::to_string(admin_id) + "/data").status, 403);

  Client admin = s.signed_in(admin_email, test::kPassword);
  EXPECT_EQ(admin.get("/admin/users/99999999/data").status, 404);
  EXPECT_EQ(admin.get("/admin/users/abc/data").status, 404);
  EXPECT_EQ(admin.get("/admin/users/99999999999999999999/data").status, 404);
  auto base = "/admin/users/" + std::to_string(pid) + "/data";
  auto page = admin.get(base);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(person_email), std::string::npos);
  EXPECT_EQ(admin.post(base + "/export", {{"reason", ""}}).status, 422);
  auto exported = admin.post(base + "/export", {{"reason", "Request by letter, ref. 42"}});
  ASSERT_EQ(exported.status, 303);
  auto link = test::wait_for_download(admin, base, base + "/exports/");
  ASSERT_FALSE(link.empty());
  ASSERT_TRUE(test::wait_for_mail(admin_email));  // the administrator who asked is told
  auto zip = admin.get(link);
  ASSERT_EQ(zip.status, 200);
  auto files = all_json(test::unzip(zip.body));
  EXPECT_NE(files.find(person_email), std::string::npos);
  EXPECT_EQ(files.find(admin_email), std::string::npos);
  // Only administrators download it: not the person (nor on the person's own page).
  EXPECT_EQ(person.get(link).status, 403);
  auto export_id = link.substr(link.rfind('/') + 1);
  EXPECT_EQ(person.get("/my/data/exports/" + export_id).status, 404);
  EXPECT_EQ(person.get("/my/data").body.find("/exports/" + export_id), std::string::npos);
  // Nor under another person's address.
  EXPECT_EQ(admin.get("/admin/users/" + std::to_string(admin_id) + "/data/exports/" + export_id).status, 404);

  admin.get(base);
  auto unconfirmed = admin.post(base + "/erase", {{"reason", "Asked by phone"}});
  EXPECT_EQ(unconfirmed.status, 422);
  EXPECT_NE(unconfirmed.body.find("Asked by phone"), std::string::npos);  // input kept
  // The last platform administrator stays.
  auto self = "/admin/users/" + std::to_string(admin_id) + "/data";
  admin.get(self);
  auto last = admin.post(self + "/erase", {{"reason", "Leaving"}, {"confirm", "1"}});
  EXPECT_EQ(last.status, 409);
  EXPECT_NE(last.body.find("last administrator"), std::string::npos);

  admin.get(base);
  auto erased = admin.post(base + "/erase", {{"reason", "Asked by phone"}, {"confirm", "1"}});
  ASSERT_EQ(erased.status, 303) << erased.body;
  EXPECT_EQ(person.get("/profile").status, 303);  // the person's session ended
  EXPECT_EQ(admin.get(base).status, 404);
  auto db = s.db().acquire();
  auto rows = db->query("SELECT actor_id, subject_id, action, reason FROM privacy_audit ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].i64(0), admin_id);
  EXPECT_EQ(rows[0].str(2), "export");
  EXPECT_EQ(rows[0].str(3), "Request by letter, ref. 42");
  EXPECT_EQ(rows[1].i64(1), pid);
  EXPECT_EQ(rows[1].str(2), "erase");
  EXPECT_EQ(rows[1].str(3), "Asked by phone");
}

}  // namespace cityskills

namespace cityskills {

// The retention rules with the clock passed in: only anonymous self-tests past the period and
// visitors' expired cookie choices go.
TEST(Retention, DeletesOnlyAnonymousSelfTestsAndVisitorChoicesPastTheirPeriod) {
  test::TestServer s;
  auto uid = s.add_user(test::unique_email("keeper"), test::kPassword);
  const std::int64_t now = 1'900'000'000, day = 24 * 3600;
  const std::int64_t period = consent::kAnonymousSelfTestRetentionDays * day;
  auto db = s.db().acquire();
  auto fw = db->one("SELECT id FROM frameworks ORDER BY id LIMIT 1")->i64(0);
  auto attempt = [&](const std::string& tag, std::optional<std::int64_t> user, std::int64_t updated) {
    auto id = db->insert("INSERT INTO assessment_attempts (framework_id, token_hash, user_id, lang, created_at, updated_at) "
                         "VALUES (?, ?, ?, 'en', ?, ?) RETURNING id", {fw, tag, user, updated, updated});
    db->exec("INSERT INTO assessment_results (attempt_id, scope, code, score, level, answered, total) "
             "VALUES (?, 'area', '1', 0.5, 3, 1, 1)", {id});
    return id;
  };
  auto old_anonymous = attempt("old-anon", std::nullopt, now - period - 1);
  auto recent_anonymous = attempt("recent-anon", std::nullopt, now - period + day);
  auto old_account = attempt("old-account", uid, now - 5 * period);
  auto choice = [&](std::optional<std::int64_t> user, std::int64_t at) {
    db->exec("INSERT INTO consent_records (user_id, visitor_hash, policy_version, analytics, profiling, created_at, "
             "updated_at) VALUES (?, 'h', 1, 0, 0, ?, ?)", {user, at, at});
  };
  choice(std::nullopt, now - consent::kChoiceLifetime - 1);
  choice(std::nullopt, now - day);
  choice(uid, now - 3 * consent::kChoiceLifetime);

  auto r = consent::apply_retention(*db, now);
  EXPECT_EQ(r.self_tests, 1);
  EXPECT_EQ(r.visitor_choices, 1);
  auto exists = [&](std::int64_t id) { return db->one("SELECT 1 FROM assessment_attempts WHERE id = ?", {id}).has_value(); };
  EXPECT_FALSE(exists(old_anonymous));
  EXPECT_TRUE(exists(recent_anonymous));
  EXPECT_TRUE(exists(old_account));
  EXPECT_FALSE(db->one("SELECT 1 FROM assessment_results WHERE attempt_id = ?", {old_anonymous}).has_value());
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM consent_records")->i64(0), 2);
  // A second run the same day finds nothing more.
  EXPECT_EQ(consent::apply_retention(*db, now).self_tests, 0);
}

// The other periods, with the clock passed in: accounts never confirmed and unused, links,
// sessions, finished jobs, throttle counters and feedback go after their period; what is
// still within it, or in use, stays.
TEST(Retention, DeletesStaleAccountsLinksSessionsJobsAndFeedbackAtTheDefaultPeriods) {
  test::TestServer s;
  const std::int64_t now = 1'900'000'000, day = 24 * 3600;
  consent::RetentionPeriods p;  // the defaults
  auto db = s.db().acquire();
  auto user = [&](const std::string& tag, bool verified, std::int64_t created, bool admin = false) {
    return db->insert("INSERT INTO users (email, password_hash, display_name, lang, platform_admin, email_verified_at, "
                      "created_at, updated_at) VALUES (?, 'x', ?, 'en', ?, ?, ?, ?) RETURNING id",
                      {tag + "@example.org", "Name " + tag, admin ? 1 : 0,
                       verified ? std::optional<std::int64_t>(created) : std::nullopt, created, created});
  };
  const auto old = now - p.unverified_accounts * day - 1;
  auto stale = user("stale-unverified", false, old);
  auto recent = user("recent-unverified", false, now - day);
  auto verified = user("old-verified", true, old);
  auto admin = user("old-admin", false, old, true);
  auto used = user("used-unverified", false, old);
  auto member = user("member-unverified", false, old);
  auto session = [&](const std::string& id, std::int64_t uid, std::int64_t expires, std::int64_t updated) {
    db->exec("INSERT INTO sessions (id_hash, user_id, ip, expires_at, created_at, updated_at) VALUES (?, ?, '198.51.100.9', ?, ?, ?)",
             {id, uid, expires, updated, updated});
  };
  session("in-use", used, now + day, now - day);
  session("expired-long-ago", verified, now - p.sessions * day - 1, now - 40 * day);
  session("expired-yesterday", verified, now - day, now - 31 * day);
  auto org = orgs::store::create(*db, {0, "Org", "org", "city", "IT", ""});
  db->exec("INSERT INTO memberships (user_id, org_id, role, created_at, updated_at) VALUES (?, ?, 'author', ?, ?)",
           {member, *org, old, old});
  auto token = [&](const std::string& hash, std::int64_t expires, std::optional<std::int64_t> used_at) {
    db->exec("INSERT INTO tokens (token_hash, user_id, purpose, expires_at, used_at, created_at, updated_at) "
             "VALUES (?, ?, 'reset_password', ?, ?, ?, ?)", {hash, verified, expires, used_at, now - 60 * day, now - 60 * day});
  };
  token("expired-long-ago", now - p.tokens * day - 1, std::nullopt);
  token("used-long-ago", now + day, now - p.tokens * day - 1);
  token("expired-yesterday", now - day, std::nullopt);
  token("valid", now + day, std::nullopt);
  auto job = [&](std::optional<std::int64_t> done, std::optional<std::int64_t> failed) {
    db->exec("INSERT INTO jobs (kind, payload, run_at, done_at, failed_at, created_at, updated_at) "
             "VALUES ('mail', '{}', 0, ?, ?, 0, 0)", {done, failed});
  };
  job(now - p.jobs * day - 1, std::nullopt);
  job(std::nullopt, now - p.jobs * day - 1);
  job(now - day, std::nullopt);
  job(std::nullopt, std::nullopt);  // waiting
  db->exec("INSERT INTO rate_events (bucket, created_at, updated_at) VALUES ('login:ip:x', ?, ?)",
           {now - consent::kRateEventsKept - 1, now});
  db->exec("INSERT INTO rate_events (bucket, created_at, updated_at) VALUES ('login:ip:y', ?, ?)", {now - day, now});
  auto feedback = [&](std::int64_t at) {
    db->exec("INSERT INTO accessibility_feedback (user_id, name, email, page, message, created_at, updated_at) "
             "VALUES (NULL, '', '', '', 'm', ?, ?)", {at, at});
  };
  feedback(now - p.feedback * day - 1);
  feedback(now - day);

  auto r = consent::apply_retention(*db, now);
  EXPECT_EQ(r.unverified_accounts, 1);
  EXPECT_EQ(r.tokens, 2);
  EXPECT_EQ(r.sessions, 1);
  EXPECT_EQ(r.jobs, 2);
  EXPECT_EQ(r.rate_events, 1);
  EXPECT_EQ(r.feedback, 1);
  auto exists = [&](std::int64_t id) { return db->one("SELECT 1 FROM users WHERE id = ?", {id}).has_value(); };
  EXPECT_FALSE(exists(stale));
  for (auto kept : {recent, verified, admin, used, member}) EXPECT_TRUE(exists(kept)) << kept;
  EXPECT_EQ(db->one("SELECT action, reason FROM privacy_audit WHERE subject_id = ?", {stale})->str(1), "retention");
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM sessions")->i64(0), 2);
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM tokens")->i64(0), 2);
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM jobs WHERE kind = 'mail'")->i64(0), 2);
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM accessibility_feedback")->i64(0), 1);
  // A day later nothing more is due except what just crossed its period.
  auto again = consent::apply_retention(*db, now + 1);
  EXPECT_EQ(again.unverified_accounts + again.tokens + again.sessions + again.jobs + again.feedback, 0);
}

// Administrators change the periods within bounds; the job and the privacy notice use them.
TEST(Retention, AdministratorsSetThePeriodsWithinBoundsAndTheNoticeShowsThem) {
  test::TestServer s;
  auto admin_email = test::unique_email("admin"), person_email = test::unique_email("person");
  s.add_user(admin_email, test::kPassword, true);
  s.add_user(person_email, test::kPassword);
  Client person = s.signed_in(person_email, test::kPassword);
  person.get("/profile");
  EXPECT_EQ(person.get("/admin/privacy").status, 403);
  EXPECT_EQ(person.post("/admin/privacy/retention", {{"self_tests", "10"}}).status, 403);

  Client admin = s.signed_in(admin_email, test::kPassword);
  auto page = admin.get("/admin/privacy");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"self_tests\" value=\"90\""), std::string::npos);
  std::vector<std::pair<std::string, std::string>> fields = {{"self_tests", "0"},  {"unverified_accounts", "abc"},
                                                             {"tokens", "3"},      {"sessions", "99999999999999999999"},
                                                             {"jobs", "30"},       {"feedback", "365"},
                                                             {"exports", "31"}};
  auto bad = admin.post("/admin/privacy/retention", fields);
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("Enter a whole number from 1 to 3650."), std::string::npos);
  EXPECT_NE(bad.body.find("Enter a whole number from 1 to 30."), std::string::npos);  // exports
  EXPECT_NE(bad.body.find("value=\"abc\""), std::string::npos);  // input kept
  auto polluted = fields;
  polluted.push_back({"platform_admin", "1"});
  admin.get("/admin/privacy");
  EXPECT_EQ(admin.post("/admin/privacy/retention", polluted).status, 400);
  admin.get("/admin/privacy");
  EXPECT_EQ(admin.post("/admin/privacy/retention", fields, true, {{"origin", "https://evil.example"}}).status, 403);
  {
    auto db = s.db().acquire();
    EXPECT_EQ(consent::retention_periods(*db).self_tests, 90);  // nothing saved
  }
  admin.get("/admin/privacy");
  auto ok = admin.post("/admin/privacy/retention", {{"self_tests", "30"}, {"unverified_accounts", "14"}, {"tokens", "2"},
                                                    {"sessions", "3"}, {"jobs", "10"}, {"feedback", "180"},
                                                    {"exports", "3"}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  auto notice = s.client().get("/privacy");
  EXPECT_NE(notice.body.find("deleted 30 days after their last change"), std::string::npos);
  EXPECT_NE(notice.body.find("deleted 14 days after sign-up"), std::string::npos);
  EXPECT_NE(notice.body.find("deleted 180 days after they arrived"), std::string::npos);
  EXPECT_NE(notice.body.find("deleted 3 days after they are ready"), std::string::npos);

  const std::int64_t now = 1'900'000'000, day = 24 * 3600;
  auto db = s.db().acquire();
  auto fw = db->one("SELECT id FROM frameworks ORDER BY id LIMIT 1")->i64(0);
  db->exec("INSERT INTO assessment_attempts (framework_id, token_hash, user_id, lang, created_at, updated_at) "
           "VALUES (?, 'forty-days', NULL, 'en', ?, ?)", {fw, now - 40 * day, now - 40 * day});
  EXPECT_EQ(consent::apply_retention(*db, now).self_tests, 1);
  // An export never finished is deleted after the export period chosen above (3 days).
  auto person_id = db->one("SELECT id FROM users WHERE email = ?", {person_email})->i64(0);
  db->exec("INSERT INTO privacy_exports (user_id, status, created_at, updated_at) VALUES (?, 'failed', ?, ?)",
           {person_id, now - 2 * day, now - 2 * day});
  EXPECT_EQ(consent::apply_retention(*db, now).exports, 0);
  EXPECT_EQ(consent::apply_retention(*db, now + 2 * day).exports, 1);
}

// A server runs the retention job at start and queues the next run a day later.
TEST(Retention, ServerRunsTheJobAndSchedulesTheNextDay) {
  test::TestServer s;
  auto started = util::now_unix();
  std::optional<db::Row> next;
  for (int i = 0; i < 100 && !next; ++i) {
    {
      auto db = s.db().acquire();
      next = db->one("SELECT run_at FROM jobs WHERE kind = 'privacy_retention' AND done_at IS NULL");
      if (next && next->i64(0) < started + consent::kRetentionInterval - 60) next.reset();  // the first run, still due
    }
    if (!next) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(next.has_value());
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM jobs WHERE kind = 'privacy_retention' AND done_at IS NOT NULL")->i64(0), 1);
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM jobs WHERE kind = 'privacy_retention' AND done_at IS NULL")->i64(0), 1);
}

// Two copies of the daily job (two nodes queued one each): both run, one next run is queued.
TEST(Retention, TwoCopiesOfTheJobLeaveOneNextRun) {
  auto db = test::fresh_database();
  auto now = util::now_unix();
  {
    auto c = db->acquire();
    c->exec("DELETE FROM jobs WHERE kind = 'privacy_retention'");
  }
  consent::run_retention_job(*db);
  consent::run_retention_job(*db);
  auto c = db->acquire();
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM jobs WHERE kind = 'privacy_retention' AND done_at IS NULL AND run_at > ?", {now})
                ->i64(0),
            1);
}

}  // namespace cityskills
