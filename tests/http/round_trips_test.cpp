// Database statements per page (each a round trip on PostgreSQL), counted by the server's
// request scope and sent in Server-Timing to tests. Issue 18's target is at most 3 per page:
// each page has a ceiling at its count, so a change that adds queries to a page fails here and
// has to say why (decision notes 0029 and 0032 have the counts before and after).
#include <gtest/gtest.h>

#include <chrono>

#include <cstdio>
#include <map>

#include "features/catalog/store.hpp"
#include "features/events/store.hpp"
#include "features/forum/store.hpp"
#include "features/news/store.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"
#include "util/strings.hpp"

namespace cityskills {
namespace {

int statements(const test::Reply& r) {
  auto h = r.header("server-timing");
  auto at = h.find("desc=\"");
  if (at == std::string::npos) return -1;
  return std::atoi(h.c_str() + at + 6);
}

struct Content {
  std::int64_t course = 0, lesson = 0, thread = 0, event = 0, article = 0;
};

// One of each kind of page the issue names, in organisation `org`.
Content content(test::TestServer& s, std::int64_t org, std::int64_t author) {
  Content x;
  auto c = s.db().acquire();
  catalog::Course course;
  course.org_id = org;
  course.lang = "en";
  course.title = "Counted course";
  course.summary = "A course";
  course.level = "beginner";
  course.audience = "citizen";
  course.competences = {"1.2"};
  x.course = catalog::store::create_course(*c, course, 0);
  auto module = catalog::store::add_module(*c, x.course, "Module one");
  catalog::Lesson lesson;
  lesson.course_id = x.course;
  lesson.module_id = module;
  lesson.kind = "text";
  lesson.title = "Read this";
  lesson.body = "Some *text*.";
  x.lesson = catalog::store::create_lesson(*c, lesson);
  catalog::store::set_published(*c, x.course, true);

  forum::Category cat;
  cat.slug = "counted";
  cat.name = "Counted";
  cat.description = "About counting";
  auto category = forum::store::create_category(*c, cat);
  x.thread = s.db().tx(db::TxKind::kWrite, [&](db::Tx& t) {
    auto id = forum::store::create_thread(t, category, author, "en", "A counted thread", "Opening post", util::now_unix());
    for (int i = 0; i < 3; ++i) forum::store::add_post(t, id, author, "Reply " + std::to_string(i), util::now_unix());
    return id;
  });

  events::Event e;
  e.org_id = org;
  e.kind = "webinar";
  e.title = "Counted talk";
  e.summary = "A summary";
  e.description = "Agenda";
  e.lang = "en";
  e.theme = "safety";
  e.audience = "everyone";
  e.age_group = "over_65";
  e.starts_at = util::now_unix() + 86400;
  e.ends_at = e.starts_at + 3600;
  e.online = true;
  e.join_url = "https://meet.example.org/room";
  e.capacity = 10;
  x.event = events::store::create(*c, e, 0);

  news::Article a;
  a.org_id = org;
  a.lang = "en";
  a.title = "Counted news";
  a.summary = "Summary";
  a.body = "Body";
  a.tags = {"city"};
  a.publish_at = util::now_unix() - 60;
  x.article = news::store::create(*c, a, 0);
  return x;
}

// A finished self-test of `client`; returns the result's path.
std::string self_test(test::TestServer& s, test::Client& client) {
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> answers;
  {
    auto c = s.db().acquire();
    for (const auto& r : c->query("SELECT q.id, a.position, q.kind FROM assessment_questions q "
                                  "JOIN frameworks f ON f.id = q.framework_id AND f.code = 'digcomp-2.2' "
                                  "JOIN framework_competences fc ON fc.id = q.competence_id "
                                  "JOIN framework_areas a ON a.id = fc.area_id ORDER BY a.position, q.position"))
      answers[r.str(1)].emplace_back("q" + r.str(0), r.str(2) == "self" ? "2" : "0");
  }
  client.get("/assessment");
  auto r = client.post("/assessment/start", {{"framework", "1"}});
  std::string location;
  int n = 0;
  for (auto& [area, fields] : answers) {
    ++n;
    client.get("/assessment/area/" + std::to_string(n));
    fields.emplace_back("nav", n == static_cast<int>(answers.size()) ? "finish" : "next");
    r = client.post("/assessment/area/" + std::to_string(n), fields);
    location = r.header("location");
  }
  return location;
}

}  // namespace

TEST(RoundTrips, EachPageStaysUnderItsCeiling) {
  test::TestServer s;
  // The node's one-second copies (site and privacy settings) would be read again by whichever
  // request comes a second later, so a slow run would count one or two statements more on a
  // page at random: the clock stands still here, and each page is counted after the copies exist.
  const auto frozen = std::chrono::steady_clock::now();
  s.services().cache.set_clock([frozen] { return frozen; });
  auto org = test::make_org(s, "city-rt");
  auto author = test::make_member(s, org, "author");
  auto moderator = test::make_member(s, org, "moderator");
  auto citizen_email = test::unique_email("rt-citizen");
  s.add_user(citizen_email, test::kPassword);
  auto x = content(s, org, author.id);
  auto course = "/courses/" + std::to_string(x.course);
  auto lesson = course + "/lessons/" + std::to_string(x.lesson);
  auto thread = "/forum/t/" + std::to_string(x.thread);
  auto event = "/events/" + std::to_string(x.event);
  auto article = "/news/" + std::to_string(x.article);

  std::map<std::string, test::Client> clients;
  clients.emplace("visitor", s.client());
  clients.emplace("citizen", s.signed_in(citizen_email, test::kPassword));
  clients.emplace("author", author.client);
  clients.emplace("moderator", moderator.client);
  auto& citizen = clients.at("citizen");
  citizen.get(course);
  ASSERT_EQ(citizen.post(course + "/enrol", {}).status, 303);
  auto visitor_result = self_test(s, clients.at("visitor"));
  auto citizen_result = self_test(s, citizen);
  ASSERT_TRUE(visitor_result.starts_with("/assessment/result/")) << visitor_result;
  ASSERT_TRUE(citizen_result.starts_with("/assessment/result/")) << citizen_result;

  struct Case {
    std::string who, path;
    int ceiling;
  };
  // Today's counts, the same on SQLite and PostgreSQL, every page at most 3 (issue 18). A
  // visitor pays nothing before the page's own data and a signed-in person one statement (the
  // session with roles, consent and the profile's fields); same-for-everyone lists come from
  // the node's copy (decision notes 0029 and 0032).
  const std::vector<Case> cases = {
      {"visitor", "/", 2},              {"visitor", "/courses", 1},      {"visitor", "/events", 1},
      {"visitor", "/news", 1},          {"visitor", "/practices", 2},    {"visitor", "/ideas", 1},
      {"visitor", "/resources", 1},     {"visitor", "/forum", 1},        {"visitor", "/paths", 1},
      {"visitor", "/assessment", 1},    {"visitor", "/search?q=data", 1},
      {"visitor", course, 2},           {"visitor", thread, 2},          {"visitor", event, 2},
      {"visitor", article, 1},          {"visitor", visitor_result, 2},
      {"citizen", "/", 3},              {"citizen", "/courses", 2},      {"citizen", "/my/learning", 2},
      {"citizen", "/profile", 2},       {"citizen", "/events", 2},       {"citizen", course, 3},
      {"citizen", lesson, 3},           {"citizen", citizen_result, 3},  {"citizen", thread, 3},
      {"citizen", event, 3},            {"citizen", article, 2},
      {"author", "/author/courses", 3}, {"author", "/events", 2},
      {"moderator", "/forum", 3},
  };
  for (const auto& c : cases) {
    auto& client = clients.at(c.who);
    client.get(c.path);  // the first visit may set the visitor's cookies
    auto r = client.get(c.path);
    ASSERT_EQ(r.status, 200) << c.who << " " << c.path;
    int n = statements(r);
    std::printf("  %-10s %-24s %2d statements\n", c.who.c_str(), c.path.c_str(), n);
    EXPECT_GE(n, 0) << c.path;
    EXPECT_LE(n, c.ceiling) << c.who << " " << c.path;
  }
}

}  // namespace cityskills
