// API tokens: made, listed and revoked on /api-tokens (CSRF, audit), shown once and stored
// hashed; and the bearer check every /api/v1 route passes — missing, unknown, revoked,
// expired, without the scope, of an organisation the maker no longer administers, over the
// rate limit — each a problem answer (RFC 9457) in the asker's language.
#include <gtest/gtest.h>

#include <regex>

#include "features/accounts/store.hpp"
#include "http/api_support.hpp"
#include "support/builder.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

namespace cityskills {
namespace {

using test::TestServer;
using test::api::call;
using test::api::make_token;
using test::api::member;

std::int64_t count(TestServer& s, const std::string& sql, const db::Params& p = {}) {
  auto c = s.db().acquire();
  return c->one(sql, p)->i64(0);
}

TEST(ApiTokens, MadeOnThePageShownOnceStoredHashedAndRevoked) {
  TestServer s;
  auto orgs = test::city_and_partner(s);
  auto m = test::make_member(s, orgs.a, "learner");
  auto page = m.client.get("/api-tokens");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("name=\"scope\""), std::string::npos);
  auto made = m.client.post("/api-tokens", {{"name", "HR system"}, {"owner", "me"}, {"scope", "courses:read"},
                                            {"scope", "events:read"}, {"days", "30"}});
  ASSERT_EQ(made.status, 201) << made.body;
  std::smatch found;
  ASSERT_TRUE(std::regex_search(made.body, found, std::regex("value=\"(cs_[A-Za-z0-9_-]{43})\"")));
  auto secret = found[1].str();
  // Only the hash is kept; the list shows the prefix, never the secret again.
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = ? AND scopes = 'courses:read events:read'",
                  {crypto::sha256_hex(secret)}), 1);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM api_tokens WHERE token_hash = ?", {secret}), 0);
  auto list = m.client.get("/api-tokens");
  EXPECT_EQ(list.body.find(secret), std::string::npos);
  EXPECT_NE(list.body.find(secret.substr(0, 9)), std::string::npos);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM privacy_audit WHERE action = 'api_token.create' AND actor_id = ?", {m.id}), 1);

  auto ok = call(s, "GET", "/api/v1/courses", secret);
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.header("content-type"), "application/json");
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM api_tokens WHERE last_used_at IS NOT NULL"), 1);

  auto id = count(s, "SELECT id FROM api_tokens");
  m.client.get("/api-tokens");
  auto revoked = m.client.post("/api-tokens/" + std::to_string(id) + "/revoke", {});
  EXPECT_EQ(revoked.status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM privacy_audit WHERE action = 'api_token.revoke'"), 1);
  auto refused = call(s, "GET", "/api/v1/courses", secret);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(member(refused.body, "code"), "api.errors.token_revoked");
}

TEST(ApiTokens, BadFormsAreRefusedAndSaveNothing) {
  TestServer s;
  auto orgs = test::city_and_partner(s);
  auto admin_a = test::make_member(s, orgs.a, "org_admin");
  admin_a.client.get("/api-tokens");
  // No scope; an unknown scope; an organisation the person does not administer; a lifetime not offered.
  auto none = admin_a.client.post("/api-tokens", {{"name", "x"}, {"owner", "me"}, {"days", "30"}});
  EXPECT_EQ(none.status, 422);
  auto unknown = admin_a.client.post("/api-tokens", {{"name", "x"}, {"owner", "me"}, {"scope", "root:write"}, {"days", "30"}});
  EXPECT_EQ(unknown.status, 422);
  auto other = admin_a.client.post("/api-tokens", {{"name", "x"}, {"owner", std::to_string(orgs.b)},
                                                   {"scope", "people:read"}, {"days", "30"}});
  EXPECT_EQ(other.status, 422);
  auto forever = admin_a.client.post("/api-tokens", {{"name", "x"}, {"owner", "me"}, {"scope", "people:read"}, {"days", "100000"}});
  EXPECT_EQ(forever.status, 422);
  auto extra = admin_a.client.post("/api-tokens", {{"name", "x"}, {"owner", "me"}, {"scope", "people:read"},
                                                   {"days", "30"}, {"user_id", "1"}});
  EXPECT_EQ(extra.status, 400);
  auto no_csrf = admin_a.client.post("/api-tokens", {{"name", "x"}, {"owner", "me"}, {"scope", "people:read"}, {"days", "30"}},
                                     false);
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM api_tokens"), 0);
  // The organisation's own service token is allowed.
  auto service = admin_a.client.post("/api-tokens", {{"name", "HR"}, {"owner", std::to_string(orgs.a)},
                                                     {"scope", "people:read"}, {"days", "7"}});
  EXPECT_EQ(service.status, 201);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM api_tokens WHERE org_id = ?", {orgs.a}), 1);
}

TEST(ApiTokens, SomeoneElsesTokenCannotBeRevoked) {
  TestServer s;
  auto orgs = test::city_and_partner(s);
  auto owner = test::make_person(s, "owner", orgs.a, "learner");
  auto secret = make_token(s, owner.id, "courses:read");
  auto id = count(s, "SELECT id FROM api_tokens");
  auto other = test::make_member(s, orgs.a, "org_admin");  // even an admin of the owner's organisation
  other.client.get("/api-tokens");
  EXPECT_EQ(other.client.post("/api-tokens/" + std::to_string(id) + "/revoke", {}).status, 404);
  EXPECT_EQ(call(s, "GET", "/api/v1/courses", secret).status, 200);
}

TEST(ApiBearer, EveryWayOfNotHavingTheRightTokenIsAProblemAnswer) {
  TestServer s;
  auto orgs = test::city_and_partner(s);
  auto p = test::make_person(s, "reader", orgs.a, "learner");
  auto good = make_token(s, p.id, "courses:read");
  auto expired = make_token(s, p.id, "courses:read", std::nullopt, -10);

  auto missing = call(s, "GET", "/api/v1/courses", "");
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(missing.header("content-type"), "application/problem+json");
  EXPECT_NE(missing.header("www-authenticate").find("Bearer"), std::string::npos);
  EXPECT_EQ(member(missing.body, "code"), "api.errors.token_missing");

  EXPECT_EQ(member(call(s, "GET", "/api/v1/courses", "cs_not-a-token").body, "code"), "api.errors.token_invalid");
  EXPECT_EQ(member(call(s, "GET", "/api/v1/courses", good + "x").body, "code"), "api.errors.token_invalid");
  EXPECT_EQ(member(call(s, "GET", "/api/v1/courses", expired).body, "code"), "api.errors.token_expired");
  auto basic = call(s, "GET", "/api/v1/courses", "", "", {{"Authorization", "Basic " + good}});
  EXPECT_EQ(basic.status, 401);

  // A token without the scope: 403, naming the scope.
  auto scope = call(s, "GET", "/api/v1/events", good);
  EXPECT_EQ(scope.status, 403);
  EXPECT_EQ(member(scope.body, "scope"), "events:read");

  // A signed-in browser's cookies mean nothing on the API.
  auto browser = test::make_member(s, orgs.a, "org_admin");
  auto r = browser.client.get("/api/v1/courses");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");

  // The title and detail in the asker's language.
  auto de = call(s, "GET", "/api/v1/events", good, "", {{"Accept-Language", "de"}});
  EXPECT_EQ(de.header("content-language"), "de");
  EXPECT_NE(member(de.body, "detail").find("Bereich"), std::string::npos) << de.body;
  auto fi = call(s, "GET", "/api/v1/courses", "", "", {{"Accept-Language", "fi"}});
  EXPECT_NE(member(fi.body, "detail").find("API-tunnuksen"), std::string::npos) << fi.body;
}

TEST(ApiBearer, AServiceTokenDiesWithItsMakersAdminRole) {
  TestServer s;
  auto orgs = test::city_and_partner(s);
  auto admin = test::make_person(s, "admin", orgs.a, "org_admin");
  auto service = make_token(s, admin.id, "people:read", orgs.a);
  EXPECT_EQ(call(s, "GET", "/api/v1/people?org=" + std::to_string(orgs.a), service).status, 200);
  {
    auto c = s.db().acquire();
    c->exec("DELETE FROM memberships WHERE user_id = ?", {admin.id});
  }
  auto r = call(s, "GET", "/api/v1/people?org=" + std::to_string(orgs.a), service);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(member(r.body, "code"), "api.errors.token_invalid");
}

TEST(ApiBearer, ATokenHasARateLimitOnEveryNode) {
  TestServer s;
  auto p = test::make_person(s, "busy");
  auto token = make_token(s, p.id, "courses:read");
  auto id = count(s, "SELECT id FROM api_tokens");
  {
    // The minute's allowance already spent (as other nodes would have counted it).
    auto now = util::now_unix();
    s.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
      for (int i = 0; i < 600; ++i)
        c.exec("INSERT INTO rate_events (bucket, created_at, updated_at) VALUES (?, ?, ?)",
               {"api_token:" + std::to_string(id), now, now});
    });
  }
  auto r = call(s, "GET", "/api/v1/courses", token);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("retry-after"), "60");
  EXPECT_EQ(member(r.body, "code"), "api.errors.rate_limited");
}

TEST(ApiBearer, ADisabledPersonsTokensStopWorking) {
  TestServer s;
  auto p = test::make_person(s, "leaver");
  auto token = make_token(s, p.id, "courses:read");
  {
    auto c = s.db().acquire();
    c->exec("UPDATE users SET disabled_at = 1 WHERE id = ?", {p.id});
  }
  EXPECT_EQ(call(s, "GET", "/api/v1/courses", token).status, 401);
}

TEST(ApiBearer, APasswordResetEndsEveryTokenThePersonMade) {
  TestServer s;
  auto orgs = test::city_and_partner(s);
  auto admin_a = test::make_person(s, "reset-admin", orgs.a, "org_admin");
  auto personal = make_token(s, admin_a.id, "courses:read");
  auto other = make_token(s, test::make_person(s, "bystander").id, "courses:read");
  ASSERT_EQ(call(s, "GET", "/api/v1/courses", personal).status, 200);
  // The reset that signs the person out everywhere (the same call as the reset page's).
  s.db().tx(db::TxKind::kWrite, [&](db::Tx& t) { accounts::store::end_sessions_and_tokens(t, admin_a.id); });
  EXPECT_EQ(call(s, "GET", "/api/v1/courses", personal).status, 401);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL", {admin_a.id}), 0);
  EXPECT_EQ(call(s, "GET", "/api/v1/courses", other).status, 200);  // nobody else's
}

TEST(ApiDocument, ServedAndValidatedByAnIndependentValidator) {
  TestServer s;
  auto r = s.client().get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_NE(r.body.find("\"openapi\": \"3.1.0\""), std::string::npos);
  // The served document, checked by npm @seriousme/openapi-schema-validator (OpenAPI 3.1).
  int status = 0;
  auto out = test::api::check_document(r.body, status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_EQ(out, "valid\n");
}

}  // namespace
}  // namespace cityskills
