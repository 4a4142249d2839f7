// The course report for the course's organisation, the "Manage" menu each role sees, and feeds
// announced in the page head.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "features/accounts/store.hpp"
#include "features/catalog/report.hpp"
#include "features/catalog/store.hpp"
#include "features/orgs/store.hpp"
#include "support/builder.hpp"
#include "support/quiz_course.hpp"
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
  auto x = test::course_of(a, "Passwords");
  x.summary = "S";
  x.level = "foundation";
  x.audience = "all";
  auto qc = test::add_quiz_course(s, x, "Long passwords are safer", true);
  auto course = qc.course;
  {
    auto c = s.db().acquire();
    // Two learners: Ada completed everything (quiz right), Bruno only started (quiz wrong).
    for (auto [name, complete] : {std::pair{"Ada Lovelace", true}, std::pair{"Bruno Munari", false}}) {
      auto id = s.add_user(test::unique_email("learner"), test::kPassword);
      c->exec("UPDATE users SET display_name = ? WHERE id = ?", {name, id});
      catalog::store::enrol(*c, id, course);
      s.db().tx(db::TxKind::kWrite, [&](db::Tx& t) { catalog::store::complete_lesson(t, id, qc.text); });
      auto answers = qc.answers(complete);
      auto score = catalog::quiz::score({qc.question}, catalog::quiz::from_json(answers), qc.quiz.pass_mark);
      catalog::store::record_attempt(s.db(), qc.quiz, id, 1, answers, score);
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


// A course with more people than one page: the figures count everyone, the pages hold 100 each
// in name order, and attempts stored before per-question results existed count the same before
// and after the background job scores them.
TEST(CourseReport, PagesOfOneHundredFiguresOverEveryoneAndOlderAttemptsCounted) {
  TestServer s;
  auto a = org(s, "city-many");
  auto author = member(s, a, "author");
  auto x = test::course_of(a, "Phishing");
  x.summary = "S";
  x.level = "foundation";
  x.audience = "all";
  auto qc = test::add_quiz_course(s, x, "A bank asks for your PIN by e-mail", false);
  auto course = qc.course;
  {
    auto c = s.db().acquire();
    // 130 people: the even ones read the text and passed the quiz on the first attempt (100% of
    // the course), the odd ones failed it first (50%). Attempts of the first 60 are stored as they
    // were before per-question results existed; the rest through record_attempt.
    for (int i = 0; i < 130; ++i) {
      accounts::Account p;
      char name[32];
      std::snprintf(name, sizeof name, "Learner %03d", i);
      p.email = test::unique_email("many");
      p.display_name = name;
      p.password_hash = "x";
      p.verified = true;
      auto id = *accounts::store::create(*c, p);
      catalog::store::enrol(*c, id, course);
      s.db().tx(db::TxKind::kWrite, [&](db::Tx& t) { catalog::store::complete_lesson(t, id, qc.text); });
      bool pass = i % 2 == 0;
      auto answers = qc.answers(pass);
      auto score = catalog::quiz::score({qc.question}, catalog::quiz::from_json(answers), 50);
      if (i < 60) {
        c->exec("INSERT INTO quiz_attempts (lesson_id, user_id, number, answers, score, passed, created_at) "
                "VALUES (?, ?, 1, ?, ?, ?, 0)",
                {qc.quiz.id, id, answers, score.percent, score.passed});
        if (pass) s.db().tx(db::TxKind::kWrite, [&](db::Tx& t) { catalog::store::complete_lesson(t, id, qc.quiz); });
      } else {
        catalog::store::record_attempt(s.db(), qc.quiz, id, 1, answers, score);
      }
    }
  }
  auto url = "/author/courses/" + std::to_string(course) + "/report";
  auto check = [&](const char* when) {
    auto first = author.get(url);
    ASSERT_EQ(first.status, 200) << when;
    EXPECT_NE(first.body.find("<dd>130</dd>"), std::string::npos) << when << ": everyone is counted";
    EXPECT_NE(first.body.find("<dd>65</dd>"), std::string::npos) << when << ": the 65 who passed completed";
    EXPECT_NE(first.body.find("<dd>75%</dd>"), std::string::npos) << when << ": half at 100%, half at 50%";
    EXPECT_NE(first.body.find("Learner 000"), std::string::npos) << when;
    EXPECT_NE(first.body.find("Learner 099"), std::string::npos) << when;
    EXPECT_EQ(first.body.find("Learner 100"), std::string::npos) << when << ": 100 a page";
    EXPECT_NE(first.body.find("report?page=2"), std::string::npos) << when;
    EXPECT_NE(first.body.find("<td>130</td><td>50%</td>"), std::string::npos) << when << ": 65 of 130 right first time";
    auto second = author.get(url + "?page=2");
    ASSERT_EQ(second.status, 200) << when;
    EXPECT_NE(second.body.find("<dd>130</dd>"), std::string::npos) << when;
    EXPECT_NE(second.body.find("Learner 129"), std::string::npos) << when;
    EXPECT_EQ(second.body.find("Learner 099"), std::string::npos) << when;
    EXPECT_EQ(second.body.find("report?page=3"), std::string::npos) << when << ": no page after the last";
    auto csv = author.get(url + ".csv");
    ASSERT_EQ(csv.status, 200) << when;
    EXPECT_EQ(std::count(csv.body.begin(), csv.body.end(), '\n'), 131) << when << ": a header and every person";
    EXPECT_NE(csv.body.find("\"Learner 129\""), std::string::npos) << when;
  };
  check("before the older attempts are scored");
  {
    auto c = s.db().acquire();
    EXPECT_EQ(c->one("SELECT COUNT(*) FROM quiz_attempts WHERE results_stored = 0")->i64(0), 60);
  }
  EXPECT_EQ(catalog::report::score_stored_attempts(s.db(), 25), 25);
  while (catalog::report::score_stored_attempts(s.db(), 25) > 0) {
  }
  {
    auto c = s.db().acquire();
    EXPECT_EQ(c->one("SELECT COUNT(*) FROM quiz_attempts WHERE results_stored = 0")->i64(0), 0);
    EXPECT_EQ(c->one("SELECT COUNT(*) FROM quiz_answer_results")->i64(0), 130);
  }
  check("after");
  // Editing the question later does not change how people were scored at the time.
  {
    auto c = s.db().acquire();
    c->exec("UPDATE quiz_options SET correct = 1 - correct");
  }
  auto page = author.get(url);
  EXPECT_NE(page.body.find("<td>130</td><td>50%</td>"), std::string::npos);
}

}  // namespace cityskills
