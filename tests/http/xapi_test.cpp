// Learning records in xAPI through the real server and the real job queue, delivered to a small
// statement endpoint (tests/support/xapi/lrs.mjs) that validates every statement with an
// independent implementation of the xAPI 1.0.3 rules (npm @learninglocker/xapi-validation):
// each kind of statement made by the real flow and accepted; the store down, then back,
// delivers each statement once; a repeated delivery is absorbed; bad settings are refused
// with a translated message and change nothing.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <set>
#include <thread>

#include "features/catalog/store.hpp"
#include "i18n/i18n.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"
#include "support/node_service.hpp"
#include "util/strings.hpp"

namespace cityskills {
using test::Client;
using test::Reply;
using test::TestServer;

namespace {

namespace json = boost::json;

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

class Lrs {
 public:
  Lrs() = default;
  Lrs(const Lrs&) = delete;
  Lrs& operator=(const Lrs&) = delete;
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(service_.port()) + "/xapi"; }
  void down(bool d) { ASSERT_EQ(Client(service_.port()).get(std::string("/control/mode?down=") + (d ? "1" : "0")).status, 200); }
  json::object state() const {
    auto r = Client(service_.port()).get("/control/statements");
    return json::parse(r.body).as_object();
  }
  json::array statements() const { return state().at("statements").as_array(); }
  json::array refused() const { return state().at("refused").as_array(); }

 private:
  test::NodeService service_{"xapi/lrs.mjs", "the statement endpoint"};
};

std::int64_t count(TestServer& s, const std::string& sql, const db::Params& params = {}) {
  auto c = s.db().acquire();
  return c->one(sql, params)->i64(0);
}

// Waits (the job runner works in the background) until `done` holds, at most 15 s.
bool eventually(const std::function<bool()>& done) {
  for (int i = 0; i < 150; ++i) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

bool all_sent(TestServer& s) { return count(s, "SELECT COUNT(*) FROM xapi_outbox WHERE sent_at IS NULL") == 0; }

Client admin(TestServer& s) {
  auto email = test::unique_email("xapi-admin");
  s.add_user(email, test::kPassword, true);
  auto c = s.signed_in(email, test::kPassword);
  c.lang = "en";
  c.get("/admin/xapi");  // its form's CSRF token
  return c;
}

void configure(Client& a, const Lrs& lrs) {
  ASSERT_EQ(a.get("/admin/xapi").status, 200);
  auto r = a.post("/admin/xapi", {{"endpoint", lrs.endpoint()}, {"auth_key", "lrs-key"}, {"auth_secret", "lrs-secret"},
                                  {"enabled", "1"}});
  ASSERT_EQ(r.status, 303) << r.body;
}

std::string message(const std::string& lang, const std::string& key) {
  std::string out;
  for (char ch : i18n::t(lang, key)) out += ch == '\'' ? std::string("&apos;") : util::html_escape(std::string(1, ch));
  return out;
}

// A published course with a 100-second video, a text and a one-question quiz (pass mark 60).
struct Course {
  std::int64_t id = 0, video = 0, text = 0, quiz = 0, right = 0, wrong = 0, question = 0;
  std::string lesson(std::int64_t l) const { return "/courses/" + std::to_string(id) + "/lessons/" + std::to_string(l); }
};

Course make_course(TestServer& s, std::int64_t org) {
  Course x;
  auto c = s.db().acquire();
  auto course = test::course_of(org, "Safe passwords", "it");
  x.id = catalog::store::create_course(*c, course, 0);
  auto module = catalog::store::add_module(*c, x.id, "Uno");
  catalog::Lesson l;
  l.course_id = x.id;
  l.module_id = module;
  l.kind = "video";
  l.title = "Guarda";
  x.video = catalog::store::create_lesson(*c, l);
  auto media = c->insert("INSERT INTO media (sha256, kind, mime, size, name, status, duration_seconds, created_at, updated_at) "
                         "VALUES ('0', 'video', 'video/mp4', 1, 'v.mp4', 'ready', 100, 0, 0) RETURNING id",
                         {});
  catalog::store::set_video(*c, x.video, media);
  l.kind = "text";
  l.title = "Leggi";
  l.body = "Testo.";
  x.text = catalog::store::create_lesson(*c, l);
  l.kind = "quiz";
  l.title = "Verifica";
  l.body = "";
  l.pass_mark = 60;
  x.quiz = catalog::store::create_lesson(*c, l);
  catalog::Question q;
  q.lesson_id = x.quiz;
  q.kind = "single";
  q.prompt = "B?";
  q.options = {{0, 0, "A", false}, {0, 0, "B", true}};
  x.question = catalog::store::save_question(*c, q);
  for (const auto& r : c->query("SELECT id, text FROM quiz_options WHERE question_id = ?", {x.question}))
    (r.str(1) == "B" ? x.right : x.wrong) = r.i64(0);
  catalog::store::set_published(*c, x.id, true);
  return x;
}

std::set<std::string> verbs_of(const json::array& statements) {
  std::set<std::string> out;
  for (const auto& s : statements) out.insert(std::string(s.at("verb").at("id").as_string()));
  return out;
}

}  // namespace

TEST(Xapi, EveryKindOfStatement_MadeByTheRealFlow_IsAcceptedByTheValidator) {
  TestServer s;
  Lrs lrs;
  auto a = admin(s);
  configure(a, lrs);
  auto orgs = test::city_and_partner(s);
  auto course = make_course(s, orgs.a);
  auto learner = test::make_person(s, "xapi-learner");
  auto l = s.signed_in(learner.email, test::kPassword);
  ASSERT_EQ(l.get("/courses/" + std::to_string(course.id)).status, 200);
  ASSERT_EQ(l.post("/courses/" + std::to_string(course.id) + "/enrol", {}).status, 303);
  // Viewed, then completed, the text lesson.
  ASSERT_EQ(l.get(course.lesson(course.text)).status, 200);
  ASSERT_EQ(l.post(course.lesson(course.text) + "/complete", {}).status, 303);
  // The video watched past a quarter, then past three quarters, then to the end.
  ASSERT_EQ(l.post(course.lesson(course.video) + "/progress", {{"position", "30"}}).status, 204);
  ASSERT_EQ(l.post(course.lesson(course.video) + "/progress", {{"position", "31"}}).status, 204);  // no new quarter
  ASSERT_EQ(l.post(course.lesson(course.video) + "/progress", {{"position", "95"}}).status, 204);
  // The quiz failed, then passed: the course is complete and its certificate awarded.
  auto q = "q" + std::to_string(course.question);
  ASSERT_EQ(l.post(course.lesson(course.quiz) + "/quiz", {{"attempt", "1"}, {q, std::to_string(course.wrong)}}).status, 200);
  ASSERT_EQ(l.post(course.lesson(course.quiz) + "/quiz", {{"attempt", "2"}, {q, std::to_string(course.right)}}).status, 200);
  // An event attended (marked by its organiser).
  auto organiser = test::make_member(s, orgs.a, "author");
  auto e = test::event_of(orgs.a, "Talk", -7200);
  auto event = test::add_event(s, e);
  {
    auto c = s.db().acquire();
    c->exec("INSERT INTO registrations (event_id, user_id, status, queue_seq, created_at, updated_at) "
            "VALUES (?, ?, 'confirmed', 1, 0, 0)",
            {event, learner.id});
  }
  ASSERT_EQ(organiser.client.get("/events/" + std::to_string(event) + "/registrants").status, 200);
  ASSERT_EQ(organiser.client.post("/events/" + std::to_string(event) + "/attendance", {{"present", std::to_string(learner.id)}})
                .status,
            303);
  // Marking the same attendance again records nothing new.
  ASSERT_EQ(organiser.client.post("/events/" + std::to_string(event) + "/attendance", {{"present", std::to_string(learner.id)}})
                .status,
            303);

  ASSERT_TRUE(eventually([&] { return all_sent(s); }));
  auto statements = lrs.statements();
  EXPECT_TRUE(lrs.refused().empty()) << json::serialize(lrs.refused());
  auto verbs = verbs_of(statements);
  for (const char* v : {"http://adlnet.gov/expapi/verbs/experienced", "http://adlnet.gov/expapi/verbs/progressed",
                        "http://adlnet.gov/expapi/verbs/completed", "http://adlnet.gov/expapi/verbs/answered",
                        "http://adlnet.gov/expapi/verbs/passed", "http://adlnet.gov/expapi/verbs/attended",
                        "http://id.tincanapi.com/verb/earned"})
    EXPECT_TRUE(verbs.count(v)) << v;
  auto site = s.services().config.public_url;
  std::set<std::string> ids, names;
  int progressed = 0, attended = 0, earned = 0, course_completed = 0, video_completed = 0;
  for (const auto& v : statements) {
    const auto& st = v.as_object();
    auto text = json::serialize(st);
    EXPECT_FALSE(has(text, learner.email)) << "the e-mail address never leaves";
    ids.insert(std::string(st.at("id").as_string()));
    const auto& account = st.at("actor").at("account");
    EXPECT_EQ(account.at("homePage").as_string(), site);
    names.insert(std::string(account.at("name").as_string()));
    EXPECT_EQ(st.at("context").at("platform").as_string(), "cityskills");
    auto verb = std::string(st.at("verb").at("id").as_string());
    auto object = std::string(st.at("object").at("id").as_string());
    auto type = std::string(st.at("object").at("definition").at("type").as_string());
    if (verb.ends_with("/progressed")) {
      ++progressed;
      EXPECT_EQ(type, "https://w3id.org/xapi/video/activity-type/video");
      EXPECT_TRUE(st.at("context").as_object().contains("registration"));
    }
    if (verb.ends_with("/attended")) {
      ++attended;
      EXPECT_EQ(object, site + "/events/" + std::to_string(event));
    }
    if (verb.ends_with("/earned")) ++earned;
    if (verb.ends_with("/completed") && object == site + "/courses/" + std::to_string(course.id)) ++course_completed;
    if (verb.ends_with("/completed") && object == site + course.lesson(course.video)) ++video_completed;
    if (verb.ends_with("/passed")) {
      EXPECT_EQ(st.at("result").at("success").as_bool(), true);
      EXPECT_EQ(st.at("result").at("score").at("scaled").to_number<double>(), 1.0);
      EXPECT_EQ(st.at("object").at("definition").at("name").at("it").as_string(), "Verifica");
    }
  }
  EXPECT_EQ(ids.size(), statements.size()) << "every statement has its own id";
  EXPECT_EQ(names.size(), 1u) << "one stable pseudonym for the learner";
  EXPECT_EQ(progressed, 2);  // 25 % and 75 %
  EXPECT_EQ(attended, 1);
  EXPECT_EQ(earned, 2);      // the course's certificate and the event's
  EXPECT_EQ(course_completed, 1);
  EXPECT_EQ(video_completed, 1);
  // The administrator sees what was sent.
  auto page = a.get("/admin/xapi");
  EXPECT_TRUE(has(page.body, "id=\"xapi-sent\">" + std::to_string(statements.size()) + "<")) << page.body;
}

TEST(Xapi, StoreDownThenBack_EachStatementDeliveredOnce) {
  TestServer s;
  Lrs lrs;
  auto a = admin(s);
  configure(a, lrs);
  lrs.down(true);
  auto orgs = test::city_and_partner(s);
  auto course = make_course(s, orgs.a);
  auto learner = test::make_person(s, "xapi-down");
  auto l = s.signed_in(learner.email, test::kPassword);
  ASSERT_EQ(l.get("/courses/" + std::to_string(course.id)).status, 200);
  ASSERT_EQ(l.post("/courses/" + std::to_string(course.id) + "/enrol", {}).status, 303);
  ASSERT_EQ(l.post(course.lesson(course.text) + "/complete", {}).status, 303);
  // The store answers 503: the statement stays, failing, with the store's answer to show.
  ASSERT_TRUE(eventually([&] { return count(s, "SELECT COUNT(*) FROM xapi_outbox WHERE attempts > 0") == 1; }));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM xapi_outbox WHERE sent_at IS NULL"), 1);
  auto page = a.get("/admin/xapi");
  EXPECT_TRUE(has(page.body, "id=\"xapi-failing\">1<")) << page.body;
  EXPECT_TRUE(has(page.body, "HTTP 503")) << page.body;
  EXPECT_TRUE(lrs.statements().empty());
  // Back up: the administrator asks to try again now; the statement goes, once.
  lrs.down(false);
  EXPECT_EQ(a.post("/admin/xapi/retry", {}).status, 303);
  ASSERT_TRUE(eventually([&] { return all_sent(s); }));
  EXPECT_EQ(lrs.statements().size(), 1u);
  auto first = lrs.statements()[0].at("id").as_string();
  EXPECT_EQ(std::string(first), [&] {
    auto c = s.db().acquire();
    return c->one("SELECT statement_id FROM xapi_outbox")->str(0);
  }());
  // Nothing left to send: another run sends nothing again.
  s.services().jobs->run_pending();
  EXPECT_EQ(lrs.statements().size(), 1u);
  EXPECT_EQ(a.post("/admin/xapi/retry", {}).status, 303);
  EXPECT_EQ(lrs.statements().size(), 1u);
}

TEST(Xapi, RepeatedDelivery_TheStoresConflictCountsAsDelivered) {
  TestServer s;
  Lrs lrs;
  auto a = admin(s);
  configure(a, lrs);
  auto orgs = test::city_and_partner(s);
  auto course = make_course(s, orgs.a);
  auto learner = test::make_person(s, "xapi-twice");
  auto l = s.signed_in(learner.email, test::kPassword);
  ASSERT_EQ(l.get("/courses/" + std::to_string(course.id)).status, 200);
  ASSERT_EQ(l.post("/courses/" + std::to_string(course.id) + "/enrol", {}).status, 303);
  ASSERT_EQ(l.post(course.lesson(course.text) + "/complete", {}).status, 303);
  ASSERT_EQ(l.get(course.lesson(course.video)).status, 200);
  ASSERT_TRUE(eventually([&] { return all_sent(s); }));
  auto delivered = lrs.statements().size();
  ASSERT_EQ(delivered, 2u);
  // A node that sent a batch but lost its lease before recording it: the rows are due again.
  {
    auto c = s.db().acquire();
    c->exec("UPDATE xapi_outbox SET sent_at = NULL");
    c->exec("INSERT INTO jobs (kind, payload, run_at, attempts, created_at, updated_at) VALUES ('xapi.deliver', '{}', 0, 0, 0, 0)");
  }
  ASSERT_TRUE(eventually([&] { return all_sent(s); }));
  EXPECT_EQ(lrs.statements().size(), delivered) << "the store keeps one copy";
  auto refused = lrs.refused();
  ASSERT_FALSE(refused.empty());
  for (const auto& r : refused) EXPECT_EQ(r.at("status").as_int64(), 409);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM xapi_outbox WHERE last_error IS NOT NULL"), 0);
}

TEST(Xapi, BadSettings_RefusedWithATranslatedMessage_AndNothingSaved) {
  TestServer s;
  auto a = admin(s);
  // Switched off with nothing set: nothing is queued when people learn.
  auto orgs = test::city_and_partner(s);
  auto course = make_course(s, orgs.a);
  auto learner = test::make_person(s, "xapi-off");
  auto l = s.signed_in(learner.email, test::kPassword);
  ASSERT_EQ(l.get("/courses/" + std::to_string(course.id)).status, 200);
  ASSERT_EQ(l.post("/courses/" + std::to_string(course.id) + "/enrol", {}).status, 303);
  ASSERT_EQ(l.post(course.lesson(course.text) + "/complete", {}).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM xapi_outbox"), 0);

  struct Case {
    std::vector<std::pair<std::string, std::string>> fields;
    std::string field, key;
  };
  std::vector<Case> cases = {
      {{{"endpoint", "not a url"}, {"auth_key", "k"}, {"auth_secret", "s"}, {"enabled", "1"}}, "endpoint", "xapi.admin.endpoint_invalid"},
      {{{"endpoint", "javascript:alert(1)"}, {"auth_key", "k"}, {"auth_secret", "s"}}, "endpoint", "xapi.admin.endpoint_invalid"},
      {{{"endpoint", "https://lrs.example.org/xapi?x=1"}, {"auth_key", "k"}, {"auth_secret", "s"}}, "endpoint", "xapi.admin.endpoint_invalid"},
      {{{"endpoint", "http://lrs.example.org/xapi"}, {"auth_key", "k"}, {"auth_secret", "s"}, {"enabled", "1"}}, "endpoint", "xapi.admin.endpoint_insecure"},
      {{{"endpoint", "http://127.0.0.1.example.org/xapi"}, {"auth_key", "k"}, {"auth_secret", "s"}}, "endpoint", "xapi.admin.endpoint_insecure"},
      {{{"endpoint", ""}, {"auth_key", "k"}, {"auth_secret", "s"}, {"enabled", "1"}}, "endpoint", "xapi.admin.endpoint_required"},
      {{{"endpoint", "https://lrs.example.org/xapi"}, {"auth_key", ""}, {"auth_secret", "s"}, {"enabled", "1"}}, "auth_key", "xapi.admin.key_required"},
      {{{"endpoint", "https://lrs.example.org/xapi"}, {"auth_key", "a:b"}, {"auth_secret", "s"}}, "auth_key", "xapi.admin.key_invalid"},
      {{{"endpoint", "https://lrs.example.org/xapi"}, {"auth_key", "k"}, {"auth_secret", ""}, {"enabled", "1"}}, "auth_secret", "xapi.admin.secret_required"},
      {{{"endpoint", "https://lrs.example.org/xapi"}, {"auth_key", "k"}, {"auth_secret", "with space"}}, "auth_secret", "xapi.admin.secret_invalid"},
  };
  for (const auto& c : cases) {
    auto r = a.post("/admin/xapi", c.fields);
    EXPECT_EQ(r.status, 422) << c.key;
    EXPECT_TRUE(has(r.body, "id=\"" + c.field + "-error\"")) << c.key;
    EXPECT_TRUE(has(r.body, message("en", c.key))) << c.key;
  }
  // In the administrator's own language too.
  auto italian = test::unique_email("xapi-admin-it");
  s.add_user(italian, test::kPassword, true, "it");
  auto ai = s.signed_in(italian, test::kPassword);
  ai.get("/admin/xapi");
  auto it = ai.post("/admin/xapi", {{"endpoint", "http://lrs.example.org/xapi"}, {"auth_key", "k"}, {"auth_secret", "s"}});
  EXPECT_EQ(it.status, 422);
  EXPECT_TRUE(has(it.body, message("it", "xapi.admin.endpoint_insecure")));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM xapi_settings"), 0);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM privacy_audit WHERE action LIKE 'xapi.%'"), 0);
  // Extra fields and a missing CSRF token are refused too.
  EXPECT_EQ(a.post("/admin/xapi", {{"endpoint", "https://lrs.example.org/xapi"}, {"admin", "1"}}).status, 400);
  EXPECT_EQ(a.post("/admin/xapi", {{"endpoint", "https://lrs.example.org/xapi"}}, false).status, 403);
  // Only platform administrators.
  auto person = test::make_person(s, "xapi-nosy");
  auto p = s.signed_in(person.email, test::kPassword);
  p.get("/");
  EXPECT_EQ(p.get("/admin/xapi").status, 403);
  EXPECT_EQ(p.post("/admin/xapi", {{"endpoint", "https://lrs.example.org/xapi"}}).status, 403);

  // A good setting is saved, audited, and its secret never shown again; an empty secret keeps it.
  EXPECT_EQ(a.post("/admin/xapi", {{"endpoint", "https://lrs.example.org/xapi"}, {"auth_key", "k1"},
                                   {"auth_secret", "very-secret-value"}, {"enabled", "1"}})
                .status,
            303);
  auto page = a.get("/admin/xapi");
  EXPECT_FALSE(has(page.body, "very-secret-value"));
  EXPECT_TRUE(has(page.body, "https://lrs.example.org/xapi"));
  EXPECT_EQ(a.post("/admin/xapi", {{"endpoint", "https://lrs.example.org/xapi"}, {"auth_key", "k2"}, {"auth_secret", ""},
                                   {"enabled", "1"}})
                .status,
            303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM xapi_settings WHERE auth_key = 'k2' AND auth_secret = 'very-secret-value'"), 1);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM privacy_audit WHERE action = 'xapi.settings_update'"), 2);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM privacy_audit WHERE detail LIKE '%very-secret%'"), 0);

  // A new endpoint never inherits the stored secret: switched on, it is asked for again and
  // nothing changes; switched off, the endpoint is saved and the old secret is dropped.
  auto moved = a.post("/admin/xapi", {{"endpoint", "https://elsewhere.example.net/xapi"}, {"auth_key", "k2"},
                                      {"auth_secret", ""}, {"enabled", "1"}});
  EXPECT_EQ(moved.status, 422);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM xapi_settings WHERE endpoint = 'https://lrs.example.org/xapi' "
                     "AND auth_secret = 'very-secret-value'"), 1);
  EXPECT_EQ(a.post("/admin/xapi", {{"endpoint", "https://elsewhere.example.net/xapi"}, {"auth_key", "k2"}, {"auth_secret", ""}})
                .status,
            303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM xapi_settings WHERE auth_secret = 'very-secret-value'"), 0);
}

}  // namespace cityskills
