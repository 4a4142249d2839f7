// Events saved as drafts: seen and previewed by their organisers only, in no list, search, feed
// or calendar, closed for registration until published; and the "New…" buttons on list pages
// for the people who may create there.
#include <gtest/gtest.h>

#include "support/builder.hpp"
#include "support/harness.hpp"
#include "util/strings.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

std::vector<std::pair<std::string, std::string>> form(std::int64_t org, const std::string& title, const std::string& publish) {
  auto date = util::iso8601_utc(util::now_unix() + 10 * 86400).substr(0, 10);
  std::vector<std::pair<std::string, std::string>> f = {
      {"org_id", std::to_string(org)}, {"kind", "webinar"}, {"title", title}, {"summary", "About passwords"},
      {"description", "Plan"}, {"lang", "en"}, {"theme", "safety"}, {"audience", "citizen"}, {"age_group", "all"},
      {"date", date}, {"start_time", "15:00"}, {"end_date", ""}, {"end_time", "16:00"}, {"time_zone", "Europe/Rome"},
      {"online", "1"}, {"join_url", "https://meet.example.org/new"}, {"venue", ""}, {"address", ""}, {"speakers", ""},
      {"capacity", "20"}, {"reminder_hours", "24"}};
  if (!publish.empty()) f.emplace_back("publish", publish);
  return f;
}

std::int64_t id_of(const test::Reply& r) {
  auto location = r.header("location");
  return std::stoll(location.substr(location.rfind('/') + 1));
}

}  // namespace

TEST(EventDrafts, ADraftIsHiddenUntilPublishedThenOpens) {
  TestServer s;
  auto a = test::make_org(s, "city-a"), b = test::make_org(s, "city-b");
  auto author = test::make_member(s, a, "author");
  auto author_b = test::make_member(s, b, "author");
  auto citizen = test::make_member(s, 0, "citizen");
  auto form_page = author.client.get("/events/new");
  EXPECT_NE(form_page.body.find("name=\"publish\" value=\"0\""), std::string::npos);
  auto saved = author.client.post("/events/new", form(a, "Quiet draft webinar", "0"));
  ASSERT_EQ(saved.status, 303) << saved.body;
  auto id = id_of(saved);
  auto url = "/events/" + std::to_string(id);
  {
    auto c = s.db().acquire();
    auto row = c->one("SELECT status, published_at FROM events WHERE id = ?", {id});
    EXPECT_EQ(row->str(0), "draft");
    EXPECT_TRUE(row->is_null(1));
    EXPECT_EQ(c->one("SELECT COUNT(*) FROM jobs WHERE kind = 'event_reminder'")->i64(0), 0) << "no reminder for a draft";
  }
  // The organiser previews it, with the way to publish.
  auto preview = author.client.get(url);
  ASSERT_EQ(preview.status, 200);
  EXPECT_NE(preview.body.find("action=\"" + url + "/publish\""), std::string::npos);
  EXPECT_EQ(author.client.get(url + "/edit").status, 200);
  // Nobody else sees it anywhere, and nobody can register.
  EXPECT_EQ(s.client().get(url).status, 404);
  EXPECT_EQ(citizen.client.get(url).status, 404);
  EXPECT_EQ(author_b.client.get(url).status, 404);
  EXPECT_EQ(s.client().get(url + "/event.ics").status, 404);
  EXPECT_EQ(s.client().get("/events").body.find("Quiet draft webinar"), std::string::npos);
  EXPECT_EQ(s.client().get("/events.ics").body.find("Quiet draft webinar"), std::string::npos);
  EXPECT_EQ(s.client().get("/search?q=Quiet+draft+webinar").body.find("Quiet draft webinar</a>"), std::string::npos);
  auto month = util::iso8601_utc(util::now_unix() + 10 * 86400).substr(0, 7);
  EXPECT_EQ(s.client().get("/events/calendar?month=" + month).body.find("Quiet draft webinar"), std::string::npos);
  citizen.client.get("/events");
  EXPECT_EQ(citizen.client.post(url + "/register", {}).status, 404);
  EXPECT_EQ(author_b.client.post(url + "/publish", {}).status, 404);
  // It appears in the organisation's events report, marked as a draft.
  auto report = author.client.get("/organisations/" + std::to_string(a) + "/reports/events");
  EXPECT_NE(report.body.find("<td>Draft</td>"), std::string::npos);
  // Saving the draft again keeps it a draft; bad choices are refused.
  author.client.get(url + "/edit");
  EXPECT_EQ(author.client.post(url + "/edit", form(a, "Quiet draft webinar", "0")).status, 303);
  EXPECT_EQ(s.client().get(url).status, 404);
  EXPECT_EQ(author.client.post(url + "/edit", form(a, "Quiet draft webinar", "yes")).status, 400);
  EXPECT_EQ(author.client.post("/events/new", form(a, "Another", "2")).status, 400);
  // Published, it is listed, searchable, in the feed and open.
  author.client.get(url);
  auto published = author.client.post(url + "/publish", {});
  ASSERT_EQ(published.status, 303);
  {
    auto c = s.db().acquire();
    EXPECT_FALSE(c->one("SELECT published_at FROM events WHERE id = ?", {id})->is_null(0));
  }
  EXPECT_EQ(s.client().get(url).status, 200);
  EXPECT_NE(s.client().get("/events").body.find("Quiet draft webinar"), std::string::npos);
  EXPECT_NE(s.client().get("/events.ics").body.find("Quiet draft webinar"), std::string::npos);
  citizen.client.get(url);
  EXPECT_EQ(citizen.client.post(url + "/register", {}).status, 303);
  author.client.get(url);
  EXPECT_EQ(author.client.post(url + "/publish", {}).status, 409) << "already published";
}

TEST(EventDrafts, PublishingFromTheEditFormAndEventsMadeWithoutTheChoiceArePublished) {
  TestServer s;
  auto a = test::make_org(s, "city-a");
  auto author = test::make_member(s, a, "author");
  author.client.get("/events/new");
  auto direct = author.client.post("/events/new", form(a, "Published at once", ""));
  ASSERT_EQ(direct.status, 303);
  EXPECT_EQ(s.client().get("/events/" + std::to_string(id_of(direct))).status, 200);
  auto draft = author.client.post("/events/new", form(a, "Draft then edit", "0"));
  auto url = "/events/" + std::to_string(id_of(draft));
  author.client.get(url + "/edit");
  EXPECT_EQ(author.client.post(url + "/edit", form(a, "Draft then edit", "1")).status, 303);
  EXPECT_EQ(s.client().get(url).status, 200);
  {
    auto c = s.db().acquire();
    EXPECT_EQ(c->one("SELECT COUNT(*) FROM events WHERE status = 'draft'")->i64(0), 0);
    EXPECT_EQ(c->one("SELECT COUNT(*) FROM events WHERE published_at IS NULL")->i64(0), 0);
  }
}

TEST(NewButtons, ListPagesOfferCreatingToThoseAllowed) {
  TestServer s;
  auto a = test::make_org(s, "city-a");
  auto author = test::make_member(s, a, "author");
  auto citizen = test::make_member(s, 0, "citizen");
  const std::vector<std::pair<std::string, std::string>> lists = {
      {"/courses", "/author/courses/new"}, {"/events", "/events/new"}, {"/news", "/news/new"}, {"/paths", "/author/paths/new"}};
  for (const auto& [list, target] : lists) {
    auto href = "class=\"btn btn-outline-primary\" href=\"" + target + "\"";
    EXPECT_NE(author.client.get(list).body.find(href), std::string::npos) << list;
    EXPECT_EQ(citizen.client.get(list).body.find(href), std::string::npos) << list;
    EXPECT_EQ(s.client().get(list).body.find(href), std::string::npos) << list;
  }
}

}  // namespace cityskills
