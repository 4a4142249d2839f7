// Good practices through the real server: submission with an attachment, moderation by the
// chosen organisation (invisible to everyone else until approved), filters, "we did this
// too" once per person under concurrent clicks, comments, and bad inputs.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "features/orgs/store.hpp"
#include "features/practices/store.hpp"
#include "support/files.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"

namespace cityskills {
using test::Client;
using test::FilePart;
using test::TestServer;

namespace {

std::int64_t org(TestServer& s, const std::string& slug) { return test::make_org(s, slug); }

std::vector<std::pair<std::string, std::string>> fields(std::int64_t org_id, const std::string& title) {
  return {{"org_id", std::to_string(org_id)}, {"lang", "en"}, {"title", title},
          {"problem", "People could not **book** appointments."}, {"actions", "Volunteers helped."},
          {"results", "Half as many people came without an appointment."}, {"figures", "-54% walk-ins\n22 volunteers"},
          {"lessons", "Teach on people's own phones."}, {"cost_band", "under_10k"}, {"effort_band", "low"},
          {"size_band", "10k_50k"}, {"country", "DE"}, {"area", "2"}, {"area", "4"}, {"theme", "seniors"},
          {"contact_name", "Desk"}, {"contact_email", "desk@example.org"}};
}

std::int64_t submit(Client& c, std::int64_t org_id, const std::string& title, std::vector<FilePart> files = {}) {
  c.get("/practices/new");
  auto r = c.post_multipart("/practices/new", fields(org_id, title), files);
  EXPECT_EQ(r.status, 303) << r.body;
  auto loc = r.header("location");
  return std::stoll(loc.substr(loc.rfind('/') + 1));
}

std::int64_t published(TestServer& s, std::int64_t org_id, const std::string& title, const std::string& area,
                       const std::string& country, const std::string& cost, const std::string& theme) {
  auto moderator = s.add_user(test::unique_email("approver"), test::kPassword);
  auto c = s.db().acquire();
  practices::Practice p;
  p.org_id = org_id;
  p.lang = "en";
  p.title = title;
  p.problem = p.actions = p.results = p.lessons = "Text";
  p.cost_band = cost;
  p.effort_band = "low";
  p.size_band = "10k_50k";
  p.country = country;
  p.areas = {area};
  p.themes = {theme};
  auto id = practices::store::create(*c, p, std::nullopt);
  practices::store::moderate(*c, id, moderator, true, "");
  return id;
}

Client member(TestServer& s, std::int64_t org_id, const std::string& role) { return test::make_member(s, org_id, role).client; }

}  // namespace

TEST(Practices, SubmissionStaysPrivateUntilTheOrganisationApprovesIt) {
  TestServer s;
  auto a = org(s, "town-a"), b = org(s, "town-b");
  auto email = test::unique_email("submitter");
  s.add_user(email, test::kPassword);
  Client author = s.signed_in(email, test::kPassword);
  auto id = submit(author, a, "Digital pilots at the town hall", {{"attachment", "guide.pdf", "application/pdf", test::files::pdf()}});
  auto path = "/practices/" + std::to_string(id);
  auto own = author.get(path);
  EXPECT_EQ(own.status, 200);
  EXPECT_NE(own.body.find("waiting for review"), std::string::npos);
  EXPECT_NE(own.body.find("<strong>book</strong>"), std::string::npos);
  EXPECT_NE(own.body.find("22 volunteers"), std::string::npos);
  auto file_at = own.body.find(path + "/files/");
  ASSERT_NE(file_at, std::string::npos);
  auto file_path = own.body.substr(file_at, own.body.find('"', file_at) - file_at);
  EXPECT_EQ(author.get(file_path).status, 200);

  // Invisible to visitors, other people and another organisation's moderators; not listed.
  Client anon = s.client();
  EXPECT_EQ(anon.get(path).status, 404);
  EXPECT_EQ(anon.get(file_path).status, 404);
  EXPECT_EQ(anon.get("/practices").body.find("Digital pilots"), std::string::npos);
  Client mod_b = member(s, b, "moderator");
  EXPECT_EQ(mod_b.get(path).status, 404);
  mod_b.get("/practices");
  EXPECT_EQ(mod_b.post(path + "/moderate", {{"decision", "approve"}, {"reason", ""}}).status, 404);
  EXPECT_EQ(mod_b.get("/practices/moderation").body.find("Digital pilots"), std::string::npos);
  // The author cannot approve their own practice, nor mark or comment before it is public.
  author.get(path);
  EXPECT_EQ(author.post(path + "/moderate", {{"decision", "approve"}, {"reason", ""}}).status, 403);
  EXPECT_EQ(author.post(path + "/did-too", {}).status, 409);
  EXPECT_EQ(author.post(path + "/comments", {{"comment", "early"}}).status, 409);

  // The organisation's moderator sees it in the queue; a rejection needs a reason.
  Client mod_a = member(s, a, "moderator");
  EXPECT_NE(mod_a.get("/practices/moderation").body.find("Digital pilots"), std::string::npos);
  mod_a.get(path);
  EXPECT_EQ(mod_a.post(path + "/moderate", {{"decision", "reject"}, {"reason", ""}}).status, 422);
  EXPECT_EQ(mod_a.post(path + "/moderate", {{"decision", "publish-now"}, {"reason", "x"}}).status, 422);
  EXPECT_EQ(mod_a.post(path + "/moderate", {{"decision", "approve"}, {"reason", "ok"}, {"status", "published"}}).status, 400);
  EXPECT_EQ(mod_a.post(path + "/moderate", {{"decision", "reject"}, {"reason", "Please add the costs."}}).status, 303);
  EXPECT_NE(author.get(path).body.find("Please add the costs."), std::string::npos);
  EXPECT_EQ(anon.get(path).status, 404);
  mod_a.get(path);
  EXPECT_EQ(mod_a.post(path + "/moderate", {{"decision", "approve"}, {"reason", ""}}).status, 303);

  // Public now, with its attachment.
  auto page = anon.get(path);
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("waiting for review"), std::string::npos);
  EXPECT_NE(anon.get("/practices").body.find("Digital pilots"), std::string::npos);
  auto file = anon.get(file_path);
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.header("content-type"), "application/pdf");
  EXPECT_EQ(anon.get(path + "/files/999999").status, 404);
  // Who decided what, and why.
  auto db = s.db().acquire();
  auto log = db->query("SELECT action, reason, actor_id FROM practice_moderation_log WHERE practice_id = ? ORDER BY id", {id});
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].str(0), "reject");
  EXPECT_EQ(log[0].str(1), "Please add the costs.");
  EXPECT_EQ(log[1].str(0), "approve");
  EXPECT_FALSE(log[0].is_null(2));
}

TEST(Practices, FormRefusesBadInputsAndKeepsWhatWasTyped) {
  TestServer s;
  auto a = org(s, "town-c");
  auto email = test::unique_email("typist");
  s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  EXPECT_EQ(s.client().get("/practices/new").status, 303);  // sign in first
  c.get("/practices/new");
  auto with = [&](const std::string& name, const std::string& value) {
    auto f = fields(a, "Kept title");
    for (auto& [k, v] : f)
      if (k == name) v = value;
    return c.post_multipart("/practices/new", f, {});
  };
  auto no_area = c.post_multipart("/practices/new",
                                  [&] {
                                    auto f = fields(a, "Kept title");
                                    std::erase_if(f, [](const auto& kv) { return kv.first == "area"; });
                                    return f;
                                  }(),
                                  {});
  EXPECT_EQ(no_area.status, 422);
  EXPECT_NE(no_area.body.find("value=\"Kept title\""), std::string::npos);
  EXPECT_NE(no_area.body.find("href=\"#areas\""), std::string::npos);
  EXPECT_EQ(with("area", "9").status, 422);
  EXPECT_EQ(with("theme", "crypto").status, 422);
  EXPECT_EQ(with("cost_band", "free").status, 422);
  EXPECT_EQ(with("size_band", "huge").status, 422);
  EXPECT_EQ(with("country", "XX").status, 422);
  EXPECT_EQ(with("org_id", "99999999999999999999").status, 422);
  EXPECT_EQ(with("contact_email", "not-an-address").status, 422);
  EXPECT_EQ(with("title", "\xE2\x80\xAE" "reversed").status, 422);
  auto long_text = with("problem", std::string(8001, 'x'));
  EXPECT_EQ(long_text.status, 422);
  EXPECT_NE(long_text.body.find("8001 characters"), std::string::npos);
  EXPECT_EQ(with("problem", "").status, 422);
  EXPECT_EQ(with("lessons", std::string(2000, '>')).status, 422);  // too deeply nested
  auto extra = fields(a, "x");
  extra.emplace_back("status", "published");
  EXPECT_EQ(c.post_multipart("/practices/new", extra, {}).status, 400);
  // Attachments are checked by the media store.
  auto exe = c.post_multipart("/practices/new", fields(a, "With exe"), {{"attachment", "tool.exe", "", "MZ\x90"}});
  EXPECT_EQ(exe.status, 415);
  EXPECT_NE(exe.body.find("Allowed types"), std::string::npos);
  EXPECT_NE(exe.body.find("value=\"With exe\""), std::string::npos);
  EXPECT_EQ(c.post_multipart("/practices/new", fields(a, "Empty"), {{"attachment", "a.pdf", "", ""}}).status, 422);
  EXPECT_EQ(c.post_multipart("/practices/new", fields(a, "Fake"), {{"attachment", "a.pdf", "", "<html></html>"}}).status, 415);
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM practices")->i64(0), 0);
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM media")->i64(0), 0);
}

TEST(Practices, FiltersNarrowTheListAndRefuseUnknownValues) {
  TestServer s;
  auto a = org(s, "town-d"), b = org(s, "town-e");
  published(s, a, "Safety week in libraries", "4", "FI", "none", "libraries");
  published(s, b, "Business breakfasts", "3", "IE", "under_10k", "businesses");
  Client c = s.client();
  auto only = [&](const std::string& query, const std::string& expect, const std::string& absent) {
    auto r = c.get("/practices?" + query);
    EXPECT_EQ(r.status, 200) << query;
    EXPECT_NE(r.body.find(expect), std::string::npos) << query;
    EXPECT_EQ(r.body.find(absent), std::string::npos) << query;
  };
  only("area=4", "Safety week", "Business breakfasts");
  only("country=IE", "Business breakfasts", "Safety week");
  only("cost=none", "Safety week", "Business breakfasts");
  only("theme=businesses", "Business breakfasts", "Safety week");
  only("org=town-d", "Safety week", "Business breakfasts");
  only("size=over_1m&effort=low", "No good practice matches", "Safety week");
  only("language=de", "No good practice matches", "Business breakfasts");
  for (auto bad : {"area=6", "area=1%20OR%201=1", "theme=x", "cost=cheap", "effort=none", "size=tiny", "country=XX",
                   "language=xx", "org=nowhere", "area=1&area=2"})
    EXPECT_EQ(c.get(std::string("/practices?") + bad).status, 400) << bad;
  EXPECT_EQ(c.get("/practices?page=-3").status, 200);
  EXPECT_EQ(c.get("/practices/abc").status, 404);
  EXPECT_EQ(c.get("/practices/99999999999999999999").status, 404);
}

TEST(Practices, WeDidThisTooCountsOncePerPersonUnderConcurrentClicks) {
  TestServer s;
  auto a = org(s, "town-f");
  auto id = published(s, a, "Open data weekend", "5", "MT", "10k_50k", "open_data");
  auto path = "/practices/" + std::to_string(id);
  auto email = test::unique_email("clicker");
  s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  c.get(path);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 20; ++i)
    threads.emplace_back([&] {
      Client same = c;
      if (same.post(path + "/did-too", {}).status == 303) ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 20);
  {
    auto db = s.db().acquire();
    EXPECT_EQ(db->one("SELECT COUNT(*) FROM practice_did_too WHERE practice_id = ?", {id})->i64(0), 1);
    EXPECT_EQ(db->one("SELECT did_too FROM practices WHERE id = ?", {id})->i64(0), 1);
  }
  EXPECT_NE(c.get(path).body.find("1 person did this too"), std::string::npos);
  EXPECT_EQ(c.post(path + "/did-too/undo", {}).status, 303);
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT did_too FROM practices WHERE id = ?", {id})->i64(0), 0);
  // Visitors are sent to sign in; a forged request without a token is refused.
  Client anon = s.client();
  anon.get("/login");  // a form, for the anonymous CSRF token
  auto to_login = anon.post(path + "/did-too", {});
  EXPECT_EQ(to_login.status, 303);
  EXPECT_TRUE(to_login.header("location").starts_with("/login")) << to_login.header("location");
  EXPECT_EQ(c.post(path + "/did-too", {}, false).status, 403);
}

TEST(Practices, CommentsAreSafeMarkdownAndRateLimited) {
  TestServer s;
  auto a = org(s, "town-g");
  auto id = published(s, a, "Cyber week", "4", "FI", "none", "cybersecurity");
  auto path = "/practices/" + std::to_string(id);
  auto email = test::unique_email("commenter");
  s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  c.get(path);
  EXPECT_EQ(c.post(path + "/comments", {{"comment", "  "}}).status, 422);
  auto too_long = c.post(path + "/comments", {{"comment", std::string(5001, 'y')}});
  EXPECT_EQ(too_long.status, 422);
  EXPECT_NE(too_long.body.find("5001 characters"), std::string::npos);
  EXPECT_EQ(c.post(path + "/comments", {{"comment", "We did it **too** <script>alert(1)</script> [x](javascript:alert(1))"}}).status, 303);
  auto page = c.get(path);
  EXPECT_NE(page.body.find("<strong>too</strong>"), std::string::npos);
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_EQ(page.body.find("javascript:"), std::string::npos);
  for (int i = 0; i < 9; ++i) EXPECT_EQ(c.post(path + "/comments", {{"comment", "n" + std::to_string(i)}}).status, 303);
  auto limited = c.post(path + "/comments", {{"comment", "one too many"}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_FALSE(limited.header("retry-after").empty());
  EXPECT_EQ(c.post("/practices/999999/comments", {{"comment", "x"}}).status, 404);
}

TEST(Practices, AttachmentsAreAddedByTheAuthorOrTheModeratorsOnly) {
  TestServer s;
  auto a = org(s, "town-h");
  auto email = test::unique_email("writer");
  s.add_user(email, test::kPassword);
  Client author = s.signed_in(email, test::kPassword);
  auto id = submit(author, a, "Library tablets");
  auto path = "/practices/" + std::to_string(id);
  auto pdf = FilePart{"attachment", "slides.pdf", "application/pdf", test::files::pdf()};
  author.get(path);
  EXPECT_EQ(author.post_multipart(path + "/attachments", {}, {pdf}).status, 303);
  auto missing = author.post_multipart(path + "/attachments", {}, {});
  EXPECT_EQ(missing.status, 422);
  EXPECT_NE(missing.body.find("href=\"#attachment\""), std::string::npos);
  EXPECT_EQ(author.post_multipart(path + "/attachments", {}, {{"attachment", "x.html", "", "<html>"}}).status, 415);
  // Others: 404 while it is pending (it does not exist for them), 403 once it is public.
  auto other_email = test::unique_email("other");
  s.add_user(other_email, test::kPassword);
  Client other = s.signed_in(other_email, test::kPassword);
  other.get("/practices");
  EXPECT_EQ(other.post_multipart(path + "/attachments", {}, {pdf}).status, 404);
  Client moderator = member(s, a, "org_admin");
  moderator.get(path);
  EXPECT_EQ(moderator.post(path + "/moderate", {{"decision", "approve"}, {"reason", ""}}).status, 303);
  EXPECT_EQ(other.post_multipart(path + "/attachments", {}, {pdf}).status, 403);
  EXPECT_EQ(moderator.post_multipart(path + "/attachments", {}, {{"attachment", "photo.png", "", test::files::png(20, 20)}}).status, 303);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(author.post_multipart(path + "/attachments", {}, {{"attachment", "n" + std::to_string(i) + ".txt", "", "note " + std::to_string(i) + "\n"}}).status, 303);
  EXPECT_EQ(author.post_multipart(path + "/attachments", {}, {{"attachment", "sixth.txt", "", "six\n"}}).status, 409);
  auto page = s.client().get(path);
  EXPECT_EQ(test::count(page.body, path + "/files/"), 5);
  // Submitting the same form twice leads to the same practice.
  author.get("/practices/new");
  auto again = author.post_multipart("/practices/new", fields(a, "Library tablets"), {});
  EXPECT_EQ(again.status, 303);
  EXPECT_EQ(again.header("location"), path);
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM practices")->i64(0), 1);
}

}  // namespace cityskills
