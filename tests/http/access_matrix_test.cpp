// The authorization matrix, generated from the route table: every route is tried by every
// kind of person against objects of another organisation, drafts and hidden items among
// them. A new route must be given objects here (the test fails until it is), so no route
// escapes the matrix.
#include <gtest/gtest.h>

#include <map>

#include "features/api/store.hpp"
#include "features/api/tokens.hpp"
#include "features/catalog/api.hpp"
#include "features/catalog/store.hpp"
#include "features/credentials/api.hpp"
#include "features/events/api.hpp"
#include "features/forum/api.hpp"
#include "features/ideas/api.hpp"
#include "features/manifest.hpp"
#include "features/news/api.hpp"
#include "features/orgs/store.hpp"
#include "features/practices/api.hpp"
#include "features/paths/store.hpp"
#include "features/resources/api.hpp"
#include "features/sso/store.hpp"
#include "support/harness.hpp"
#include "util/strings.hpp"

namespace cityskills {
namespace {
using test::Client;
using test::TestServer;
using web::Access;

enum class Who { kAnonymous, kCitizen, kAuthorA, kModeratorA, kOrgAdminA, kAuthorB, kPlatformAdmin };

const char* name(Who w) {
  switch (w) {
    case Who::kAnonymous: return "anonymous";
    case Who::kCitizen: return "citizen";
    case Who::kAuthorA: return "author of A";
    case Who::kModeratorA: return "moderator of A";
    case Who::kOrgAdminA: return "org admin of A";
    case Who::kAuthorB: return "author of B";
    case Who::kPlatformAdmin: return "platform admin";
  }
  return "?";
}

// Organisation A (valverde) is where the people work; organisation B (nordic-dln) owns the
// objects: a draft course, a draft article, a pending practice, a hidden forum thread.
struct World {
  std::int64_t org_a = 0, org_b = 0;
  std::map<Who, std::string> email;
  std::map<std::string, std::string> id;  // object kind -> id or slug
};

std::string first(db::Connection& c, const std::string& sql, const db::Params& p) {
  auto r = c.one(sql, p);
  if (!r) throw std::runtime_error("matrix setup found nothing for: " + sql);
  return r->is_null(0) ? "" : std::to_string(r->i64(0));
}

World build(TestServer& s) {
  World w;
  auto now = util::now_unix();
  auto c = s.db().acquire();
  w.org_a = *orgs::store::create(*c, {0, "Comune di Valverde", "valverde", "city", "IT", ""});
  w.org_b = *orgs::store::create(*c, {0, "Nordic Digital Learning Network", "nordic-dln", "partner", "SE", ""});
  orgs::store::create(*c, {0, "Bürgerakademie Digital", "buergerakademie", "association", "DE", ""});
  orgs::store::create(*c, {0, "Kaupunki Koivula", "koivula", "city", "FI", ""});
  // The demo's addresses, which the features' demo content looks its people up by.
  auto person = [&](Who who, const std::string& email, std::optional<std::pair<std::int64_t, const char*>> role,
                    bool admin = false) {
    w.email[who] = email;
    auto uid = s.add_user(email, test::kPassword, admin);
    if (role) orgs::store::grant(*c, uid, role->first, role->second);
    return uid;
  };
  auto citizen = person(Who::kCitizen, "citizen@example.org", std::nullopt);
  person(Who::kAuthorA, "author@valverde.example.org", std::make_pair(w.org_a, "author"));
  person(Who::kModeratorA, test::unique_email("moderator-a"), std::make_pair(w.org_a, "moderator"));
  person(Who::kOrgAdminA, test::unique_email("orgadmin-a"), std::make_pair(w.org_a, "org_admin"));
  auto author_b = person(Who::kAuthorB, "editor@nordic-dln.example.org", std::make_pair(w.org_b, "author"));
  orgs::store::grant(*c, author_b, w.org_b, "moderator");
  person(Who::kPlatformAdmin, "admin@valverde.example.org", std::nullopt, true);
  s.add_user("team@buergerakademie.example.org", test::kPassword);
  s.db().tx(db::TxKind::kWrite, [&](db::Tx& t) { events::seed_demo(t, now); });
  news::seed_demo(*c, now);
  ideas::seed_demo(*c, now);
  practices::seed_demo(*c, now);
  resources::seed_demo(*c, now);
  forum::seed_demo(*c, now);

  // A draft course of B with a module, a video lesson and a quiz question.
  catalog::Course x;
  x.org_id = w.org_b;
  x.lang = "sv";
  x.title = "Utkast";
  x.summary = "Ett utkast";
  x.level = "foundation";
  x.audience = "citizen";
  x.competences = {"4.2"};
  auto course = catalog::store::create_course(*c, x, author_b);
  auto module = catalog::store::add_module(*c, course, "Modul");
  catalog::Lesson l;
  l.course_id = course;
  l.module_id = module;
  l.kind = "video";
  l.title = "Video";
  auto lesson = catalog::store::create_lesson(*c, l);
  l.kind = "quiz";
  l.title = "Quiz";
  l.pass_mark = 60;
  auto quiz = catalog::store::create_lesson(*c, l);
  catalog::Question q;
  q.lesson_id = quiz;
  q.kind = "true_false";
  q.prompt = "Sant?";
  q.options = {{0, 0, "true", true}, {0, 0, "false", false}};
  auto question = catalog::store::save_question(*c, q);
  w.id["course"] = std::to_string(course);
  // A personal API token of B's author (only its owner may revoke it).
  {
    auto secret = api::new_secret();
    api::store::Token t;
    t.user_id = author_b;
    t.name = "B's token";
    t.prefix = secret.prefix;
    t.scopes = "courses:read";
    t.expires_at = now + 86400;
    w.id["api_token"] = std::to_string(api::store::create(*c, t, secret.hash));
  }
  w.id["module"] = std::to_string(module);
  w.id["lesson"] = std::to_string(lesson);
  w.id["quiz"] = std::to_string(quiz);
  w.id["question"] = std::to_string(question);
  // A draft learning path of B with one step naming the draft course.
  paths::Path path;
  path.org_id = w.org_b;
  path.lang = "sv";
  path.title = "Utkast till lärväg";
  path.summary = "Ett utkast";
  auto path_id = paths::store::create(*c, path, author_b);
  auto step = paths::store::add_step(*c, path_id, "", 1);
  paths::Requirement req;
  req.kind = "course";
  req.course_id = course;
  w.id["path"] = std::to_string(path_id);
  w.id["step"] = std::to_string(step);
  w.id["requirement"] = std::to_string(paths::store::add_requirement(*c, step, path_id, req));

  auto b = w.org_b;
  // One object of each kind belonging to B (the demo's first one is handed to B if B has none).
  auto own = [&](const std::string& table) {
    if (auto r = c->one("SELECT id FROM " + table + " WHERE org_id = ? ORDER BY id", {b})) return std::to_string(r->i64(0));
    auto id = first(*c, "SELECT id FROM " + table + " ORDER BY id", {});
    c->exec("UPDATE " + table + " SET org_id = ? WHERE id = ?", {b, util::parse_id(id).value()});
    return id;
  };
  w.id["event"] = own("events");
  w.id["news"] = own("news_articles");
  c->exec("UPDATE news_articles SET status = 'draft' WHERE id = ?", {util::parse_id(w.id["news"]).value()});
  w.id["practice"] = own("practices");
  c->exec("UPDATE practices SET status = 'pending' WHERE id = ?", {util::parse_id(w.id["practice"]).value()});
  w.id["resource"] = own("resources");
  w.id["idea"] = own("ideas");
  // A thread in a category moderated by B, hidden, with a reported post.
  w.id["thread"] = first(*c, "SELECT id FROM forum_threads ORDER BY id", {});
  auto thread = util::parse_id(w.id["thread"]).value();
  auto cat = c->one("SELECT c.id, c.slug FROM forum_categories c JOIN forum_threads t ON t.category_id = c.id WHERE t.id = ?",
                    {thread});
  c->exec("UPDATE forum_categories SET org_id = ? WHERE id = ?", {b, cat->i64(0)});
  c->exec("UPDATE forum_threads SET hidden_at = ?, hidden_reason = 'Spam' WHERE id = ?", {now, thread});
  w.id["category"] = cat->str(1);
  w.id["post"] = first(*c, "SELECT id FROM forum_posts WHERE thread_id = ? ORDER BY seq", {thread});
  c->exec("INSERT INTO forum_reports (post_id, reporter_id, reason, created_at, updated_at) VALUES (?, ?, 'spam', ?, ?)",
          {util::parse_id(w.id["post"]).value(), citizen, now, now});
  w.id["report"] = first(*c, "SELECT id FROM forum_reports ORDER BY id DESC", {});
  w.id["org"] = std::to_string(b);
  w.id["user"] = std::to_string(citizen);
  w.id["framework"] = first(*c, "SELECT id FROM frameworks ORDER BY id", {});
  c->exec("UPDATE frameworks SET org_id = ? WHERE id = ?", {b, util::parse_id(w.id["framework"]).value()});
  // The citizen's certificate, issued by B.
  credentials::Achievement award;
  award.kind = "course";
  award.subject_id = course;
  award.lang = "sv";
  award.title = "Utkast";
  award.issuer_org_ids = {b};
  auto award_id = credentials::award(*c, citizen, award);
  w.id["award"] = std::to_string(award_id);
  w.id["award_code"] = c->one("SELECT public_id FROM awards WHERE id = ?", {award_id})->str(0);
  // The citizen's data export, ready to download (theirs only).
  w.id["export"] = std::to_string(c->insert(
      "INSERT INTO privacy_exports (user_id, status, data, size, ready_at, expires_at, created_at, updated_at) "
      "VALUES (?, 'ready', '', 0, ?, ?, ?, ?) RETURNING id",
      {citizen, now, now + 7 * 24 * 3600, now, now}));
  // A background job that failed, for the dashboard's retry.
  w.id["job"] = std::to_string(c->insert(
      "INSERT INTO jobs (kind, payload, run_at, attempts, failed_at, last_error, created_at, updated_at) "
      "VALUES ('matrix', '{}', ?, 5, ?, 'boom', ?, ?) RETURNING id",
      {now, now, now, now}));
  // B's single-sign-on provider, and B's author's identity at it (nobody else may remove it, and
  // nobody outside B may link the provider from their profile).
  sso::store::Provider provider;
  provider.org_id = w.org_b;
  provider.name = "Matrix provider";
  provider.issuer = "https://id.matrix.example";
  provider.client_id = "matrix";
  provider.client_secret = "matrix-secret";
  provider.scopes = "openid email";
  auto provider_id = *sso::store::create_provider(*c, provider);
  w.id["sso_provider"] = std::to_string(provider_id);
  sso::store::link(*c, author_b, provider_id, provider.issuer, "author-b", true);
  w.id["sso_identity"] = first(*c, "SELECT id FROM sso_identities WHERE subject = ?", {"author-b"});
  return w;
}

// The object kind a route parameter names: {id} by the route's prefix, the others by name.
std::string kind_of(const std::string& pattern, const std::string& param) {
  static const std::vector<std::pair<std::string, std::string>> by_prefix = {
      {"/author/courses/", "course"}, {"/courses/", "course"},        {"/events/", "event"},
      {"/author/paths/", "path"},     {"/paths/", "path"},
      {"/news/", "news"},             {"/practices/", "practice"},    {"/resources/", "resource"},
      {"/ideas/", "idea"},            {"/forum/t/", "thread"},        {"/forum/p/", "post"},
      {"/forum/reports/", "report"},  {"/admin/organisations/", "org"}, {"/admin/users/", "user"},
      {"/assessment/result/", "missing"},  // a self-test result: a private random link, none here
      {"/my/credentials/", "award"},  {"/organisations/", "org"},     {"/credentials/organisations/", "org"},
      {"/admin/jobs/", "job"},
      {"/privacy/versions/", "missing"},  // a public notice version: nothing to refuse, none here
      {"/admin/sso/", "sso_provider"},    {"/profile/sso/", "sso_identity"}, {"/profile/sso-link/", "sso_provider"},
      {"/sso/", "missing"},  // starting a sign-in or its signed-out page: for anyone, none here
      {"/api/v1/courses/", "course"}, {"/api/v1/events/", "event"}, {"/api/v1/people/", "user"},
      {"/api/v1/paths/", "path"},
      {"/api-tokens/", "api_token"},
  };
  if (param == "id") {
    for (const auto& [prefix, kind] : by_prefix)
      if (pattern.starts_with(prefix)) return kind;
    return "";
  }
  static const std::map<std::string, std::string> by_name = {
      {"lid", "lesson"}, {"qid", "question"}, {"fid", "framework"}, {"slug", "category"}, {"code", "award_code"},
      {"sid", "step"},   {"rid", "requirement"}, {"export", "export"},
  };
  if (param == "lid" && pattern.find("/questions") != std::string::npos) return "quiz";
  if (param == "mid") return pattern.starts_with("/author/") ? "module" : "missing";
  auto it = by_name.find(param);
  return it == by_name.end() ? "fixed" : it->second;
}

// The path of a route pattern with its parameters filled from the world; empty when a
// parameter has no object here (the test then fails, naming the route).
std::string fill(const std::string& pattern, const World& w) {
  static const std::map<std::string, std::string> fixed = {
      {"n", "1"}, {"token", "not-a-token"}, {"file", "sv.vtt"}, {"session", "999999"}, {"media_id", "999999"},
      {"media", "999999"}, {"person", "999999"},
  };
  std::string path;
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] != '{') {
      path += pattern[i++];
      continue;
    }
    auto close = pattern.find('}', i);
    auto param = pattern.substr(i + 1, close - i - 1);
    i = close + 1;
    auto kind = kind_of(pattern, param);
    if (pattern.starts_with("/assessment/org/")) path += "nordic-dln";
    else if (kind == "missing") path += "999999";  // media of an object: none exists, 404 for all
    else if (kind == "fixed" && fixed.count(param)) path += fixed.at(param);
    else if (w.id.count(kind)) path += w.id.at(kind);
    else return "";
  }
  return path;
}

bool has_object(const std::string& pattern) { return pattern.find('{') != std::string::npos; }

bool is_redirect_to_login(const test::Reply& r) {
  return r.status == 303 && r.header("location").starts_with("/login?next=");
}

}  // namespace

TEST(AccessMatrix, EveryRouteRefusesEveryoneItShould) {
  TestServer s;
  auto w = build(s);
  std::map<Who, Client> clients;
  clients.emplace(Who::kAnonymous, s.client());
  for (const auto& [who, email] : w.email) clients.emplace(who, s.signed_in(email, test::kPassword));

  web::Services svc;
  web::App app(svc);
  features::register_routes(app);
  int checked = 0;
  for (const auto& route : app.routes()) {
    auto path = fill(route.pattern, w);
    ASSERT_FALSE(path.empty()) << "no object for " << route.pattern << ": add it to the matrix";
    for (auto& [who, client] : clients) {
      bool post = route.method == "POST";
      if (post && (who == Who::kPlatformAdmin || who == Who::kAuthorB)) continue;  // would change the objects
      if (route.pattern == "/logout") continue;  // would end the session the matrix runs on
      if (post) client.get("/login");  // a fresh form token for this person
      auto r = post ? client.post(path, {})
               : route.method == "GET" ? client.get(path)
                                       : client.request(route.method, path, "", {});
      std::string where = std::string(name(who)) + " " + route.method + " " + path + " -> " + std::to_string(r.status);
      ++checked;
      EXPECT_LT(r.status, 500) << where;
      if (route.access == Access::kToken) {
        // The API knows only bearer tokens: a browser's session is nobody there (tests/http/api_*).
        EXPECT_EQ(r.status, 401) << where;
        EXPECT_EQ(r.header("content-type"), "application/problem+json") << where;
        continue;
      }
      if (route.access == Access::kAnyone) {
        // Drafts, pending and hidden objects of B stay invisible to people outside B.
        bool hidden_object = route.pattern == "/courses/{id}" || route.pattern == "/news/{id}" ||
                             route.pattern == "/practices/{id}" || route.pattern == "/forum/t/{id}" ||
                             route.pattern == "/forum/p/{id}" || route.pattern == "/paths/{id}";
        if (hidden_object && (who == Who::kAnonymous || who == Who::kCitizen || who == Who::kAuthorA)) {
          EXPECT_EQ(r.status, 404) << where;
        }
        continue;
      }
      if (who == Who::kAnonymous) {
        EXPECT_TRUE(is_redirect_to_login(r)) << where;
        continue;
      }
      bool role_route = route.access != Access::kSignedIn;
      if (who == Who::kCitizen && role_route) { EXPECT_EQ(r.status, 403) << where; }
      if (route.access == Access::kPlatformAdmin && who != Who::kPlatformAdmin) {
        EXPECT_EQ(r.status, 403) << where;
      }
      // People of A never act on B's objects: refused (403) or not found (404), never done.
      bool of_a = who == Who::kAuthorA || who == Who::kModeratorA || who == Who::kOrgAdminA;
      if (of_a && role_route && has_object(route.pattern)) {
        EXPECT_TRUE(r.status == 403 || r.status == 404) << where;
      }
      // Only B's people may link B's provider from their profile.
      if (route.pattern == "/profile/sso-link/{id}") { EXPECT_EQ(r.status, 403) << where; }
      // An organisation's reports are private to it: another organisation's admin finds nothing.
      if (who == Who::kOrgAdminA && (route.pattern.starts_with("/organisations/{id}") ||
                                     route.pattern.starts_with("/assessment/org/"))) {
        EXPECT_EQ(r.status, 404) << where;
      }
      // The owner's author sees B's management pages: the objects above are the right ones.
      if (who == Who::kAuthorB && route.method == "GET" && route.access == Access::kPublisher &&
          has_object(route.pattern) && route.pattern.find("{session}") == std::string::npos &&
          route.pattern.find("{mid}") == std::string::npos) {
        EXPECT_EQ(r.status, 200) << where;
      }
    }
  }
  EXPECT_GT(checked, 900);
}

}  // namespace cityskills
