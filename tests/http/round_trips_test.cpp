// Database statements per page (each a round trip on PostgreSQL), counted by the server's
// request scope and sent in Server-Timing to tests. A regression guard: each page has a ceiling
// at today's count, so a change that adds queries to a page fails here and has to say why
// (issue 18's target is at most 3 per page; the closing note reports the counts).
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "support/fixtures.hpp"
#include "support/harness.hpp"

namespace cityskills {
namespace {

int statements(const test::Reply& r) {
  auto h = r.header("server-timing");
  auto at = h.find("desc=\"");
  if (at == std::string::npos) return -1;
  return std::atoi(h.c_str() + at + 6);
}

}  // namespace

TEST(RoundTrips, EachPageStaysUnderItsCeiling) {
  test::TestServer s;
  auto org = test::make_org(s, "city-rt");
  auto author = test::make_member(s, org, "author");
  auto moderator = test::make_member(s, org, "moderator");
  auto citizen_email = test::unique_email("rt-citizen");
  s.add_user(citizen_email, test::kPassword);
  struct Case {
    std::string who, path;
    int ceiling;
  };
  // Every page reads the site settings (decision note 0021); a visitor whose browser names no
  // language also reads the default language. The profile lists the person's identities at
  // single-sign-on providers (decision note 0030): one statement more there.
  const std::vector<Case> cases = {
      {"visitor", "/", 7},              {"visitor", "/courses", 5},      {"visitor", "/events", 5},
      {"visitor", "/news", 4},          {"visitor", "/practices", 6},    {"visitor", "/ideas", 5},
      {"visitor", "/resources", 5},     {"visitor", "/forum", 5},        {"visitor", "/paths", 5},
      {"visitor", "/assessment", 8},    {"visitor", "/search?q=data", 4},
      {"citizen", "/", 8},              {"citizen", "/courses", 6},      {"citizen", "/my/learning", 12},
      {"citizen", "/profile", 9},       {"citizen", "/events", 6},
      {"author", "/author/courses", 7}, {"author", "/events", 6},
      {"moderator", "/forum", 8},
  };
  std::map<std::string, test::Client> clients;
  clients.emplace("visitor", s.client());
  clients.emplace("citizen", s.signed_in(citizen_email, test::kPassword));
  clients.emplace("author", author.client);
  clients.emplace("moderator", moderator.client);
  for (const auto& c : cases) {
    auto& client = clients.at(c.who);
    client.get(c.path);  // the first visit may set the visitor's cookies
    auto r = client.get(c.path);
    ASSERT_EQ(r.status, 200) << c.who << " " << c.path;
    int n = statements(r);
    std::printf("  %-10s %-20s %2d statements\n", c.who.c_str(), c.path.c_str(), n);
    EXPECT_GE(n, 0) << c.path;
    EXPECT_LE(n, c.ceiling) << c.who << " " << c.path;
  }
}

}  // namespace cityskills
