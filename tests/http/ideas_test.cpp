// Ideas through the real server: proposing, one support per person even under concurrent
// clicks, comments, and the organisation's answer with its access checks.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "features/orgs/store.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {
std::int64_t org(TestServer& s, const std::string& slug) { return test::make_org(s, slug); }
std::int64_t propose(Client& c, std::int64_t org_id, const std::string& title) {
  c.get("/ideas/new");
  auto r = c.post("/ideas/new", {{"org_id", std::to_string(org_id)}, {"lang", "en"}, {"title", title},
                                 {"body", "Because **people** need it. <script>alert(1)</script>"}});
  EXPECT_EQ(r.status, 303) << r.body;
  auto loc = r.header("location");
  return std::stoll(loc.substr(loc.rfind('/') + 1));
}
}  // namespace

TEST(Ideas, ProposeSupportOnceAndComment) {
  TestServer s;
  auto city = org(s, "city-a");
  auto email = test::unique_email("citizen");
  s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  auto id = propose(c, city, "Free Wi-Fi in libraries");
  auto path = "/ideas/" + std::to_string(id);
  auto page = c.get(path);
  EXPECT_NE(page.body.find("<strong>people</strong>"), std::string::npos);
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(page.body.find("Under review"), std::string::npos);
  c.post(path + "/support", {});
  c.get(path);
  c.post(path + "/support", {});  // a second support changes nothing
  {
    auto db = s.db().acquire();
    EXPECT_EQ(db->one("SELECT supports FROM ideas WHERE id = ?", {id})->i64(0), 1);
  }
  c.get(path);
  EXPECT_EQ(c.post(path + "/comments", {{"comment", ""}}).status, 422);
  auto long_comment = c.post(path + "/comments", {{"comment", std::string(6000, 'x')}});
  EXPECT_EQ(long_comment.status, 422);
  EXPECT_NE(long_comment.body.find("6000 characters"), std::string::npos);
  EXPECT_EQ(c.post(path + "/comments", {{"comment", "Yes! [more](javascript:alert(1))"}}).status, 303);
  auto with_comment = c.get(path);
  EXPECT_NE(with_comment.body.find("Yes!"), std::string::npos);
  EXPECT_EQ(with_comment.body.find("javascript:"), std::string::npos);
  c.post(path + "/unsupport", {});
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT supports FROM ideas WHERE id = ?", {id})->i64(0), 0);
  // Bad inputs to the list.
  EXPECT_EQ(s.client().get("/ideas?sort=title;DROP").status, 400);
  EXPECT_EQ(s.client().get("/ideas?status=maybe").status, 400);
  EXPECT_EQ(s.client().get("/ideas?sort=support&status=under_review").status, 200);
  // Anonymous people cannot support.
  Client anon = s.client();
  anon.get("/ideas/new");
  EXPECT_EQ(anon.get("/ideas/new").status, 303);
}

TEST(Ideas, ConcurrentSupportClicksCountOnce) {
  TestServer s;
  auto city = org(s, "city-b");
  auto email = test::unique_email("clicker");
  s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  auto id = propose(c, city, "Benches with sockets");
  c.get("/ideas/" + std::to_string(id));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 20; ++i)
    threads.emplace_back([&] {
      Client same = c;  // the same person double- and triple-clicking, from several tabs
      if (same.post("/ideas/" + std::to_string(id) + "/support", {}).status == 303) ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 20);
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM idea_supports WHERE idea_id = ?", {id})->i64(0), 1);
  EXPECT_EQ(db->one("SELECT supports FROM ideas WHERE id = ?", {id})->i64(0), 1);
}

TEST(Ideas, OnlyTheAddressedOrganisationAnswersWithAPublicExplanation) {
  TestServer s;
  auto a = org(s, "city-c"), b = org(s, "city-d");
  auto citizen = test::unique_email("author");
  s.add_user(citizen, test::kPassword);
  Client c = s.signed_in(citizen, test::kPassword);
  auto id = propose(c, a, "Evening courses");
  auto path = "/ideas/" + std::to_string(id);
  // The author and another organisation's moderator cannot answer.
  c.get(path);
  EXPECT_EQ(c.post(path + "/status", {{"status", "accepted"}, {"note", "I accept my own idea"}}).status, 403);
  auto mod_b = test::unique_email("modb");
  auto mod_b_id = s.add_user(mod_b, test::kPassword);
  auto mod_a = test::unique_email("moda");
  auto mod_a_id = s.add_user(mod_a, test::kPassword);
  {
    auto db = s.db().acquire();
    orgs::store::grant(*db, mod_b_id, b, "moderator");
    orgs::store::grant(*db, mod_a_id, a, "moderator");
  }
  Client mb = s.signed_in(mod_b, test::kPassword);
  mb.get(path);
  EXPECT_EQ(mb.post(path + "/status", {{"status", "not_pursued"}, {"note", "Not ours"}}).status, 403);
  Client ma = s.signed_in(mod_a, test::kPassword);
  auto form = ma.get(path);
  EXPECT_NE(form.body.find("action=\"" + path + "/status\""), std::string::npos);
  EXPECT_EQ(ma.post(path + "/status", {{"status", "accepted"}, {"note", ""}}).status, 422);  // the why is required
  EXPECT_EQ(ma.post(path + "/status", {{"status", "approved-ish"}, {"note", "x"}}).status, 422);
  EXPECT_EQ(ma.post(path + "/status", {{"status", "accepted"}, {"note", "Starting in March"}, {"supports", "999"}}).status, 400);
  EXPECT_EQ(ma.post(path + "/status", {{"status", "accepted"}, {"note", "Starting in March"}}).status, 303);
  auto page = s.client().get(path);
  EXPECT_NE(page.body.find("Starting in March"), std::string::npos);
  EXPECT_NE(page.body.find("Accepted"), std::string::npos);
  auto db = s.db().acquire();
  auto log = db->one("SELECT actor_id, note FROM idea_status_log WHERE idea_id = ?", {id});
  EXPECT_EQ(log->i64(0), mod_a_id);
  EXPECT_EQ(log->str(1), "Starting in March");
  EXPECT_EQ(db->one("SELECT supports FROM ideas WHERE id = ?", {id})->i64(0), 0);
}

TEST(Ideas, ProposalsAreRateLimited) {
  TestServer s;
  auto city = org(s, "city-e");
  auto email = test::unique_email("flood");
  s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  for (int i = 0; i < 5; ++i) propose(c, city, "Idea " + std::to_string(i));
  c.get("/ideas/new");
  auto r = c.post("/ideas/new", {{"org_id", std::to_string(city)}, {"lang", "en"}, {"title", "One too many"}, {"body", "x"}});
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.header("retry-after").empty());
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM ideas")->i64(0), 5);
}

}  // namespace cityskills
