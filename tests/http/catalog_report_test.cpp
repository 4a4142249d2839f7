// The course report for the course's organisation, the "Manage" menu each role sees, and feeds
// announced in the page head.
#include <gtest/gtest.h>

#include "features/catalog/store.hpp"
#include "features/orgs/store.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

std::int64_t org(TestServer& s, const std::string& slug) { return test::make_org(s, slug); }
Client member(TestServer& s, std::int64_t org_id, const std::string& role) {
  return test::make_member(s, org_id, role).client;
}

}  // namespace

TEST(CourseReport, TheOrganisationSeesProgressScoresAndQuestionsOthersDoNot) {
  TestServer s;
  auto a = org(s, "city-a"), b = org(s, "city-b");
  auto author = member(s, a, "author");
  auto other = member(s, b, "author");
  std::int64_t course, quiz;
  {
    auto c = s.db().acquire();
    catalog::Course x;
    x.org_id = a;
    x.lang = "en";
    x.title = "Passwords";
    x.summary = "S";
    x.level = "foundation";
    x.audience = "all";
    course = catalog::store::create_course(*c, x, 0);
    auto module = catalog::store::add_module(*c, course, "M");
    catalog::Lesson l;
    l.course_id = course;
    l.module_id = module;
    l.kind = "text";
    l.title = "Read";
    l.body = "Text";
    auto text = catalog::store::create_lesson(*c, l);
    l.kind = "quiz";
    l.title = "Check";
    l.body = "";
    l.pass_mark = 50;
    quiz = catalog::store::create_lesson(*c, l);
    catalog::Question q;
    q.lesson_id = quiz;
    q.kind = "true_false";
    q.prompt = "Long passwords are safer";
    q.options = {{0, 0, "true", true}, {0, 0, "false", false}};
    auto qid = catalog::store::save_question(*c, q);
    auto right = catalog::store::question(*c, qid)->options[0].id, wrong = catalog::store::question(*c, qid)->options[1].id;
    catalog::store::set_published(*c, course, true);
    // Two learners: Ada completed everything (quiz right), Bruno only started (quiz wrong).
    for (auto [name, complete] : {std::pair{"Ada Lovelace", true}, std::pair{"Bruno Munari", false}}) {
      auto id = s.add_user(test::unique_email("learner"), test::kPassword);
      c->exec("UPDATE users SET display_name = ? WHERE id = ?", {name, id});
      catalog::store::enrol(*c, id, course);
      s.db().tx(db::TxKind::kWrite, [&](db::Tx& t) { catalog::store::complete_lesson(t, id, *catalog::store::lesson(t, text)); });
      auto answers = "{\"" + std::to_string(qid) + "\":{\"chosen\":[" + std::to_string(complete ? right : wrong) + "]}}";
      catalog::store::record_attempt(s.db(), *catalog::store::lesson(*c, quiz), id, 1, answers, complete ? 100 : 0, complete);
    }
  }
  auto url = "/author/courses/" + std::to_string(course) + "/report";
  EXPECT_EQ(s.client().get(url).status, 303);
  EXPECT_EQ(other.get(url).status, 404);
  EXPECT_EQ(other.get(url + ".csv").status, 404);
  auto page = author.get(url);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Ada Lovelace"), std::string::npos);
  EXPECT_NE(page.body.find("Bruno Munari"), std::string::npos);
  EXPECT_NE(page.body.find("100%"), std::string::npos);  // Ada's best score
  EXPECT_NE(page.body.find("Long passwords are safer"), std::string::npos);
  EXPECT_NE(page.body.find("<td>50%</td>"), std::string::npos) << "one of two right on first attempts";
  auto csv = author.get(url + ".csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.header("content-type").find("text/csv"), std::string::npos);
  EXPECT_NE(csv.body.find("\"Ada Lovelace\""), std::string::npos);
  EXPECT_NE(csv.body.find("\"Check\""), std::string::npos);
}

TEST(ManageMenu, EachRoleSeesItsToolsAndVisitorsNone) {
  TestServer s;
  auto a = org(s, "city-a");
  auto author = member(s, a, "author");
  auto moderator = member(s, a, "moderator");
  auto citizen = member(s, 0, "citizen");
  auto home = author.get("/");
  EXPECT_NE(home.body.find("href=\"/author/paths\""), std::string::npos);
  EXPECT_NE(home.body.find("href=\"/events/new\""), std::string::npos);
  EXPECT_EQ(home.body.find("href=\"/forum/reports\""), std::string::npos);
  auto mod = moderator.get("/");
  EXPECT_NE(mod.body.find("href=\"/forum/reports\""), std::string::npos);
  EXPECT_NE(mod.body.find("href=\"/practices/moderation\""), std::string::npos);
  EXPECT_EQ(mod.body.find("href=\"/author/courses/new\""), std::string::npos);
  EXPECT_EQ(citizen.get("/").body.find("<details><summary>Manage"), std::string::npos);
  EXPECT_EQ(s.client().get("/").body.find("<details><summary>Manage"), std::string::npos);
}

TEST(EventForm, ZonesByCityAndOffsetRemindersInWordsNothingTickedForTheOrganiser) {
  TestServer s;
  auto a = org(s, "city-a");
  auto author = member(s, a, "author");
  auto form = author.get("/events/new");
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find(">Rome (GMT+0"), std::string::npos);
  EXPECT_NE(form.body.find(">Helsinki (GMT+0"), std::string::npos);
  EXPECT_EQ(form.body.find(">Europe/Rome<"), std::string::npos);
  EXPECT_NE(form.body.find(">1 week before<"), std::string::npos);
  EXPECT_NE(form.body.find(">2 days before<"), std::string::npos);
  EXPECT_EQ(form.body.find("168 hours"), std::string::npos);
  EXPECT_EQ(form.body.find("name=\"online\" value=\"1\" class=\"form-check-input\" checked"), std::string::npos);
}

TEST(Feeds, PagesWithAFeedAnnounceIt) {
  TestServer s;
  EXPECT_NE(s.client().get("/news").body.find("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/news.atom\""),
            std::string::npos);
  EXPECT_NE(s.client().get("/events").body.find("<link rel=\"alternate\" type=\"text/calendar\" href=\"/events.ics\""),
            std::string::npos);
  EXPECT_EQ(s.client().get("/courses").body.find("rel=\"alternate\""), std::string::npos);
}

}  // namespace cityskills
