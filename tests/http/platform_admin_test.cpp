// Platform administration: the dashboard, people pages (block, sessions, links), the audit
// log, and who may reach them across organisations.
#include <gtest/gtest.h>

#include "support/builder.hpp"
#include "support/harness.hpp"
#include "util/strings.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

struct Admin {
  Client client;
  std::int64_t id;
  std::string email;
};

Admin make_admin(TestServer& s, const std::string& tag = "padmin") {
  auto email = test::unique_email(tag);
  auto id = s.add_user(email, test::kPassword, true);
  return {s.signed_in(email, test::kPassword), id, email};
}

std::int64_t failed_job(TestServer& s, const std::string& error) {
  auto c = s.db().acquire();
  auto now = util::now_unix();
  return c->insert(
      "INSERT INTO jobs (kind, payload, run_at, attempts, failed_at, last_error, created_at, updated_at) "
      "VALUES ('nothing-handles-this', '{}', ?, 5, ?, ?, ?, ?) RETURNING id",
      {now, now, error, now, now});
}

std::int64_t audit_count(TestServer& s, const std::string& action, std::int64_t target) {
  auto c = s.db().acquire();
  return c->one("SELECT COUNT(*) FROM privacy_audit WHERE action = ? AND target_id = ?", {action, target})->i64(0);
}

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

TEST(PlatformAdmin, DashboardShowsPeopleContentJobsMailAndSystem) {
  TestServer s;
  auto a = make_admin(s);
  auto blocked = s.add_user(test::unique_email("blocked"), test::kPassword);
  {
    auto c = s.db().acquire();
    c->exec("UPDATE users SET disabled_at = ? WHERE id = ?", {util::now_unix(), blocked});
  }
  failed_job(s, "SMTP said 550 mailbox unavailable");
  auto r = a.client.get("/admin");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(has(r.body, "SMTP said 550 mailbox unavailable"));
  EXPECT_TRUE(has(r.body, "/retry\""));
  for (auto link : {"/assessment/manage", "/forum/reports", "/forum/log", "/practices/moderation", "/news/manage",
                    "/forum/categories/new", "/admin/organisations", "/admin/users", "/admin/audit"})
    EXPECT_TRUE(has(r.body, std::string("href=\"") + link + "\"")) << link;
  EXPECT_TRUE(has(r.body, "Blocked</dt><dd>1</dd>"));
  EXPECT_TRUE(has(r.body, "Accounts</dt><dd>2</dd>"));
  EXPECT_TRUE(has(r.body, "0.1.0"));
  EXPECT_TRUE(has(r.body, test::backend() == "postgres" ? "PostgreSQL" : "SQLite"));
  EXPECT_TRUE(has(r.body, "responding"));
  // A queued mail shows in outgoing mail, with its subject.
  s.client().get("/password-reset");
  auto anon = s.client();
  anon.get("/password-reset");
  anon.post("/password-reset", {{"email", a.email}});
  ASSERT_TRUE(test::wait_for_mail(a.email).has_value());
  auto again = a.client.get("/admin");
  EXPECT_TRUE(has(again.body, a.email));
  // Translated: the Italian page.
  auto it = a.client.get("/admin?lang=it");
  EXPECT_TRUE(has(it.body, "Attività in background"));
}

TEST(PlatformAdmin, OrganisationAdminsSeeTheirOrganisationsOnly) {
  TestServer s;
  auto org = test::make_org(s, "dash-a");
  auto oa = test::make_member(s, org, "org_admin");
  auto r = oa.client.get("/admin");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(has(r.body, "Org dash-a"));
  EXPECT_FALSE(has(r.body, "id=\"jobs\""));
  EXPECT_FALSE(has(r.body, "/admin/audit"));
  auto citizen = test::make_member(s, 0, "citizen");
  EXPECT_EQ(citizen.client.get("/admin").status, 403);
  EXPECT_EQ(s.client().get("/admin").status, 303);
}

TEST(PlatformAdmin, RetryingAFailedJobQueuesItAgainAndIsAudited) {
  TestServer s;
  auto a = make_admin(s);
  auto job = failed_job(s, "boom");
  a.client.get("/admin");
  // Without the form token: refused, nothing changes.
  EXPECT_EQ(a.client.post("/admin/jobs/" + std::to_string(job) + "/retry", {}, false).status, 403);
  auto r = a.client.post("/admin/jobs/" + std::to_string(job) + "/retry", {});
  ASSERT_EQ(r.status, 303) << r.body;
  {
    auto c = s.db().acquire();
    auto row = c->one("SELECT failed_at, attempts FROM jobs WHERE id = ?", {job});
    // The runner may already have run it again (no handler: it fails once more, attempts 1).
    EXPECT_LE(row->i64(1), 1);
  }
  EXPECT_EQ(audit_count(s, "job.retry", job), 1);
  a.client.get("/admin");
  {
    auto c = s.db().acquire();
    c->exec("UPDATE jobs SET failed_at = NULL, done_at = ? WHERE id = ?", {util::now_unix(), job});
  }
  EXPECT_EQ(a.client.post("/admin/jobs/" + std::to_string(job) + "/retry", {}).status, 409);
  EXPECT_EQ(a.client.post("/admin/jobs/999999/retry", {}).status, 404);
  EXPECT_EQ(a.client.post("/admin/jobs/abc/retry", {}).status, 404);
  auto org = test::make_org(s, "jobs-a");
  auto oa = test::make_member(s, org, "org_admin");
  oa.client.get("/admin");
  EXPECT_EQ(oa.client.post("/admin/jobs/" + std::to_string(job) + "/retry", {}).status, 403);
}

TEST(PlatformAdmin, PersonPageShowsProfileRolesAndSessions) {
  TestServer s;
  auto a = make_admin(s);
  auto org = test::make_org(s, "people-a");
  auto m = test::make_member(s, org, "author", "Ada <b>Lovelace</b>");
  auto r = a.client.get("/admin/users/" + std::to_string(m.id));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(has(r.body, "Ada &lt;b&gt;Lovelace&lt;/b&gt;"));
  EXPECT_TRUE(has(r.body, "Org people-a"));
  EXPECT_TRUE(has(r.body, "Author"));
  EXPECT_TRUE(has(r.body, "Active sessions: 1"));
  EXPECT_TRUE(has(r.body, "/admin/users/" + std::to_string(m.id) + "/data"));
  EXPECT_EQ(a.client.get("/admin/users/999999").status, 404);
  EXPECT_EQ(a.client.get("/admin/users/abc").status, 404);
  EXPECT_EQ(a.client.get("/admin/users/-1").status, 404);
  EXPECT_EQ(a.client.get("/admin/users/99999999999999999999").status, 404);
  // The users list links to the person page.
  EXPECT_TRUE(has(a.client.get("/admin/users").body, "href=\"/admin/users/" + std::to_string(m.id) + "\""));
}

TEST(PlatformAdmin, BlockingEndsSessionsAndSignInSaysWhy) {
  TestServer s;
  auto a = make_admin(s);
  auto email = test::unique_email("toblock");
  auto id = s.add_user(email, test::kPassword);
  Client victim = s.signed_in(email, test::kPassword);
  ASSERT_EQ(victim.get("/profile").status, 200);
  auto page = "/admin/users/" + std::to_string(id);
  a.client.get(page);
  // No reason: 422, nothing done.
  auto none = a.client.post(page + "/block", {{"reason", "  "}});
  EXPECT_EQ(none.status, 422);
  EXPECT_TRUE(has(none.body, "href=\"#reason\""));
  std::string long_reason(501, 'x');
  auto too_long = a.client.post(page + "/block", {{"reason", long_reason}});
  EXPECT_EQ(too_long.status, 422);
  EXPECT_TRUE(has(too_long.body, long_reason));  // kept for correction
  EXPECT_EQ(victim.get("/profile").status, 200);
  // Fields the form does not own: 400.
  EXPECT_EQ(a.client.post(page + "/block", {{"reason", "spam"}, {"platform_admin", "1"}}).status, 400);

  auto r = a.client.post(page + "/block", {{"reason", "Spam in the forum"}});
  ASSERT_EQ(r.status, 303) << r.body;
  auto victim_profile = victim.get("/profile");
  EXPECT_EQ(victim_profile.status, 303);  // the session ended at once
  EXPECT_EQ(audit_count(s, "user.block", id), 1);
  // Signing in: the right password learns the account is blocked; a wrong one learns nothing.
  Client again = s.client();
  again.get("/login");
  auto blocked = again.post("/login", {{"email", email}, {"password", test::kPassword}});
  EXPECT_EQ(blocked.status, 403);
  EXPECT_TRUE(has(blocked.body, "blocked by the administrators"));
  auto wrong = again.post("/login", {{"email", email}, {"password", "wrong-password-here"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_FALSE(has(wrong.body, "blocked"));
  auto it = s.client();
  it.lang = "it";
  it.get("/login");
  EXPECT_TRUE(has(it.post("/login", {{"email", email}, {"password", test::kPassword}}).body, "bloccato"));
  // Blocking twice changes nothing; no mail links while blocked.
  a.client.get(page);
  EXPECT_EQ(a.client.post(page + "/block", {{"reason", "again"}}).status, 303);
  EXPECT_EQ(audit_count(s, "user.block", id), 1);
  EXPECT_EQ(a.client.post(page + "/password-reset", {}).status, 409);

  EXPECT_EQ(a.client.post(page + "/unblock", {{"reason", "Appeal accepted"}}).status, 303);
  EXPECT_EQ(audit_count(s, "user.unblock", id), 1);
  Client back = s.signed_in(email, test::kPassword);
  EXPECT_EQ(back.get("/profile").status, 200);
}

TEST(PlatformAdmin, AdministratorCannotBlockThemselves) {
  TestServer s;
  auto a = make_admin(s);
  auto page = "/admin/users/" + std::to_string(a.id);
  a.client.get(page);
  auto r = a.client.post(page + "/block", {{"reason", "oops"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_TRUE(has(r.body, "You cannot block yourself"));
  EXPECT_TRUE(has(r.body, "oops"));
  EXPECT_EQ(a.client.get("/admin").status, 200);
  auto de = a.client.get(page + "?lang=de");
  auto r2 = a.client.post(page + "/block", {{"reason", "oops"}});
  EXPECT_TRUE(has(r2.body, "Sie können sich nicht selbst sperren"));
  EXPECT_EQ(a.client.post("/admin/users/999999/block", {{"reason", "x"}}).status, 404);
}

TEST(PlatformAdmin, EndingSessionsSignsThePersonOutEverywhere) {
  TestServer s;
  auto a = make_admin(s);
  auto email = test::unique_email("sessions");
  auto id = s.add_user(email, test::kPassword);
  Client one = s.signed_in(email, test::kPassword);
  Client two = s.signed_in(email, test::kPassword);
  auto page = "/admin/users/" + std::to_string(id);
  EXPECT_TRUE(has(a.client.get(page).body, "Active sessions: 2"));
  ASSERT_EQ(a.client.post(page + "/sessions/end", {{"reason", ""}}).status, 303);
  EXPECT_EQ(one.get("/profile").status, 303);
  EXPECT_EQ(two.get("/profile").status, 303);
  EXPECT_EQ(audit_count(s, "user.sessions_end", id), 1);
  // The person can sign in again (ending sessions is not blocking).
  EXPECT_EQ(s.signed_in(email, test::kPassword).get("/profile").status, 200);
}

TEST(PlatformAdmin, VerificationAndResetLinksAreMailed) {
  TestServer s;
  auto a = make_admin(s);
  auto email = test::unique_email("unverified");
  auto id = s.add_user(email, test::kPassword);
  {
    auto c = s.db().acquire();
    c->exec("UPDATE users SET email_verified_at = NULL WHERE id = ?", {id});
  }
  auto page = "/admin/users/" + std::to_string(id);
  a.client.get(page);
  ASSERT_EQ(a.client.post(page + "/verification", {}).status, 303);
  auto m = test::wait_for_mail(email);
  ASSERT_TRUE(m.has_value());
  EXPECT_FALSE(test::link_in(m->body, "/verify-email").empty());
  EXPECT_EQ(audit_count(s, "user.verification_sent", id), 1);
  // Within two minutes mail to the person is held back, as when they ask themselves.
  auto held = a.client.post(page + "/password-reset", {});
  EXPECT_EQ(held.status, 429);
  EXPECT_TRUE(has(held.body, "try again in a few minutes"));
  {
    auto c = s.db().acquire();
    c->exec("DELETE FROM rate_events", {});
    c->exec("UPDATE users SET email_verified_at = ? WHERE id = ?", {util::now_unix(), id});
  }
  EXPECT_EQ(a.client.post(page + "/verification", {}).status, 409);  // already verified
  ASSERT_EQ(a.client.post(page + "/password-reset", {}).status, 303);
  auto reset = test::wait_for_mail(email, 2);
  ASSERT_TRUE(reset.has_value());
  EXPECT_FALSE(test::link_in(reset->body, "/password-reset/confirm").empty());
  EXPECT_EQ(audit_count(s, "user.reset_sent", id), 1);
}

TEST(PlatformAdmin, PeoplePagesAreForPlatformAdministratorsOnly) {
  TestServer s;
  auto org_a = test::make_org(s, "perm-a");
  auto org_b = test::make_org(s, "perm-b");
  auto target = test::make_member(s, org_b, "author");
  auto oa = test::make_member(s, org_a, "org_admin");
  auto ob = test::make_member(s, org_b, "org_admin");
  auto citizen = test::make_member(s, 0, "citizen");
  auto page = "/admin/users/" + std::to_string(target.id);
  for (auto* who : {&oa.client, &ob.client, &citizen.client}) {
    EXPECT_EQ(who->get(page).status, 403);
    EXPECT_EQ(who->get("/admin/audit").status, 403);
    EXPECT_EQ(who->get("/admin/audit.csv").status, 403);
    who->get("/profile");
    for (auto action : {"/block", "/unblock", "/sessions/end", "/verification", "/password-reset"})
      EXPECT_EQ(who->post(page + action, {{"reason", "x"}}).status, 403) << action;
  }
  auto anon = s.client();
  EXPECT_EQ(anon.get(page).status, 303);
  EXPECT_TRUE(anon.get("/admin/audit").header("location").starts_with("/login"));
  EXPECT_EQ(target.client.get("/profile").status, 200);  // nothing happened to them
  auto c = s.db().acquire();
  EXPECT_TRUE(c->one("SELECT disabled_at FROM users WHERE id = ?", {target.id})->is_null(0));
}

TEST(PlatformAdmin, AuditLogFiltersPagesAndExports) {
  TestServer s;
  auto a = make_admin(s);
  auto org = test::make_org(s, "audit-a");
  auto email = test::unique_email("audited");
  auto id = s.add_user(email, test::kPassword);
  auto page = "/admin/users/" + std::to_string(id);
  a.client.get(page);
  a.client.post(page + "/block", {{"reason", "=cmd|' /C calc'!A0"}});
  a.client.post(page + "/unblock", {{"reason", "Sorry"}});
  a.client.get("/admin/organisations/" + std::to_string(org));
  a.client.post("/admin/organisations/" + std::to_string(org) + "/members", {{"email", email}, {"role", "author"}});
  auto all = a.client.get("/admin/audit");
  ASSERT_EQ(all.status, 200);
  EXPECT_TRUE(has(all.body, "user.block"));
  EXPECT_TRUE(has(all.body, "user.unblock"));
  EXPECT_TRUE(has(all.body, "role.grant"));
  auto blocks = a.client.get("/admin/audit?action=user.block");
  EXPECT_TRUE(has(blocks.body, "user.block"));
  EXPECT_FALSE(has(blocks.body, "user.unblock"));
  auto by_target = a.client.get("/admin/audit?target_kind=user&target=" + std::to_string(id));
  EXPECT_TRUE(has(by_target.body, "role.grant"));
  EXPECT_TRUE(has(a.client.get("/admin/audit?actor=" + std::to_string(a.id)).body, "Sorry"));
  EXPECT_FALSE(has(a.client.get("/admin/audit?actor=999999").body, "Sorry"));
  // Bad filters: 400, never SQL.
  for (auto q : {"?action=x'%20OR%201=1", "?target_kind=table", "?actor=abc", "?target=-5", "?page=0", "?page=-1"})
    EXPECT_EQ(a.client.get(std::string("/admin/audit") + q).status, 400) << q;
  // Paging: 60 entries make two pages.
  {
    auto c = s.db().acquire();
    for (int i = 0; i < 60; ++i)
      c->exec("INSERT INTO privacy_audit (actor_id, subject_id, action, reason, target_kind, target_id, detail, created_at, "
              "updated_at) VALUES (?, 0, 'setting.update', '', 'setting', 0, ?, 1, 1)",
              {a.id, "n=" + std::to_string(i)});
  }
  auto p1 = a.client.get("/admin/audit?action=setting.update");
  EXPECT_TRUE(has(p1.body, "page=2"));
  auto p2 = a.client.get("/admin/audit?action=setting.update&page=2");
  EXPECT_EQ(test::count(p2.body, "<code>setting.update</code>"), 10);
  // CSV: the same rows, formulas neutralised.
  auto csv = a.client.get("/admin/audit.csv?target=" + std::to_string(id));
  ASSERT_EQ(csv.status, 200);
  EXPECT_TRUE(csv.header("content-type").starts_with("text/csv"));
  EXPECT_TRUE(has(csv.body, "\"'=cmd"));
  EXPECT_TRUE(has(csv.body, "user.unblock"));
  EXPECT_FALSE(has(csv.body, "setting.update"));
}

}  // namespace cityskills
