// Learning paths through the real server: authors build, publish and change paths only in their
// own organisations; bad structures are refused with a message and nothing saved half-way;
// learners follow, progress through courses, events (check-in codes) and self-test levels, and
// are awarded once, even under 200 concurrent completions.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "features/catalog/store.hpp"
#include "features/events/store.hpp"
#include "features/orgs/store.hpp"
#include "features/paths/store.hpp"
#include "support/files.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"
#include "util/strings.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

std::int64_t org(TestServer& s, const std::string& slug) { return test::make_org(s, slug); }
using test::Member;
Member member(TestServer& s, std::int64_t org_id, const std::string& role) { return test::make_member(s, org_id, role); }

struct CourseIds {
  std::int64_t course = 0;
  std::vector<std::int64_t> lessons;
};

// A published course of `lessons` text lessons.
CourseIds add_course(TestServer& s, std::int64_t org, const std::string& title, int lessons = 1) {
  auto c = s.db().acquire();
  catalog::Course x;
  x.org_id = org;
  x.lang = "en";
  x.title = title;
  x.summary = "About " + title;
  x.description = "Text";
  x.outcomes = "One";
  x.level = "foundation";
  x.audience = "all";
  x.competences = {"4.1"};
  CourseIds ids;
  ids.course = catalog::store::create_course(*c, x, 0);
  auto module = catalog::store::add_module(*c, ids.course, "Module");
  for (int i = 0; i < lessons; ++i) {
    catalog::Lesson l;
    l.course_id = ids.course;
    l.module_id = module;
    l.kind = "text";
    l.title = "Lesson " + std::to_string(i + 1);
    l.body = "Read this.";
    ids.lessons.push_back(catalog::store::create_lesson(*c, l));
  }
  catalog::store::set_published(*c, ids.course, true);
  return ids;
}

// An event of `org` that started `started_ago` seconds ago and lasts an hour.
std::int64_t add_event(TestServer& s, std::int64_t org, std::int64_t started_ago, int capacity = 10) {
  events::Event e;
  e.org_id = org;
  e.kind = "bootcamp";
  e.title = "Bootcamp day";
  e.summary = "Together";
  e.description = "Agenda";
  e.lang = "en";
  e.theme = "safety";
  e.audience = "everyone";
  e.age_group = "all";
  e.starts_at = util::now_unix() - started_ago;
  e.ends_at = e.starts_at + 3600;
  e.time_zone = "Europe/Rome";
  e.online = true;
  e.join_url = "https://meet.example.org/room";
  e.capacity = capacity;
  auto c = s.db().acquire();
  return events::store::create(*c, e, 0);
}

// Registers the person straight in the table (registration is not what these tests are about;
// the event may already have started, when the registration form is closed).
void register_for(TestServer& s, std::int64_t event_id, std::int64_t user_id) {
  auto c = s.db().acquire();
  auto now = util::now_unix();
  c->exec("INSERT INTO registrations (event_id, user_id, status, queue_seq, created_at, updated_at) "
          "VALUES (?, ?, 'confirmed', ?, ?, ?)",
          {event_id, user_id, user_id, now, now});
}

std::int64_t id_from(const test::Reply& r) {
  auto loc = r.header("location");
  auto path = loc.substr(0, loc.find('#'));
  return std::stoll(path.substr(path.rfind('/') + 1));
}

std::vector<std::pair<std::string, std::string>> path_fields(std::int64_t org_id, const std::string& title) {
  std::vector<std::pair<std::string, std::string>> f{{"lang", "en"},        {"title", title},
                                                     {"summary", "A path"}, {"description", "Steps **in order**."},
                                                     {"audience", "all"},   {"level", "intermediate"},
                                                     {"qualification", "1"}};
  if (org_id) f.insert(f.begin(), {"org_id", std::to_string(org_id)});
  return f;
}

std::vector<paths::Step> steps_of(TestServer& s, std::int64_t path_id) {
  auto c = s.db().acquire();
  return paths::store::steps(*c, path_id);
}

std::int64_t completions(TestServer& s, std::int64_t path_id) {
  auto c = s.db().acquire();
  return c->one("SELECT COUNT(*) FROM path_completions WHERE path_id = ?", {path_id})->i64(0);
}

// A finished self-test attempt of the person with `level` in `area` of the default framework.
void self_test_level(TestServer& s, std::int64_t user_id, const std::string& area, int level) {
  auto c = s.db().acquire();
  auto fw = c->one("SELECT id FROM frameworks WHERE is_default = 1")->i64(0);
  auto now = util::now_unix();
  auto attempt = c->insert("INSERT INTO assessment_attempts (framework_id, token_hash, user_id, lang, finished_at, "
                           "created_at, updated_at) VALUES (?, ?, ?, 'en', ?, ?, ?) RETURNING id",
                           {fw, "test-" + std::to_string(user_id) + "-" + std::to_string(now), user_id, now, now, now});
  c->exec("INSERT INTO assessment_results (attempt_id, scope, code, score, level, answered, total) "
          "VALUES (?, 'area', ?, 0.5, ?, 4, 4)",
          {attempt, area, level});
}

}  // namespace

TEST(Paths, AuthorBuildsAPathWithEveryKindOfStepAndBadStructuresAreRefused) {
  TestServer s;
  auto a = org(s, "city-a"), b = org(s, "city-b");
  auto author = member(s, a, "author");
  auto other = member(s, b, "author");
  auto course = add_course(s, a, "Passwords");
  auto elective1 = add_course(s, a, "Backups");
  auto elective2 = add_course(s, a, "Updates");
  auto foreign = add_course(s, b, "Foreign course");
  auto event = add_event(s, a, 600);
  auto foreign_event = add_event(s, b, 600);

  EXPECT_EQ(s.client().get("/author/paths").status, 303);  // sign in first
  auto citizen = member(s, 0, "citizen");
  EXPECT_EQ(citizen.client.get("/author/paths/new").status, 403);
  author.client.get("/author/paths/new");
  EXPECT_EQ(author.client.post("/author/paths/new", path_fields(b, "Into B")).status, 403);
  auto bad = path_fields(a, " ");
  bad.emplace_back("issuers", "999999");
  auto refused = author.client.post("/author/paths/new", bad);
  EXPECT_EQ(refused.status, 422);
  EXPECT_NE(refused.body.find("One of the chosen organisations does not exist."), std::string::npos);
  auto created = author.client.post("/author/paths/new", path_fields(a, "Safe at work"));
  ASSERT_EQ(created.status, 303) << created.body;
  auto id = id_from(created);
  auto edit = "/author/paths/" + std::to_string(id);
  // A draft is hidden from everyone but its organisation's authors.
  EXPECT_EQ(s.client().get("/paths/" + std::to_string(id)).status, 404);
  EXPECT_EQ(other.client.get("/paths/" + std::to_string(id)).status, 404);
  EXPECT_EQ(author.client.get("/paths/" + std::to_string(id)).status, 200);
  // Publishing an empty path is refused with the reason.
  author.client.get(edit);
  auto empty = author.client.post(edit + "/publish", {});
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("add at least one step"), std::string::npos);

  // Step 1: a course. Step 2: two of three (two courses and an event). Step 3: a self-test level.
  ASSERT_EQ(author.client.post(edit + "/steps", {{"title", ""}, {"need", "1"}}).status, 303);
  ASSERT_EQ(author.client.post(edit + "/steps", {{"title", "Electives"}, {"need", "2"}}).status, 303);
  ASSERT_EQ(author.client.post(edit + "/steps", {{"title", ""}, {"need", "1"}}).status, 303);
  EXPECT_EQ(author.client.post(edit + "/steps", {{"title", ""}, {"need", "0"}}).status, 422);
  EXPECT_EQ(author.client.post(edit + "/steps", {{"title", ""}, {"need", "many"}}).status, 422);
  auto st = steps_of(s, id);
  ASSERT_EQ(st.size(), 3u);
  auto req = [&](std::int64_t step, std::vector<std::pair<std::string, std::string>> f) {
    author.client.get(edit);
    return author.client.post(edit + "/steps/" + std::to_string(step) + "/requirements", f);
  };
  auto r = req(st[0].id, {{"kind", "course"}, {"course_id", std::to_string(foreign.course)}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("belongs to an organisation that does not issue this path"), std::string::npos);
  EXPECT_EQ(req(st[0].id, {{"kind", "course"}, {"course_id", "99999999"}}).status, 422);
  EXPECT_EQ(req(st[0].id, {{"kind", "course"}, {"course_id", ""}}).status, 422);
  EXPECT_EQ(req(st[1].id, {{"kind", "event"}, {"event_id", std::to_string(foreign_event)}}).status, 422);
  EXPECT_EQ(req(st[0].id, {{"kind", "path"}, {"path_id", std::to_string(id)}}).status, 422);  // itself
  EXPECT_EQ(req(st[0].id, {{"kind", "badge"}}).status, 422);
  EXPECT_EQ(req(st[2].id, {{"kind", "level"}, {"area", "9"}, {"band", "intermediate"}}).status, 422);
  EXPECT_EQ(req(st[2].id, {{"kind", "level"}, {"area", "4"}, {"band", "guru"}}).status, 422);
  EXPECT_EQ(req(st[0].id, {{"kind", "course"}, {"course_id", "1"}, {"role", "admin"}}).status, 400);  // a field it does not own
  EXPECT_TRUE(steps_of(s, id)[0].requirements.empty());  // nothing saved by the refusals
  EXPECT_EQ(req(st[0].id, {{"kind", "course"}, {"course_id", std::to_string(course.course)}}).status, 303);
  EXPECT_EQ(req(st[1].id, {{"kind", "course"}, {"course_id", std::to_string(elective1.course)}}).status, 303);
  EXPECT_EQ(req(st[1].id, {{"kind", "course"}, {"course_id", std::to_string(elective2.course)}}).status, 303);
  EXPECT_EQ(req(st[1].id, {{"kind", "event"}, {"event_id", std::to_string(event)}}).status, 303);
  EXPECT_EQ(req(st[2].id, {{"kind", "level"}, {"area", "4"}, {"band", "intermediate"}}).status, 303);
  // "4 of 3" is refused with the counts.
  author.client.get(edit);
  auto four = author.client.post(edit + "/steps/" + std::to_string(st[1].id), {{"title", "Electives"}, {"need", "4"}});
  EXPECT_EQ(four.status, 422);
  EXPECT_NE(four.body.find("This group holds 3 requirements, so it cannot ask for 4."), std::string::npos);
  EXPECT_EQ(steps_of(s, id)[1].need, 2);

  // Another organisation's author can neither see the editor nor change anything.
  EXPECT_EQ(other.client.get(edit).status, 403);
  other.client.get("/paths");
  EXPECT_EQ(other.client.post(edit + "/steps", {{"title", ""}, {"need", "1"}}).status, 403);
  EXPECT_EQ(other.client.post(edit + "/publish", {}).status, 403);
  EXPECT_EQ(other.client.post(edit + "/delete", {}).status, 403);
  EXPECT_EQ(other.client.post(edit + "/steps/" + std::to_string(st[0].id) + "/delete", {}).status, 403);
  EXPECT_EQ(steps_of(s, id).size(), 3u);
  // A step of another path through this path's address is not found.
  author.client.get(edit);
  auto second = author.client.post("/author/paths/new", path_fields(a, "Second"));
  auto second_edit = "/author/paths/" + std::to_string(id_from(second));
  author.client.get(second_edit);
  EXPECT_EQ(author.client.post(second_edit + "/steps/" + std::to_string(st[0].id) + "/delete", {}).status, 404);

  author.client.get(edit);
  ASSERT_EQ(author.client.post(edit + "/publish", {}).status, 303);
  auto page = s.client().get("/paths/" + std::to_string(id));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Passwords"), std::string::npos);
  EXPECT_NE(page.body.find("Complete 2 of these 3"), std::string::npos);
  EXPECT_NE(page.body.find("reach Intermediate in 4."), std::string::npos);
  EXPECT_NE(s.client().get("/paths").body.find("Safe at work"), std::string::npos);
  EXPECT_NE(s.client().get("/search?q=Safe+at+work").body.find("/paths/" + std::to_string(id)), std::string::npos);

  // A published path is never left impossible to complete: removing an elective that would make
  // the group "2 of 1"... is allowed down to 2 of 2, then refused.
  auto now_steps = steps_of(s, id);
  author.client.get(edit);
  EXPECT_EQ(author.client.post(edit + "/requirements/" + std::to_string(now_steps[1].requirements[0].id) + "/delete", {}).status,
            303);
  author.client.get(edit);
  auto broken = author.client.post(edit + "/requirements/" + std::to_string(now_steps[1].requirements[1].id) + "/delete", {});
  EXPECT_EQ(broken.status, 409);
  EXPECT_EQ(steps_of(s, id)[1].requirements.size(), 2u);
  // Adding a step to a published path waits for unpublishing (a new step is empty).
  author.client.get(edit);
  EXPECT_EQ(author.client.post(edit + "/steps", {{"title", ""}, {"need", "1"}}).status, 409);
}

TEST(Paths, LearnerFollowsProgressesThroughEveryKindOfStepAndIsAwardedOnce) {
  TestServer s;
  auto a = org(s, "city-a");
  auto author = member(s, a, "author");
  auto learner = member(s, 0, "learner");
  auto course = add_course(s, a, "Passwords", 2);
  auto event = add_event(s, a, 600);
  std::int64_t id;
  {
    auto c = s.db().acquire();
    paths::Path p;
    p.org_id = a;
    p.lang = "en";
    p.title = "Safe at work";
    p.summary = "A path";
    p.description = "Steps";
    p.level = "intermediate";
    p.qualification = true;
    id = paths::store::create(*c, p, 0);
    paths::Requirement rc, re, rl;
    rc.kind = "course";
    rc.course_id = course.course;
    re.kind = "event";
    re.event_id = event;
    rl.kind = "level";
    rl.area = "4";
    rl.band = "intermediate";
    paths::store::add_requirement(*c, paths::store::add_step(*c, id, "", 1), id, rc);
    paths::store::add_requirement(*c, paths::store::add_step(*c, id, "", 1), id, re);
    paths::store::add_requirement(*c, paths::store::add_step(*c, id, "", 1), id, rl);
    paths::store::set_published(*c, id, true);
  }
  auto path = "/paths/" + std::to_string(id);
  auto page = learner.client.get(path);
  EXPECT_NE(page.body.find("Follow this path"), std::string::npos);
  EXPECT_EQ(learner.client.post(path + "/follow", {}).status, 303);
  EXPECT_NE(learner.client.get(path).body.find("0 of 3 steps done"), std::string::npos);
  EXPECT_NE(learner.client.get("/my/learning").body.find("Safe at work"), std::string::npos);

  // The course: both lessons.
  auto course_url = "/courses/" + std::to_string(course.course);
  learner.client.get(course_url);
  ASSERT_EQ(learner.client.post(course_url + "/enrol", {}).status, 303);
  for (auto lesson : course.lessons) {
    learner.client.get(course_url + "/lessons/" + std::to_string(lesson));
    ASSERT_EQ(learner.client.post(course_url + "/lessons/" + std::to_string(lesson) + "/complete", {}).status, 303);
  }
  EXPECT_NE(learner.client.get(path).body.find("1 of 3 steps done"), std::string::npos);

  // The event: the organiser makes a check-in code, the learner enters it once.
  auto event_url = "/events/" + std::to_string(event);
  learner.client.get(event_url);
  EXPECT_EQ(learner.client.post(event_url + "/checkin", {{"code", "ABCD-EFGH"}}).status, 409);  // not registered
  register_for(s, event, learner.id);
  EXPECT_EQ(learner.client.post(event_url + "/checkin", {{"code", "ABCD-EFGH"}}).status, 409);  // no code yet
  author.client.get(event_url + "/registrants");
  ASSERT_EQ(author.client.post(event_url + "/checkin-code", {}).status, 303);
  std::string code;
  {
    auto c = s.db().acquire();
    code = events::store::checkin_code(*c, event);
  }
  ASSERT_EQ(code.size(), 8u);
  EXPECT_NE(author.client.get(event_url + "/registrants").body.find(code.substr(0, 4) + "-" + code.substr(4)), std::string::npos);
  EXPECT_NE(learner.client.get(event_url).body.find("Check-in code shown at the event"), std::string::npos);
  auto wrong = learner.client.post(event_url + "/checkin", {{"code", "ZZZZ-ZZZZ"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_NE(wrong.body.find("This is not the check-in code of this event."), std::string::npos);
  std::string typed = util::to_lower(code.substr(0, 4)) + " - " + code.substr(4);
  ASSERT_EQ(learner.client.post(event_url + "/checkin", {{"code", typed}}).status, 303);
  auto again = learner.client.post(event_url + "/checkin", {{"code", code}});
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("already recorded"), std::string::npos);
  EXPECT_NE(learner.client.get(path).body.find("2 of 3 steps done"), std::string::npos);
  EXPECT_EQ(completions(s, id), 0);

  // The self-test level: finishing an attempt at the intermediate level in area 4 completes it.
  self_test_level(s, learner.id, "4", 4);
  learner.client.get(path);
  ASSERT_EQ(learner.client.post(path + "/unfollow", {}).status, 303);
  ASSERT_EQ(learner.client.post(path + "/follow", {}).status, 303);
  EXPECT_EQ(completions(s, id), 1);
  {
    // The qualification's certificate and credential: one award, the path's translation group as subject.
    auto c = s.db().acquire();
    EXPECT_EQ(c->one("SELECT COUNT(*) FROM awards WHERE user_id = ? AND kind = 'qualification'", {learner.id})->i64(0), 1);
    EXPECT_EQ(c->one("SELECT COUNT(*) FROM awards WHERE user_id = ? AND kind = 'event'", {learner.id})->i64(0), 1);
  }
  page = learner.client.get(path);
  EXPECT_NE(page.body.find("You were awarded this qualification on"), std::string::npos);
  auto mine = learner.client.get("/my/learning");
  EXPECT_NE(mine.body.find("My completed paths and qualifications"), std::string::npos);
  EXPECT_NE(mine.body.find("Safe at work"), std::string::npos);
  auto profile = learner.client.get("/profile");
  EXPECT_NE(profile.body.find("Safe at work</a> (Qualification)"), std::string::npos);
  // Authors see who completed; the path cannot be deleted any more.
  auto who = author.client.get("/author/paths/" + std::to_string(id) + "/completions");
  EXPECT_EQ(who.status, 200);
  EXPECT_EQ(learner.client.get("/author/paths/" + std::to_string(id) + "/completions").status, 403);
  author.client.get("/author/paths/" + std::to_string(id));
  EXPECT_EQ(author.client.post("/author/paths/" + std::to_string(id) + "/delete", {}).status, 409);
  // Changing the path afterwards takes nothing away.
  author.client.post("/author/paths/" + std::to_string(id) + "/steps/" + std::to_string(steps_of(s, id)[1].id) + "/delete", {});
  EXPECT_EQ(completions(s, id), 1);
  EXPECT_NE(learner.client.get(path).body.find("You were awarded this qualification on"), std::string::npos);
}

TEST(Paths, CheckInCodesHoldOnlyDuringTheEventAndGuessesAreLimited) {
  TestServer s;
  auto a = org(s, "city-a");
  auto author = member(s, a, "author");
  auto learner = member(s, 0, "learner");
  auto later = add_event(s, a, -7200);  // starts in two hours
  auto past = add_event(s, a, 4 * 3600);  // ended three hours ago
  auto now = add_event(s, a, 60);
  for (auto e : {later, past, now}) register_for(s, e, learner.id);
  {
    auto c = s.db().acquire();
    for (auto e : {later, past, now}) events::store::set_checkin_code(*c, e, "ABCDEFGH");
  }
  learner.client.get("/events");
  auto early = learner.client.post("/events/" + std::to_string(later) + "/checkin", {{"code", "ABCDEFGH"}});
  EXPECT_EQ(early.status, 409);
  EXPECT_NE(early.body.find("opens 30 minutes before"), std::string::npos);
  EXPECT_EQ(learner.client.post("/events/" + std::to_string(past) + "/checkin", {{"code", "ABCDEFGH"}}).status, 409);
  EXPECT_EQ(learner.client.post("/events/" + std::to_string(now) + "/checkin", {{"code", ""}}).status, 422);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(learner.client.post("/events/" + std::to_string(now) + "/checkin", {{"code", "WRONG" + std::to_string(i)}}).status, 422);
  EXPECT_EQ(learner.client.post("/events/" + std::to_string(now) + "/checkin", {{"code", "WRONGER"}}).status, 422);
  // The sixth guess is held back, even with the right code.
  EXPECT_EQ(learner.client.post("/events/" + std::to_string(now) + "/checkin", {{"code", "ABCDEFGH"}}).status, 429);
  // The organiser's bulk attendance names only registered people; otherwise nothing is saved.
  auto stranger = member(s, 0, "stranger");
  auto reg_url = "/events/" + std::to_string(now) + "/registrants";
  author.client.get(reg_url);
  auto refused = author.client.post("/events/" + std::to_string(now) + "/attendance",
                                    {{"present", std::to_string(learner.id)}, {"present", std::to_string(stranger.id)}});
  EXPECT_EQ(refused.status, 422);
  {
    auto c = s.db().acquire();
    EXPECT_TRUE(c->one("SELECT attended FROM registrations WHERE event_id = ? AND user_id = ?", {now, learner.id})->is_null(0));
  }
  EXPECT_EQ(author.client.post("/events/" + std::to_string(now) + "/attendance", {{"present", std::to_string(learner.id)}}).status,
            303);
  // A code for an event of another organisation cannot be made by this author.
  auto b = org(s, "city-b");
  auto foreign = add_event(s, b, 60);
  EXPECT_EQ(author.client.post("/events/" + std::to_string(foreign) + "/checkin-code", {}).status, 404);
}

TEST(Paths, ExactlyOneAwardUnder200ConcurrentCompletions) {
  TestServer s;
  auto a = org(s, "city-a");
  auto learner = member(s, 0, "learner");
  auto course = add_course(s, a, "Passwords");
  std::int64_t id;
  {
    auto c = s.db().acquire();
    paths::Path p;
    p.org_id = a;
    p.lang = "en";
    p.title = "One course";
    p.summary = "A path";
    p.description = "Steps";
    p.qualification = true;
    id = paths::store::create(*c, p, 0);
    paths::Requirement rc;
    rc.kind = "course";
    rc.course_id = course.course;
    paths::store::add_requirement(*c, paths::store::add_step(*c, id, "", 1), id, rc);
    paths::store::set_published(*c, id, true);
    catalog::store::enrol(*c, learner.id, course.course);
    s.db().tx(db::TxKind::kWrite, [&](db::Tx& t) {
      catalog::store::complete_lesson(t, learner.id, *catalog::store::lesson(t, course.lessons[0]));
    });
  }
  // The course was completed before following: 200 follows race to award the path.
  learner.client.get("/paths/" + std::to_string(id));
  constexpr int kRequests = 200;
  std::atomic<int> ok{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kRequests; ++t)
    threads.emplace_back([&] {
      Client c(s.port());
      c.cookies() = learner.client.cookies();
      c.get("/paths/" + std::to_string(id));
      auto r = c.post("/paths/" + std::to_string(id) + "/follow", {});
      (r.status == 303 ? ok : other)++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), kRequests);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(completions(s, id), 1);
}

TEST(Paths, AWebinarRecordingBecomesALessonLinkedBothWays) {
  TestServer s;
  auto a = org(s, "city-a"), b = org(s, "city-b");
  auto author = member(s, a, "author");
  auto other = member(s, b, "author");
  auto course = add_course(s, a, "Webinars of the year");
  auto foreign = add_course(s, b, "Not yours");
  auto event = add_event(s, a, 2 * 3600);
  auto url = "/events/" + std::to_string(event) + "/recording-lesson";
  // Another organisation's author is refused before the video is read.
  EXPECT_EQ(other.client.get(url).status, 404);
  other.client.get("/paths");
  EXPECT_EQ(other.client.post_multipart(url, {{"course_id", std::to_string(foreign.course)}, {"title", "x"}, {"minutes", "60"}},
                                         {{"video", "r.mp4", "video/mp4", test::files::mp4(60)}}).status,
            404);
  auto page = author.client.get(url);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Recording: Bootcamp day"), std::string::npos);
  // A course of another organisation, no video, bad captions: one page of errors, nothing saved.
  auto bad = author.client.post_multipart(url, {{"course_id", std::to_string(foreign.course)}, {"title", "Recording"},
                                                {"minutes", "0"}, {"captions_lang", "en"}},
                                          {{"captions", "c.vtt", "text/vtt", "not captions"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_NE(bad.body.find("Choose one of your organisation"), std::string::npos);
  {
    auto c = s.db().acquire();
    EXPECT_EQ(c->one("SELECT COUNT(*) FROM lessons WHERE course_id = ?", {course.course})->i64(0), 1);
  }
  author.client.get(url);
  auto done = author.client.post_multipart(
      url, {{"course_id", std::to_string(course.course)}, {"title", "Recording: Bootcamp day"}, {"minutes", "60"},
            {"captions_lang", "en"}},
      {{"video", "r.mp4", "video/mp4", test::files::mp4(60)},
       {"captions", "c.vtt", "text/vtt", "WEBVTT\n\n00:00:00.000 --> 00:00:04.000\nWelcome to the bootcamp.\n"}});
  ASSERT_EQ(done.status, 303) << done.body;
  auto lesson = id_from(done);
  auto lesson_url = "/courses/" + std::to_string(course.course) + "/lessons/" + std::to_string(lesson);
  auto event_page = s.client().get("/events/" + std::to_string(event));
  EXPECT_NE(event_page.body.find("href=\"" + lesson_url + "\""), std::string::npos);
  auto c = s.db().acquire();
  auto l = catalog::store::lesson(*c, lesson);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->kind, "video");
  EXPECT_TRUE(l->video_id.has_value());
  EXPECT_NE(l->body.find("(/events/" + std::to_string(event) + ")"), std::string::npos);
  EXPECT_TRUE(catalog::store::caption(*c, lesson, "en").has_value());
}

// The list's filters: unknown values are the list's 400, an unknown organisation too; the next
// page's link keeps every filter chosen (qualifications only, level, organisation).
TEST(Paths, ListFiltersRefuseUnknownValuesAndPagingKeepsThem) {
  TestServer s;
  auto a = org(s, "listing");
  auto now = util::now_unix();
  {
    auto c = s.db().acquire();
    for (int i = 0; i < 33; ++i)  // 22 qualifications: two pages of them
      c->exec("INSERT INTO paths (org_id, lang, title, summary, description, audience, level, qualification, published, "
              "published_at, created_at, updated_at) VALUES (?, 'en', ?, 'A path', '', 'citizen', 'intermediate', ?, 1, ?, ?, ?)",
              {a, "Listed path " + std::to_string(i), i % 3 == 0 ? 0 : 1, now - i, now, now});
    c->exec("UPDATE paths SET group_id = id");
  }
  auto client = s.client();
  for (const auto* bad : {"/paths?level=expert", "/paths?audience=robots", "/paths?language=xx",
                          "/paths?qualification=yes", "/paths?org=nowhere"}) {
    auto r = client.get(bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("This filter value is not one of the choices offered."), std::string::npos) << bad;
  }
  EXPECT_EQ(client.get("/paths?level=intermediate&level=foundation").status, 400);  // a filter given twice
  auto first = client.get("/paths?qualification=1&level=intermediate&org=listing");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body.find("Listed path 0<"), std::string::npos);  // not a qualification
  EXPECT_NE(first.body.find("Listed path 1<"), std::string::npos);
  auto next = first.body.find("page=2");
  ASSERT_NE(next, std::string::npos);
  auto link = first.body.substr(first.body.rfind("href=\"", next) + 6);
  link = link.substr(0, link.find('"'));
  EXPECT_NE(link.find("qualification=1"), std::string::npos) << link;
  EXPECT_NE(link.find("level=intermediate"), std::string::npos) << link;
  EXPECT_NE(link.find("org=listing"), std::string::npos) << link;
  for (std::size_t at; (at = link.find("&amp;")) != std::string::npos;) link.replace(at, 5, "&");
  auto second = client.get(link);
  EXPECT_EQ(second.status, 200);
  EXPECT_NE(second.body.find("Listed path 32<"), std::string::npos);  // the oldest qualifications
  EXPECT_EQ(second.body.find("Listed path 1<"), std::string::npos);
}

}  // namespace cityskills
