// Public pages shared by visitors without a session (decision note 0037): the second visitor
// costs no database statement; the copy never reaches another language, a signed-in person or a
// visitor carrying the site's own cookies; what the handler made personal is never kept; a
// change through this node shows at once, a change through another node within a second.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>

#include "features/forum/store.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"

namespace cityskills {
namespace {

using test::Client;
using test::Reply;
using test::TestServer;

int statements(const Reply& r) {
  auto h = r.header("server-timing");
  auto at = h.find("desc=\"");
  return at == std::string::npos ? -1 : std::atoi(h.c_str() + at + 6);
}

bool has(const Reply& r, const std::string& needle) { return r.body.find(needle) != std::string::npos; }

std::int64_t category(TestServer& s, const std::string& slug) {
  auto c = s.db().acquire();
  forum::Category cat;
  cat.slug = slug;
  cat.name = "Category " + slug;
  cat.description = "About " + slug;
  return forum::store::create_category(*c, cat);
}

// A thread started through the forum's page by a signed-in person; its address.
std::string thread(Client& author, const std::string& slug, const std::string& title) {
  author.get("/forum/c/" + slug);
  auto r = author.post("/forum/c/" + slug + "/new", {{"title", title}, {"body", "First words"}, {"lang", "en"}});
  EXPECT_EQ(r.status, 303) << r.body;
  return r.header("location");
}

TEST(SharedPages, TheSecondVisitorCostsNoStatementAndGetsTheSamePage) {
  TestServer s;
  auto org = test::make_org(s, "shared-a");
  test::add_course(s, test::course_of(org, "Safe online banking"), true);
  auto first = s.client().get("/courses");
  ASSERT_EQ(first.status, 200);
  EXPECT_GT(statements(first), 0);
  auto second = s.client().get("/courses");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(statements(second), 0);
  EXPECT_EQ(second.body, first.body);
  EXPECT_TRUE(has(second, "Safe online banking"));
  EXPECT_EQ(second.header("etag"), first.header("etag"));
  EXPECT_EQ(second.header("content-language"), "en");
  // A revisit with the validator costs a 304; a browser that takes gzip gets the copy compressed.
  auto again = s.client().get("/courses", {{"If-None-Match", first.header("etag")}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  auto zipped = s.client().get("/courses", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(zipped.header("content-encoding"), "gzip");
  EXPECT_EQ(statements(zipped), 0);
  EXPECT_EQ(zipped.body.substr(0, 2), std::string("\x1f\x8b"));
  // Another query is another page.
  auto other = s.client().get("/courses?level=intermediate");
  EXPECT_EQ(other.status, 200);
  EXPECT_TRUE(has(other, "Safe online banking"));
  EXPECT_GT(statements(other), 0);
}

TEST(SharedPages, NeverAnotherLanguage) {
  TestServer s;
  for (std::string lang : {"de", "it", "sv", "fi", "en"}) {
    Client c = s.client();
    c.lang = lang;
    for (int i = 0; i < 2; ++i) {
      auto r = c.get("/courses");
      EXPECT_TRUE(has(r, "<html lang=\"" + lang + "\"")) << lang << " request " << i;
      EXPECT_EQ(r.header("content-language"), lang);
    }
  }
  // The language chosen in this browser (its cookie) wins over the copy for its header.
  Client chose = s.client();
  chose.lang = "de";
  ASSERT_EQ(chose.get("/courses?lang=fi").status, 200);
  auto r = chose.get("/courses");
  EXPECT_TRUE(has(r, "<html lang=\"fi\""));
  EXPECT_EQ(statements(chose.get("/courses")), 0) << "the language cookie is part of the key, not personal";
}

TEST(SharedPages, NeverASignedInPersonsPageNorTheirsToAVisitor) {
  TestServer s;
  auto org = test::make_org(s, "shared-b");
  test::add_course(s, test::course_of(org, "Cloud storage at home"), true);
  auto citizen = test::make_member(s, 0, "citizen", "Maja Lindqvist");
  s.client().get("/courses");  // a copy exists
  auto theirs = citizen.client.get("/courses");
  EXPECT_TRUE(has(theirs, "Maja Lindqvist"));
  EXPECT_GT(statements(theirs), 0);
  EXPECT_EQ(theirs.header("etag"), "");
  auto visitor = s.client().get("/courses");
  EXPECT_FALSE(has(visitor, "Maja Lindqvist"));
  EXPECT_FALSE(has(visitor, "name=\"_csrf\""));
  // Signed in first, visitor second: the person's page was not kept for anyone.
  TestServer t;
  auto person = test::make_member(t, 0, "citizen", "Jussi Korhonen");
  EXPECT_TRUE(has(person.client.get("/forum"), "Jussi Korhonen"));
  EXPECT_FALSE(has(t.client().get("/forum"), "Jussi Korhonen"));
}

TEST(SharedPages, AVisitorWithTheSitesOwnCookiesGetsTheirOwnPage) {
  TestServer s;
  auto fresh = s.client().get("/courses");
  EXPECT_TRUE(has(fresh, "consent-notice-title"));
  // A visitor who answered the cookie notice carries their choice: never the copy that asks.
  Client chose = s.client();
  ASSERT_EQ(chose.post("/cookies", {{"choice", "refuse_all"}, {"return_to", "/"}}, false,
                       {{"Origin", "http://127.0.0.1:" + std::to_string(s.port())}})
                .status,
            303);
  auto theirs = chose.get("/courses");
  EXPECT_FALSE(has(theirs, "consent-notice-title"));
  EXPECT_GT(statements(theirs), 0);
  // Nor is their page kept for the next visitor.
  EXPECT_TRUE(has(s.client().get("/courses"), "consent-notice-title"));
  // A one-time message waiting in its cookie is shown to that browser only.
  auto flash = s.client().get("/courses", {{"Cookie", "cs_flash=consent.saved"}});
  EXPECT_GT(statements(flash), 0);
  // Cookies of other sites on the same host do not make a page personal.
  auto foreign = s.client().get("/courses", {{"Cookie", "_ga=GA1.2.3; theme=dark"}});
  EXPECT_EQ(statements(foreign), 0);
  EXPECT_TRUE(has(foreign, "consent-notice-title"));
}

TEST(SharedPages, WhatIsNotAPlainPageIsNeverKept) {
  TestServer s;
  // A missing object on a shared route: its error is rendered each time.
  for (int i = 0; i < 2; ++i) {
    auto missing = s.client().get("/courses/999999");
    EXPECT_EQ(missing.status, 404);
    EXPECT_GT(statements(missing), 0);
  }
  // HEAD is answered by the handler, never from the copy.
  s.client().get("/news");
  auto head = s.client().head("/news");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  // A route that does not share its page renders it for each visitor.
  for (int i = 0; i < 2; ++i) EXPECT_GT(statements(s.client().get("/login")), 0);
  // A route that shares, whose page needs a form token for this visitor, keeps nothing.
  EXPECT_EQ(s.services().pages.size(), 1u) << "only /news";
}

TEST(SharedPages, AChangeThroughThisNodeShowsAtOnce) {
  TestServer s;
  category(s, "shared-talk");
  auto anna = test::make_member(s, 0, "citizen", "Anna Bianchi");
  auto path = thread(anna.client, "shared-talk", "Printing at the library");
  auto before = s.client().get(path);
  ASSERT_EQ(before.status, 200);
  EXPECT_EQ(statements(s.client().get(path)), 0);
  ASSERT_EQ(anna.client.post(path + "/reply", {{"body", "The second floor has a printer"}}).status, 303);
  auto after = s.client().get(path);
  EXPECT_TRUE(has(after, "The second floor has a printer"));
  // A refused change (no form token) drops nothing.
  EXPECT_EQ(statements(s.client().get(path)), 0);
  EXPECT_EQ(anna.client.post(path + "/reply", {{"body", "no token"}}, false).status, 403);
  EXPECT_EQ(statements(s.client().get(path)), 0);
}

// Two nodes on one database. Node B keeps its copy at most a second by its own clock (moved by
// hand here): a reply posted through node A shows on B once B's copy is a second old.
TEST(SharedPages, AChangeThroughAnotherNodeShowsWithinASecond) {
  const auto start = std::chrono::steady_clock::now();
  std::atomic<std::int64_t> ms{0};  // declared before the servers, which ask it until they stop
  TestServer a;
  TestServer b(a);
  b.services().cache.set_clock([&] { return start + std::chrono::milliseconds(ms.load()); });
  category(a, "two-nodes");
  auto anna = test::make_member(a, 0, "citizen", "Anna Bianchi");
  auto path = thread(anna.client, "two-nodes", "Digital identity at the post office");
  EXPECT_FALSE(has(b.client().get(path), "Bring your health card"));
  ASSERT_EQ(anna.client.post(path + "/reply", {{"body", "Bring your health card"}}).status, 303);
  EXPECT_TRUE(has(a.client().get(path), "Bring your health card")) << "node A wrote: at once";
  ms += 999;
  EXPECT_FALSE(has(b.client().get(path), "Bring your health card")) << "node B's copy is not a second old yet";
  ms += 1;
  EXPECT_TRUE(has(b.client().get(path), "Bring your health card"));
}

}  // namespace
}  // namespace cityskills
