// An organisation's reports: members and roles (with people who chose it in their profile), the
// events report with its counts, the index and the Manage menu that lead there, each private to
// the organisation (another organisation's people get a 404), with CSV exports and bad input.
#include <gtest/gtest.h>

#include "features/events/store.hpp"
#include "features/orgs/store.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"
#include "util/strings.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

std::int64_t add_event(TestServer& s, std::int64_t org, const std::string& title, int capacity, std::int64_t starts_in) {
  auto e = test::event_of(org, title, starts_in);
  e.capacity = capacity;
  return test::add_event(s, e);
}

std::int64_t person(TestServer& s, const std::string& name) { return test::make_person(s, "p", 0, "", name).id; }

}  // namespace

TEST(OrgReports, MembersListRolesAndProfileChoicesForTheOrganisationsAdminsOnly) {
  TestServer s;
  auto a = test::make_org(s, "city-a"), b = test::make_org(s, "city-b");
  auto admin = test::make_member(s, a, "org_admin", "Alba Admin");
  auto author = test::make_member(s, a, "author", "Aldo Author");
  auto admin_b = test::make_member(s, b, "org_admin", "Bea Admin");
  auto by_profile = person(s, "Paola Profile");
  auto outsider = person(s, "Otto Outsider");
  {
    auto c = s.db().acquire();
    c->exec("UPDATE users SET org_id = ? WHERE id = ?", {a, by_profile});
    c->exec("UPDATE users SET org_id = ? WHERE id = ?", {b, outsider});
    orgs::store::grant(*c, author.id, a, "moderator");
  }
  auto root = test::unique_email("root");
  s.add_user(root, test::kPassword, true);
  Client platform = s.signed_in(root, test::kPassword);
  auto url = "/organisations/" + std::to_string(a) + "/reports/members";
  auto page = admin.client.get(url);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Paola Profile"), std::string::npos) << "chose the organisation in the profile";
  EXPECT_NE(page.body.find("<td>Author, Moderator</td>"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("Alba Admin"), std::string::npos);
  EXPECT_EQ(page.body.find("Otto Outsider"), std::string::npos);
  EXPECT_EQ(page.body.find("Bea Admin"), std::string::npos);
  EXPECT_NE(page.body.find("<dd>3</dd>"), std::string::npos) << "three people belong to A";
  auto csv = admin.client.get(url + ".csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.header("content-type").find("text/csv"), std::string::npos);
  EXPECT_NE(csv.header("content-disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(csv.body.find("\"Paola Profile\""), std::string::npos);
  EXPECT_NE(csv.body.find("\"Yes\""), std::string::npos);
  EXPECT_EQ(csv.body.find("Otto Outsider"), std::string::npos);
  // Platform admins see every organisation; the admin of B, A's author and visitors do not.
  EXPECT_EQ(platform.get(url).status, 200);
  EXPECT_EQ(admin_b.client.get(url).status, 404);
  EXPECT_EQ(admin_b.client.get(url + ".csv").status, 404);
  EXPECT_EQ(author.client.get(url).status, 403);
  EXPECT_EQ(s.client().get(url).status, 303);
  // Bad identifiers and pages.
  EXPECT_EQ(admin.client.get("/organisations/999999/reports/members").status, 404);
  EXPECT_EQ(platform.get("/organisations/999999/reports/members").status, 404);
  EXPECT_EQ(admin.client.get("/organisations/abc/reports/members").status, 404);
  EXPECT_EQ(admin.client.get("/organisations/99999999999999999999/reports/members").status, 404);
  EXPECT_EQ(admin.client.get(url + "?page=-5").status, 200);
  EXPECT_EQ(admin.client.get(url + "?page=zz").status, 200);
}

TEST(OrgReports, MemberNamesAreEscapedAndCsvCellsNeutralised) {
  TestServer s;
  auto a = test::make_org(s, "city-a");
  auto admin = test::make_member(s, a, "org_admin", "Alba Admin");
  auto evil = person(s, "=HYPERLINK(\"x\")<b>");
  {
    auto c = s.db().acquire();
    c->exec("UPDATE users SET org_id = ? WHERE id = ?", {a, evil});
  }
  auto url = "/organisations/" + std::to_string(a) + "/reports/members";
  auto page = admin.client.get(url);
  EXPECT_EQ(page.body.find("<b>"), std::string::npos);
  auto csv = admin.client.get(url + ".csv");
  EXPECT_NE(csv.body.find("\"'=HYPERLINK(\"\"x\"\")<b>\""), std::string::npos) << csv.body;
}

TEST(OrgReports, EventsReportCountsRegisteredWaitingAttendedForTheOrganisationsPublishers) {
  TestServer s;
  auto a = test::make_org(s, "city-a"), b = test::make_org(s, "city-b");
  auto author = test::make_member(s, a, "author");
  auto author_b = test::make_member(s, b, "author");
  auto admin_b = test::make_member(s, b, "org_admin");
  auto past = add_event(s, a, "Past workshop", 2, -1800);  // started, so attendance can be marked
  auto future = add_event(s, a, "Future webinar", 10, 86400);
  add_event(s, b, "Other organisation's talk", 10, 86400);
  std::vector<std::int64_t> people;
  for (int i = 0; i < 3; ++i) people.push_back(person(s, "Person " + std::to_string(i)));
  for (auto p : people) events::store::register_user(s.db(), past, p);  // two confirmed, one waiting
  events::store::register_user(s.db(), future, people[0]);
  {
    auto c = s.db().acquire();
    ASSERT_TRUE(events::store::mark_attendance(*c, past, {people[0]}));
  }
  auto url = "/organisations/" + std::to_string(a) + "/reports/events";
  auto page = author.client.get(url);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Past workshop</a></td><td>"), std::string::npos);
  EXPECT_NE(page.body.find("<td>2</td><td>1</td><td>1</td>"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("<td>1</td><td>0</td><td>0</td>"), std::string::npos);
  EXPECT_EQ(page.body.find("Other organisation"), std::string::npos);
  EXPECT_LT(page.body.find("Future webinar"), page.body.find("Past workshop")) << "the latest first";
  auto csv = author.client.get(url + ".csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(csv.body.find("\"Past workshop\","), std::string::npos);
  EXPECT_NE(csv.body.find(",\"Published\",2,1,1\r\n"), std::string::npos) << csv.body;
  // The per-event report: the registrants page counts who attended, and its CSV says who.
  auto per_event = author.client.get("/events/" + std::to_string(past) + "/registrants");
  EXPECT_NE(per_event.body.find("Attended: 1"), std::string::npos);
  auto per_csv = author.client.get("/events/" + std::to_string(past) + "/registrants.csv");
  EXPECT_NE(per_csv.body.find("\"Yes\""), std::string::npos);
  // Another organisation's author and admin find nothing.
  EXPECT_EQ(author_b.client.get(url).status, 404);
  EXPECT_EQ(admin_b.client.get(url + ".csv").status, 404);
  EXPECT_EQ(author.client.get("/organisations/" + std::to_string(b) + "/reports/events").status, 404);
  EXPECT_EQ(test::make_member(s, 0, "citizen").client.get(url).status, 403);
  EXPECT_EQ(author.client.get("/organisations/0/reports/events").status, 404);
  EXPECT_EQ(author.client.get(url + "?page=100000").status, 200);
}

TEST(OrgReports, IndexAndMenuLeadEachPersonToWhatTheirRoleAllows) {
  TestServer s;
  auto a = test::make_org(s, "city-a"), b = test::make_org(s, "city-b");
  auto author = test::make_member(s, a, "author");
  auto admin = test::make_member(s, a, "org_admin");
  auto admin_b = test::make_member(s, b, "org_admin");
  auto index = "/organisations/" + std::to_string(a) + "/reports";
  auto members = index + "/members";
  // The Manage menu leads to the chooser, which goes straight to the only organisation.
  EXPECT_NE(author.client.get("/").body.find("href=\"/organisations/reports\""), std::string::npos);
  EXPECT_EQ(test::make_member(s, 0, "citizen").client.get("/").body.find("/organisations/reports"), std::string::npos);
  auto chooser = author.client.get("/organisations/reports");
  EXPECT_EQ(chooser.status, 303);
  EXPECT_EQ(chooser.header("location"), index);
  auto by_author = author.client.get(index);
  ASSERT_EQ(by_author.status, 200);
  EXPECT_NE(by_author.body.find("href=\"" + index + "/events\""), std::string::npos);
  EXPECT_EQ(by_author.body.find("href=\"" + members + "\""), std::string::npos);
  EXPECT_EQ(by_author.body.find("/assessment/org/"), std::string::npos);
  auto by_admin = admin.client.get(index);
  EXPECT_NE(by_admin.body.find("href=\"" + members + "\""), std::string::npos);
  EXPECT_NE(by_admin.body.find("href=\"/assessment/org/city-a\""), std::string::npos);
  // The organisation page links its reports.
  EXPECT_NE(admin.client.get("/admin/organisations/" + std::to_string(a)).body.find("href=\"" + index + "\""),
            std::string::npos);
  EXPECT_EQ(admin_b.client.get(index).status, 404);
  // Someone who publishes for two organisations chooses.
  {
    auto c = s.db().acquire();
    orgs::store::grant(*c, author.id, b, "author");
  }
  auto two = author.client.get("/organisations/reports");
  ASSERT_EQ(two.status, 200);
  EXPECT_NE(two.body.find("href=\"/organisations/" + std::to_string(b) + "/reports\""), std::string::npos);
}

}  // namespace cityskills
