// "How digital are you?" through the real server: anonymous and signed in, resume, double
// submits, tampered answers, recommendations from the catalogue, history, authoring and the
// figures organisation admins see.
#include <gtest/gtest.h>

#include <atomic>
#include <regex>
#include <set>
#include <thread>

#include "features/assessment/framework.hpp"
#include "features/catalog/store.hpp"
#include "features/events/store.hpp"
#include "features/orgs/store.hpp"
#include "features/practices/store.hpp"
#include "http/api_support.hpp"
#include "i18n/i18n.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"
#include "util/strings.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

struct Q {
  std::int64_t id;
  std::string area, kind;
  int answer;
};

std::vector<Q> questions(TestServer& s) {
  auto c = s.db().acquire();
  std::vector<Q> out;
  for (const auto& r : c->query("SELECT q.id, a.code, q.kind, COALESCE(q.answer, 0) FROM assessment_questions q "
                                "JOIN frameworks f ON f.id = q.framework_id AND f.code = 'digcomp-2.2' "
                                "JOIN framework_competences fc ON fc.id = q.competence_id "
                                "JOIN framework_areas a ON a.id = fc.area_id ORDER BY a.position, q.position"))
    out.push_back({r.i64(0), r.str(1), r.str(2), static_cast<int>(r.i64(3))});
  return out;
}

std::vector<std::pair<std::string, std::string>> answers_for(const std::vector<Q>& qs, const std::string& area, bool top,
                                                             const std::string& nav) {
  std::vector<std::pair<std::string, std::string>> f;
  for (const auto& q : qs)
    if (q.area == area)
      f.emplace_back("q" + std::to_string(q.id), std::to_string(q.kind == "self" ? (top ? 4 : 0) : top ? q.answer : 1 - q.answer));
  f.emplace_back("nav", nav);
  return f;
}

std::string start(Client& c) {
  c.get("/assessment");
  auto r = c.post("/assessment/start", {{"framework", "1"}});
  EXPECT_EQ(r.status, 303) << r.body;
  return r.header("location");
}

// Goes through all five areas; returns the result path.
std::string complete(TestServer& s, Client& c, bool top) {
  auto qs = questions(s);
  EXPECT_EQ(start(c), "/assessment/area/1");
  std::string loc;
  for (int n = 1; n <= 5; ++n) {
    auto page = c.get("/assessment/area/" + std::to_string(n));
    EXPECT_EQ(page.status, 200);
    auto r = c.post("/assessment/area/" + std::to_string(n), answers_for(qs, std::to_string(n), top, n == 5 ? "finish" : "next"));
    EXPECT_EQ(r.status, 303) << r.body;
    loc = r.header("location");
  }
  EXPECT_TRUE(loc.starts_with("/assessment/result/")) << loc;
  return loc;
}

std::int64_t add_course(TestServer& s, const std::string& title, const std::string& level, const std::string& lang,
                        std::vector<std::string> competences) {
  auto c = s.db().acquire();
  auto org = c->one("SELECT id FROM organisations WHERE slug = 'course-org'");
  std::int64_t org_id = org ? org->i64(0) : *orgs::store::create(*c, {0, "Course Org", "course-org", "city", "IT", ""});
  auto id = c->insert("INSERT INTO courses (org_id, lang, title, summary, description, outcomes, level, audience, published, "
                      "created_at, updated_at) VALUES (?, ?, ?, 'A short course.', '', '', ?, 'all', 1, 0, 0) RETURNING id",
                      {org_id, lang, title, level});
  for (const auto& code : competences)
    c->exec("INSERT INTO course_competences (course_id, competence) VALUES (?, ?)", {id, code});
  catalog::store::refresh_card(*c, id);
  return id;
}

std::string token_of(Client& c) { return c.cookies()["cs_assessment"]; }

const std::vector<std::string> kLangs = {"it", "en", "de", "sv", "fi"};

std::int64_t add_event(TestServer& s, const std::string& title, const std::string& lang, const std::string& theme,
                       std::int64_t starts_in) {
  std::int64_t org_id = 0;
  {
    auto c = s.db().acquire();
    org_id = c->one("SELECT id FROM organisations WHERE slug = 'course-org'")->i64(0);
  }
  auto e = test::event_of(org_id, title, starts_in);
  e.lang = lang;
  e.theme = theme;
  e.capacity = 50;
  return test::add_event(s, e);
}

void add_practice(TestServer& s, const std::string& title, const std::string& lang, const std::string& area) {
  auto moderator = s.add_user(test::unique_email("moderator"), test::kPassword);
  auto c = s.db().acquire();
  practices::Practice p;
  p.org_id = c->one("SELECT id FROM organisations WHERE slug = 'course-org'")->i64(0);
  p.lang = lang;
  p.title = title;
  p.problem = p.actions = p.results = p.lessons = "Text.";
  p.figures = "120 people";
  p.cost_band = "none";
  p.effort_band = "low";
  p.size_band = "under_10k";
  p.country = "IT";
  p.contact_name = "A";
  p.contact_email = "a@example.org";
  p.areas = {area};
  auto id = practices::store::create(*c, p, std::nullopt);
  practices::store::moderate(*c, id, moderator, true, "checked");
}

// The demo's journey in miniature: in every language a foundation course on 2.1 (translations
// of one Italian original) and an advanced course on 1.1; foundation courses on 1.1 in German
// and Finnish only; a highly specialised course in Swedish only; a draft; events in three
// languages; a practice in Italian.
struct Journey {
  std::map<std::string, std::int64_t> foundation, advanced;
  std::int64_t draft = 0, specialist = 0;
};

Journey journey(TestServer& s) {
  Journey j;
  for (const auto& l : kLangs) {
    j.foundation[l] = add_course(s, "Foundation " + l, "foundation", l, {"2.1"});
    j.advanced[l] = add_course(s, "Advanced " + l, "advanced", l, {"1.1"});
  }
  {
    auto c = s.db().acquire();
    for (const auto& l : kLangs)
      c->exec("UPDATE courses SET group_id = ?, translation_of = ? WHERE id = ?",
              {j.foundation["it"], l == "it" ? std::nullopt : std::optional(j.foundation["it"]), j.foundation[l]});
  }
  add_course(s, "Grundlagen de", "foundation", "de", {"1.1"});
  add_course(s, "Perusteet fi", "foundation", "fi", {"1.1"});
  j.specialist = add_course(s, "Specialist sv", "highly_specialised", "sv", {"3.1"});
  j.draft = add_course(s, "Draft course", "foundation", "it", {"1.1"});
  {
    auto c = s.db().acquire();
    c->exec("UPDATE courses SET published = 0 WHERE id = ?", {j.draft});
  }
  add_event(s, "Webinar it", "it", "information", 3 * 86400);
  add_event(s, "Webinar de", "de", "information", 86400);
  add_event(s, "Webinar fi", "fi", "communication", 2 * 86400);
  add_practice(s, "Pratica it", "it", "1");
  return j;
}

struct Link {
  std::string href, lang, label;  // label: the visible language mark, if any
};

// The links of one list of the result page, with their lang attribute and language mark.
std::vector<Link> links_in(const std::string& body, const std::string& list_id) {
  auto from = body.find("id=\"" + list_id + "\"");
  if (from == std::string::npos) return {};
  auto section = body.substr(from, body.find("</ul>", from) - from);
  static const std::regex re(R"re(<a href="([^"]+)" lang="([a-z]+)">[^<]*</a>( <span class="badge bg-secondary cs-lang">([^<]*)</span>)?)re");
  std::vector<Link> out;
  for (std::sregex_iterator it(section.begin(), section.end(), re), end; it != end; ++it)
    out.push_back({(*it)[1], (*it)[2], (*it)[4]});
  return out;
}

std::string text_of(const std::string& body, const std::string& id) {
  auto from = body.find("id=\"" + id + "\"");
  if (from == std::string::npos) return "";
  from = body.find('>', from) + 1;
  return body.substr(from, body.find("</p>", from) - from);
}

}  // namespace

TEST(Assessment, AnonymousVisitorCompletesTheTestAndGetsLevelsChartAndCourses) {
  TestServer s;
  auto beginner = add_course(s, "Searching the web well", "foundation", "en", {"1.1", "1.2"});
  add_course(s, "Advanced data analysis", "advanced", "en", {"1.3"});
  add_course(s, "Unpublished draft", "foundation", "en", {"1.1"});
  {
    auto c = s.db().acquire();
    c->exec("UPDATE courses SET published = 0 WHERE title = 'Unpublished draft'");
  }
  Client c = s.client();
  auto intro = c.get("/assessment");
  EXPECT_EQ(intro.status, 200);
  EXPECT_EQ(test::count(intro.body, "<h1"), 1);
  EXPECT_NE(intro.body.find("Information and data literacy"), std::string::npos);
  auto result = complete(s, c, false);
  auto page = c.get(result);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(test::count(page.body, "level 1 of 8 (foundation)"), 5);  // the chart's description
  EXPECT_NE(page.body.find("<svg"), std::string::npos);
  EXPECT_NE(page.body.find("id=\"levels-table\""), std::string::npos);
  EXPECT_NE(page.body.find("<th scope=\"row\">2. Communication and collaboration</th><td>1</td><td>foundation</td><td>12 / 12</td>"),
            std::string::npos);
  auto first = page.body.find("href=\"/courses/" + std::to_string(beginner) + "\"");
  EXPECT_NE(first, std::string::npos);
  // No foundation course teaches 1.3: the nearest level is offered, after the next level's.
  EXPECT_GT(page.body.find("Advanced data analysis"), first);
  EXPECT_EQ(page.body.find("Unpublished draft"), std::string::npos);
  EXPECT_NE(page.body.find("/login?next=/assessment/result/"), std::string::npos);
  // Only the browser holding the token sees the result.
  EXPECT_EQ(s.client().get(result).status, 404);
  // The resume link works on another device.
  Client other = s.client();
  auto resumed = other.get("/assessment/resume?token=" + token_of(c));
  EXPECT_EQ(resumed.status, 303);
  EXPECT_EQ(resumed.header("location"), result);
  EXPECT_EQ(other.get(result).status, 200);
  EXPECT_EQ(s.client().get("/assessment/resume?token=not-a-token").status, 404);
  EXPECT_EQ(s.client().get("/assessment/resume").status, 404);
  EXPECT_NE(page.body.find("/assessment/resume?token=" + token_of(c)), std::string::npos);
}

TEST(Assessment, LowestAndHighestInEveryLanguageGetCoursesInTheirLanguageWithForeignItemsMarked) {
  TestServer s;
  auto j = journey(s);
  for (const auto& lang : kLangs)
    for (bool top : {false, true}) {
      SCOPED_TRACE(lang + (top ? " highest" : " lowest"));
      Client c = s.client();
      c.lang = lang;
      auto page = c.get(complete(s, c, top));
      ASSERT_EQ(page.status, 200);
      auto courses = links_in(page.body, "recommended-courses");
      ASSERT_FALSE(courses.empty()) << page.body;
      EXPECT_EQ(page.body.find(i18n::t(lang, "assessment.result.no_courses")), std::string::npos);
      EXPECT_EQ(courses.front().lang, lang);  // the reader's language first
      EXPECT_LE(courses.size(), 6u);
      // Exactly one version of the translated foundation course: the reader's.
      int versions = 0;
      for (const auto& [l, id] : j.foundation)
        for (const auto& link : courses)
          if (link.href == "/courses/" + std::to_string(id)) {
            ++versions;
            EXPECT_EQ(l, lang);
          }
      EXPECT_EQ(versions, 1);
      std::set<std::string> hrefs;
      auto events = links_in(page.body, "recommended-events");
      EXPECT_FALSE(events.empty());
      auto practices = links_in(page.body, "recommended-practices");
      for (const auto* list : {&courses, &events, &practices})
        for (const auto& link : *list) {
          EXPECT_TRUE(hrefs.insert(link.href).second) << "twice: " << link.href;
          EXPECT_NE(link.href, "/courses/" + std::to_string(j.draft));
          // Nothing foreign without its language marked, in the reader's language.
          EXPECT_EQ(link.label, link.lang == lang ? "" : i18n::t(lang, "assessment.lang." + link.lang)) << link.href;
        }
      // The intro once, and a next step above the band the person is in.
      EXPECT_EQ(test::count(page.body, "id=\"path-intro\""), 1);
      EXPECT_EQ(test::count(page.body, i18n::t(lang, "assessment.result.path_intro")), 1);
      auto band = [&](const char* b) { return i18n::t(lang, std::string("assessment.band.") + b); };
      auto next = text_of(page.body, "next-step");
      if (top) {
        EXPECT_EQ(next, "<strong>" + i18n::t(lang, "assessment.result.top_reached", {{"band", band("highly_specialised")}}) + "</strong>");
        EXPECT_EQ(practices.size(), 1u);
        // Highly specialised where it exists, else the nearest band below: advanced.
        EXPECT_EQ(courses.front().href, "/courses/" + std::to_string(lang == "sv" ? j.specialist : j.advanced[lang]));
      } else {
        EXPECT_EQ(next, "<strong>" + i18n::t(lang, "assessment.result.next_step", {{"band", band("foundation")}, {"next", band("intermediate")}}) + "</strong>");
        EXPECT_NE(next.find(band("intermediate")), std::string::npos);
        EXPECT_TRUE(practices.empty());
      }
    }
}

TEST(Assessment, AllTopAnswersGiveHighlySpecialisedInEveryAreaAndTheUntouchedAreasAreNotAssessed) {
  TestServer s;
  Client top = s.client();
  auto page = top.get(complete(s, top, true));
  EXPECT_EQ(test::count(page.body, "level 8 of 8 (highly specialised)"), 5);
  // Finishing after the first area leaves the others unassessed.
  Client quick = s.client();
  auto qs = questions(s);
  start(quick);
  quick.get("/assessment/area/1");
  auto r = quick.post("/assessment/area/1", answers_for(qs, "1", true, "finish"));
  ASSERT_EQ(r.status, 303);
  auto partial = quick.get(r.header("location"));
  EXPECT_EQ(test::count(partial.body, "not assessed"), 4 * 2);  // the table and the chart's description
}

TEST(Assessment, AnswersSurviveRefreshAndBackAndTheResumeLinkReturnsToTheArea) {
  TestServer s;
  auto qs = questions(s);
  Client c = s.client();
  start(c);
  c.get("/assessment/area/1");
  EXPECT_EQ(c.post("/assessment/area/1", answers_for(qs, "1", true, "next")).header("location"), "/assessment/area/2");
  c.get("/assessment/area/2");
  EXPECT_EQ(c.post("/assessment/area/2", {{"nav", "back"}}).header("location"), "/assessment/area/1");
  auto again = c.get("/assessment/area/1");
  EXPECT_EQ(test::count(again.body, "name=\"q" + std::to_string(qs.front().id) + "\""), 5);  // the five-point scale
  EXPECT_EQ(test::count(again.body, " checked"), 6);
  EXPECT_NE(again.body.find("6 answers given of 42"), std::string::npos);
  // A second "Start" continues the same attempt.
  c.get("/assessment");
  EXPECT_EQ(c.post("/assessment/start", {{"framework", "1"}}).header("location"), "/assessment/area/1");
  Client phone = s.client();
  EXPECT_EQ(phone.get("/assessment/resume?token=" + token_of(c)).header("location"), "/assessment/area/1");
  EXPECT_EQ(test::count(phone.get("/assessment/area/1").body, " checked"), 6);
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM assessment_attempts")->i64(0), 1);
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM assessment_answers")->i64(0), 6);
}

TEST(Assessment, DoubleAndConcurrentSubmitsLoseNothingAndDuplicateNothing) {
  TestServer s;
  auto qs = questions(s);
  Client c = s.client();
  start(c);
  c.get("/assessment/area/1");
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int i = 0; i < 12; ++i)
    threads.emplace_back([&] {
      Client same = c;
      if (same.post("/assessment/area/1", answers_for(qs, "1", false, "next")).status == 303) ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 12);
  for (int n = 2; n <= 4; ++n) c.post("/assessment/area/" + std::to_string(n), answers_for(qs, std::to_string(n), false, "next"));
  auto last = answers_for(qs, "5", false, "finish");
  auto first = c.post("/assessment/area/5", last);
  auto second = c.post("/assessment/area/5", last);
  EXPECT_EQ(first.status, 303);
  EXPECT_EQ(second.status, 303);
  EXPECT_EQ(first.header("location"), second.header("location"));
  // Changing an answer of a finished attempt is refused.
  auto changed = last;
  changed[0].second = changed[0].second == "4" ? "3" : "4";
  EXPECT_EQ(c.post("/assessment/area/5", changed).status, 409);
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM assessment_answers")->i64(0), 42);
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM assessment_results WHERE scope = 'area'")->i64(0), 5);
  // Going to an area of a finished attempt shows the result.
  EXPECT_EQ(c.get("/assessment/area/2").status, 303);
}

TEST(Assessment, TamperedAnswersAreRefusedAndNothingIsSaved) {
  TestServer s;
  auto qs = questions(s);
  // A question of another framework.
  std::int64_t foreign = 0;
  {
    auto c = s.db().acquire();
    auto f = assessment::builtin_digcomp();
    f.code = "other-framework";
    s.db().tx(db::TxKind::kWrite, [&](db::Tx& t) { assessment::load_framework(t, f, std::nullopt, false); });
    foreign = c->one("SELECT q.id FROM assessment_questions q JOIN frameworks f ON f.id = q.framework_id "
                     "WHERE f.code = 'other-framework' AND q.qkey = '1.1-s'")->i64(0);
  }
  Client c = s.client();
  auto area1 = qs.front().id;
  std::int64_t area2 = 0;
  for (const auto& q : qs)
    if (q.area == "2" && !area2) area2 = q.id;
  start(c);
  c.get("/assessment/area/1");
  auto post = [&](std::vector<std::pair<std::string, std::string>> f) { return c.post("/assessment/area/1", f).status; };
  EXPECT_EQ(post({{"q" + std::to_string(foreign), "4"}, {"nav", "next"}}), 400);
  EXPECT_EQ(post({{"q" + std::to_string(area2), "4"}, {"nav", "next"}}), 400);  // another area
  EXPECT_EQ(post({{"q99999999999999999999", "4"}, {"nav", "next"}}), 400);
  EXPECT_EQ(post({{"qabc", "4"}, {"nav", "next"}}), 400);
  EXPECT_EQ(post({{"q" + std::to_string(area1), "9"}, {"nav", "next"}}), 400);
  EXPECT_EQ(post({{"q" + std::to_string(area1), "-1"}, {"nav", "next"}}), 400);
  EXPECT_EQ(post({{"q" + std::to_string(area1), "4"}, {"q" + std::to_string(area1), "3"}, {"nav", "next"}}), 400);
  EXPECT_EQ(post({{"q" + std::to_string(area1), "4"}, {"score", "100"}, {"nav", "next"}}), 400);
  EXPECT_EQ(post({{"q" + std::to_string(area1), "4"}, {"nav", "jump"}}), 400);
  EXPECT_EQ(post({{"q" + std::to_string(area1), "4"}, {"nav", "next"}}), 303);
  EXPECT_EQ(c.get("/assessment/area/9").status, 404);
  EXPECT_EQ(c.get("/assessment/area/0").status, 404);
  EXPECT_EQ(c.post("/assessment/area/1", {{"nav", "next"}}, false).status, 403);  // no CSRF token
  c.get("/assessment");
  EXPECT_EQ(c.post("/assessment/start", {{"framework", "999"}}).status, 400);
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM assessment_answers")->i64(0), 1);
  // Without an attempt there is nothing to answer.
  Client fresh = s.client();
  fresh.get("/assessment");
  EXPECT_EQ(fresh.post("/assessment/area/1", {{"q" + std::to_string(area1), "4"}, {"nav", "next"}}).header("location"),
            "/assessment");
}

TEST(Assessment, StartingManyAttemptsFromOneAddressIsThrottled) {
  TestServer s;
  for (int i = 0; i < 30; ++i) {
    Client c = s.client();
    EXPECT_EQ(start(c), "/assessment/area/1");
  }
  Client c = s.client();
  c.get("/assessment");
  auto r = c.post("/assessment/start", {{"framework", "1"}});
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("retry-after"), "3600");
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM assessment_attempts")->i64(0), 30);
}

TEST(Assessment, SigningInKeepsTheAnonymousResultAndHistoryShowsHowEachAreaMoved) {
  TestServer s;
  auto email = test::unique_email("learner");
  auto uid = s.add_user(email, test::kPassword);
  Client c = s.client();
  auto first = complete(s, c, false);
  // Sign in with the same browser: the attempt becomes theirs.
  c.get("/login");
  auto login = c.post("/login", {{"email", email}, {"password", test::kPassword}, {"next", first}});
  ASSERT_EQ(login.status, 303);
  EXPECT_EQ(login.header("location"), first);
  EXPECT_EQ(c.get(first).status, 200);
  {
    auto db = s.db().acquire();
    EXPECT_EQ(db->one("SELECT user_id FROM assessment_attempts")->i64(0), uid);
  }
  auto second = complete(s, c, true);
  EXPECT_NE(first, second);
  auto history = c.get("/assessment/history");
  ASSERT_EQ(history.status, 200);
  EXPECT_EQ(test::count(history.body, "up 7"), 5);
  EXPECT_EQ(test::count(history.body, "href=\"/assessment/result/"), 2);
  // Someone else, signed in, cannot see it.
  auto other = test::unique_email("other");
  s.add_user(other, test::kPassword);
  Client o = s.signed_in(other, test::kPassword);
  EXPECT_EQ(o.get(first).status, 404);
  EXPECT_EQ(s.client().get("/assessment/history").status, 303);
}

TEST(Assessment, AuthorsEditTheQuestionBankOfTheirFrameworkOnly) {
  TestServer s;
  std::int64_t a = 0, b = 0, fid = 0;
  auto author_a = test::unique_email("author-a"), author_b = test::unique_email("author-b"),
       admin = test::unique_email("padmin");
  auto ida = s.add_user(author_a, test::kPassword), idb = s.add_user(author_b, test::kPassword);
  s.add_user(admin, test::kPassword, true);
  {
    auto c = s.db().acquire();
    a = *orgs::store::create(*c, {0, "Org A", "org-a", "city", "IT", ""});
    b = *orgs::store::create(*c, {0, "Org B", "org-b", "city", "IT", ""});
    orgs::store::grant(*c, ida, a, "author");
    orgs::store::grant(*c, idb, b, "author");
    auto f = assessment::builtin_digcomp();
    f.code = "pa-staff";
    fid = s.db().tx(db::TxKind::kWrite, [&](db::Tx& t) { return assessment::load_framework(t, f, a, false).framework_id; });
  }
  auto fpath = "/assessment/manage/" + std::to_string(fid);
  Client ca = s.signed_in(author_a, test::kPassword);
  EXPECT_EQ(ca.get("/assessment/manage").status, 200);
  EXPECT_EQ(ca.get(fpath).status, 200);
  EXPECT_EQ(ca.get("/assessment/manage/1").status, 403);  // DigComp: platform admins only
  Client cb = s.signed_in(author_b, test::kPassword);
  EXPECT_EQ(cb.get("/assessment/manage").status, 403);
  EXPECT_EQ(cb.get(fpath).status, 403);
  ca.get(fpath + "/questions/new");
  std::int64_t comp = 0, foreign_comp = 0;
  {
    auto c = s.db().acquire();
    comp = c->one("SELECT id FROM framework_competences WHERE framework_id = ? AND code = '3.4'", {fid})->i64(0);
    foreign_comp = c->one("SELECT id FROM framework_competences WHERE framework_id = 1 AND code = '3.4'")->i64(0);
  }
  std::vector<std::pair<std::string, std::string>> form = {
      {"competence", std::to_string(comp)}, {"level", "advanced"}, {"kind", "true_false"}, {"answer", "1"},
      {"active", "1"}, {"prompt_en", "A function can call itself."}, {"prompt_it", "Una funzione può chiamare se stessa."}};
  auto bad = form;
  bad[0].second = std::to_string(foreign_comp);
  EXPECT_EQ(ca.post(fpath + "/questions/new", bad).status, 422);
  bad = form;
  bad[5].second = std::string(600, 'x');
  auto long_text = ca.post(fpath + "/questions/new", bad);
  EXPECT_EQ(long_text.status, 422);
  EXPECT_NE(long_text.body.find("600 characters"), std::string::npos);
  bad = form;
  bad[5].second = "";
  bad[6].second = "";
  EXPECT_EQ(ca.post(fpath + "/questions/new", bad).status, 422);
  bad = form;
  bad.emplace_back("framework_id", "1");
  EXPECT_EQ(ca.post(fpath + "/questions/new", bad).status, 400);
  EXPECT_EQ(ca.post(fpath + "/questions/new", form).status, 303);
  EXPECT_EQ(cb.post(fpath + "/questions/new", form).status, 403);
  std::int64_t qid = 0, digcomp_q = 0;
  {
    auto c = s.db().acquire();
    qid = c->one("SELECT id FROM assessment_questions WHERE qkey LIKE 'authored-%'")->i64(0);
    digcomp_q = c->one("SELECT id FROM assessment_questions WHERE framework_id = 1 LIMIT 1")->i64(0);
    EXPECT_EQ(c->one("SELECT COUNT(*) FROM assessment_question_texts WHERE question_id = ?", {qid})->i64(0), 2);
  }
  // A question of another framework through this framework's path is not found.
  EXPECT_EQ(ca.get(fpath + "/questions/" + std::to_string(digcomp_q)).status, 404);
  EXPECT_EQ(ca.get(fpath + "/questions/" + std::to_string(qid)).status, 200);
  form[1].second = "foundation";
  form.erase(form.begin() + 4);  // unticked: no longer asked
  EXPECT_EQ(ca.post(fpath + "/questions/" + std::to_string(qid), form).status, 303);
  auto c = s.db().acquire();
  auto row = c->one("SELECT level, active FROM assessment_questions WHERE id = ?", {qid});
  EXPECT_EQ(row->str(0), "foundation");
  EXPECT_EQ(row->i64(1), 0);
  Client pa = s.signed_in(admin, test::kPassword);
  EXPECT_EQ(pa.get("/assessment/manage/1").status, 200);
}

TEST(Assessment, OrganisationAdminsSeeLevelsOfTheirMembersOnlyFromFivePeople) {
  TestServer s;
  std::int64_t a = 0, b = 0;
  {
    auto c = s.db().acquire();
    a = *orgs::store::create(*c, {0, "Org A", "org-fig-a", "city", "IT", ""});
    b = *orgs::store::create(*c, {0, "Org B", "org-fig-b", "city", "IT", ""});
  }
  auto admin_a = test::unique_email("admin-a"), admin_b = test::unique_email("admin-b");
  auto ida = s.add_user(admin_a, test::kPassword), idb = s.add_user(admin_b, test::kPassword);
  {
    auto c = s.db().acquire();
    orgs::store::grant(*c, ida, a, "org_admin");
    orgs::store::grant(*c, idb, b, "org_admin");
  }
  Client ca = s.signed_in(admin_a, test::kPassword);
  auto take = [&](int i, bool top) {
    auto email = test::unique_email("member" + std::to_string(i));
    auto id = s.add_user(email, test::kPassword);
    {
      auto c = s.db().acquire();
      orgs::store::grant(*c, id, a, "learner");
    }
    Client m = s.signed_in(email, test::kPassword);
    complete(s, m, top);
  };
  for (int i = 0; i < 4; ++i) take(i, i % 2 == 0);
  auto few = ca.get("/assessment/org/org-fig-a");
  ASSERT_EQ(few.status, 200);
  EXPECT_NE(few.body.find("4 members have completed the test."), std::string::npos);
  EXPECT_EQ(few.body.find("<table"), std::string::npos);
  EXPECT_NE(few.body.find("only when at least 5 people"), std::string::npos);
  auto few_csv = ca.get("/assessment/org/org-fig-a/skills.csv");
  ASSERT_EQ(few_csv.status, 200);
  EXPECT_EQ(few_csv.body.find("Information and data literacy"), std::string::npos) << "no figures under five people";
  EXPECT_NE(few_csv.body.find("only when at least 5 people"), std::string::npos);
  // The REST API follows the same rule (its figures scope, an admin's token).
  auto token_a = test::api::make_token(s, ida, "figures:read");
  auto api_few = test::api::call(s, "GET", "/api/v1/figures?org=" + std::to_string(a), token_a);
  EXPECT_EQ(api_few.status, 200) << api_few.body;
  EXPECT_NE(api_few.body.find("\"people\":4,\"min_group\":5,\"areas\":null"), std::string::npos) << api_few.body;
  take(4, false);
  auto api_five = test::api::call(s, "GET", "/api/v1/figures?org=" + std::to_string(a), token_a, "",
                                  {{"Accept-Language", "en"}});
  EXPECT_NE(api_five.body.find("{\"code\":\"1\",\"name\":\"Information and data literacy\",\"bands\":[3,0,0,2],"
                               "\"not_assessed\":0}"),
            std::string::npos) << api_five.body;
  auto token_b = test::api::make_token(s, idb, "figures:read");
  EXPECT_EQ(test::api::call(s, "GET", "/api/v1/figures?org=" + std::to_string(a), token_b).status, 404);
  auto five = ca.get("/assessment/org/org-fig-a");
  EXPECT_NE(five.body.find("5 members have completed the test."), std::string::npos);
  EXPECT_NE(five.body.find("<th scope=\"row\">1. Information and data literacy</th><td>3</td><td>0</td><td>0</td><td>2</td><td>0</td>"),
            std::string::npos) << five.body;
  auto csv = ca.get("/assessment/org/org-fig-a/skills.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.header("content-type").find("text/csv"), std::string::npos);
  EXPECT_EQ(csv.body.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_NE(csv.body.find("\"1. Information and data literacy\",3,0,0,2,0\r\n"), std::string::npos) << csv.body;
  // Another organisation's admin learns nothing, not even that the organisation exists.
  Client cb = s.signed_in(admin_b, test::kPassword);
  EXPECT_EQ(cb.get("/assessment/org/org-fig-a").status, 404);
  EXPECT_EQ(cb.get("/assessment/org/org-fig-a/skills.csv").status, 404);
  EXPECT_EQ(cb.get("/assessment/org/org-fig-b").status, 200);
  EXPECT_EQ(cb.get("/assessment/org/no-such-org").status, 404);
}

}  // namespace cityskills
