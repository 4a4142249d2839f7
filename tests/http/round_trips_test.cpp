// Database statements per page (each a round trip on PostgreSQL), counted by the server's
// request scope and sent in Server-Timing to tests. Issue 18's target is at most 3 per page:
// each page has a ceiling at its count, so a change that adds queries to a page fails here and
// has to say why (decision note 0029 has the counts before and after).
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
  // Today's counts, the same on SQLite and PostgreSQL. A visitor pays nothing before the page's
  // own data and a signed-in person one statement (the session with roles and consent); the
  // pages still above 3 are listed with their reasons in decision note 0029. The profile also
  // lists the person's identities at single-sign-on providers (decision note 0030).
  const std::vector<Case> cases = {
      {"visitor", "/", 3},              {"visitor", "/courses", 5},      {"visitor", "/events", 2},
      {"visitor", "/news", 1},          {"visitor", "/practices", 3},    {"visitor", "/ideas", 2},
      {"visitor", "/resources", 2},     {"visitor", "/forum", 2},        {"visitor", "/paths", 2},
      {"visitor", "/assessment", 1},    {"visitor", "/search?q=data", 1},
      {"visitor", course, 7},           {"visitor", thread, 3},          {"visitor", event, 2},
      {"visitor", article, 1},          {"visitor", visitor_result, 10},
      {"citizen", "/", 4},              {"citizen", "/courses", 7},      {"citizen", "/my/learning", 12},
      {"citizen", "/profile", 6},       {"citizen", "/events", 3},       {"citizen", course, 11},
      {"citizen", lesson, 10},          {"citizen", citizen_result, 11}, {"citizen", thread, 5},
      {"citizen", event, 4},            {"citizen", article, 2},
      {"author", "/author/courses", 5}, {"author", "/events", 3},
      {"moderator", "/forum", 4},
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
