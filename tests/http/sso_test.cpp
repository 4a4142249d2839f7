// Single sign-on with OpenID Connect through the real server, around the sign-in: restricted
// providers and roles, removing identities, unreachable providers, site settings, signing out,
// the administration of providers, password resets and erasure.
#include <gtest/gtest.h>

#include "features/accounts/store.hpp"
#include "features/sso/store.hpp"
#include "i18n/i18n.hpp"
#include "support/harness.hpp"
#include "support/sso.hpp"
#include "util/strings.hpp"

namespace cityskills {
using namespace test;

TEST_F(Sso, ProviderUnreachableOrDiscoveryBrokenIsAClearPage) {
  auto provider = add_provider(s, rogue.issuer());
  auto down = add_provider(s, "http://127.0.0.1:1");
  auto a = browser(s);
  auto r = a.get("/sso/" + std::to_string(down) + "/start");
  EXPECT_EQ(r.status, 502);
  EXPECT_TRUE(has(r.body, message("sso.error.unreachable")));
  for (const std::string mode : {"broken_discovery", "discovery_other_issuer"}) {
    rogue.mode(mode);
    auto b = a.get("/sso/" + std::to_string(provider) + "/start");
    EXPECT_EQ(b.status, 502) << mode;
    EXPECT_TRUE(has(b.body, message("sso.error.discovery"))) << mode;
  }
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_states"), 0);
  // The provider says no (the person cancelled).
  rogue.mode("good");
  auto target = authorise(a, rogue, provider);
  auto state = target.substr(target.find("state="));
  auto denied = a.get("/sso/callback?error=access_denied&" + state);
  EXPECT_EQ(denied.status, 400);
  EXPECT_TRUE(has(denied.body, message("sso.error.denied")));
  EXPECT_EQ(a.get("/sso/999999/start").status, 404);
}

TEST_F(Sso, SiteSettingsThatCloseSignUpAreRespected) {
  auto provider = add_provider(s, rogue.issuer());
  {
    auto c = s.db().acquire();
    auto now = util::now_unix();
    c->exec("INSERT INTO site_settings (name, value, created_at, updated_at) VALUES ('signup', 'domains', ?, ?), "
            "('signup_domains', 'comune.example.it', ?, ?)", {now, now, now, now});
  }
  rogue.mode("good", "sub-outside", "someone@elsewhere.example");
  auto a = browser(s);
  auto r = sign_in(a, rogue, provider);
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(has(r.body, "comune.example.it"));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users"), 0);
  rogue.mode("good", "sub-inside", "staff@comune.example.it");
  EXPECT_EQ(sign_in(a, rogue, provider).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users"), 1);
}

TEST_F(Sso, SignOutEndsTheSessionAndOffersTheProvidersSignOut) {
  rogue.mode("good", "sub-out", "out.sso@example.org");
  auto provider = add_provider(s, rogue.issuer());
  auto a = browser(s);
  ASSERT_EQ(sign_in(a, rogue, provider).status, 303);
  a.get("/profile");
  auto out = a.post("/logout", {});
  ASSERT_EQ(out.status, 303);
  EXPECT_EQ(out.header("location"), "/sso/signed-out/" + std::to_string(provider));
  EXPECT_FALSE(signed_in(a));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_sessions"), 0);
  auto page = a.get(out.header("location"));
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, rogue.issuer() + "/logout?client_id=rogue-client&amp;post_logout_redirect_uri="));
  // The page is open to anyone, so one connection reads the provider's discovery a limited
  // number of times; beyond that, the page without the link.
  std::string last;
  for (int i = 0; i < 20; ++i) last = a.get(out.header("location")).body;
  EXPECT_FALSE(has(last, rogue.issuer() + "/logout?"));
  // A password session signs out as before.
  s.add_user("pw.sso@example.org", test::kPassword);
  auto p = s.signed_in("pw.sso@example.org", test::kPassword);
  p.get("/profile");
  EXPECT_EQ(p.post("/logout", {}).header("location"), "/");
}

TEST_F(Sso, RolesFromTheProviderCountOnlyInItsOrganisation) {
  std::int64_t org;
  {
    auto c = s.db().acquire();
    auto now = util::now_unix();
    org = c->insert("INSERT INTO organisations (name, slug, kind, country, created_at, updated_at) "
                    "VALUES ('Valverde', 'valverde', 'city', 'IT', ?, ?) RETURNING id", {now, now});
  }
  auto restricted = add_provider(s, rogue.issuer(), org);
  rogue.mode("good", "sub-role", "role.sso@example.org", true, "author,platform_admin");
  auto a = browser(s);
  ASSERT_EQ(sign_in(a, rogue, restricted).status, 303);
  auto user = count(s, "SELECT id FROM users WHERE email = 'role.sso@example.org'");
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE id = ? AND org_id = ? AND platform_admin = 0", {user, org}), 1);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM memberships WHERE user_id = ? AND org_id = ? AND role = 'author'", {user, org}), 1);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM memberships WHERE user_id = ?", {user}), 1);
  // A provider for every organisation gives no roles, whatever it claims.
  {
    auto c = s.db().acquire();
    c->exec("UPDATE sso_providers SET org_id = NULL");
  }
  rogue.mode("good", "sub-role-2", "role2.sso@example.org", true, "org_admin");
  auto b = browser(s);
  ASSERT_EQ(sign_in(b, rogue, restricted).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id "
                     "WHERE u.email = 'role2.sso@example.org'"), 0);
}

TEST_F(Sso, TheOrganisationClaimPlacesANewAccountOnlyInAnOrganisationThatExists) {
  std::int64_t org;
  {
    auto c = s.db().acquire();
    auto now = util::now_unix();
    org = c->insert("INSERT INTO organisations (name, slug, kind, country, created_at, updated_at) "
                    "VALUES ('Valverde', 'valverde', 'city', 'IT', ?, ?) RETURNING id", {now, now});
    c->exec("INSERT INTO organisations (name, slug, kind, country, created_at, updated_at) "
            "VALUES ('Lunden', 'lunden', 'city', 'SE', ?, ?)", {now, now});
  }
  auto open = add_provider(s, rogue.issuer());
  rogue.mode("good", "sub-org-1", "org1.sso@example.org", true, "", "valverde");
  auto a = browser(s);
  ASSERT_EQ(sign_in(a, rogue, open).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE email = 'org1.sso@example.org' AND org_id = ?", {org}), 1);
  // An organisation that does not exist places nobody; the claim never makes one.
  rogue.mode("good", "sub-org-2", "org2.sso@example.org", true, "", "no-such-town");
  auto b = browser(s);
  ASSERT_EQ(sign_in(b, rogue, open).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE email = 'org2.sso@example.org' AND org_id IS NULL"), 1);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM organisations WHERE slug = 'no-such-town'"), 0);
  // The claim is read when the account is made, not at each sign-in.
  rogue.mode("good", "sub-org-1", "org1.sso@example.org", true, "", "lunden");
  auto e = browser(s);
  ASSERT_EQ(sign_in(e, rogue, open).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE email = 'org1.sso@example.org' AND org_id = ?", {org}), 1);
  // A provider restricted to an organisation places people there, whatever the claim says.
  s.db().acquire()->exec("UPDATE sso_providers SET org_id = ?", {org});
  rogue.mode("good", "sub-org-3", "org3.sso@example.org", true, "", "lunden");
  auto d = browser(s);
  ASSERT_EQ(sign_in(d, rogue, open).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE email = 'org3.sso@example.org' AND org_id = ?", {org}), 1);
}

TEST_F(Sso, ATokenEndpointThatIsDownOrAnswersWithoutATokenIsAClearPageAndNothingIsCreated) {
  auto provider = add_provider(s, rogue.issuer());
  struct Case {
    std::string mode, key;
  };
  for (const auto& [mode, key] : {Case{"token_unreachable", "sso.error.unreachable"},
                                  Case{"token_down", "sso.error.unreachable"},
                                  Case{"token_without_id_token", "sso.error.token"}}) {
    rogue.mode(mode, "sub-" + mode, mode + "@example.org");
    auto a = browser(s);
    auto r = sign_in(a, rogue, provider);
    EXPECT_EQ(r.status, 502) << mode;
    EXPECT_TRUE(has(r.body, message(key))) << mode;
    EXPECT_EQ(a.get("/profile").status, 303) << mode << ": not signed in";
  }
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE email LIKE 'token%'"), 0);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities"), 0);
}

TEST_F(Sso, AdministratorsConfigureProvidersWithTheSecretNeverShownAgain) {
  auto admin_email = test::unique_email("sso-admin");
  s.add_user(admin_email, test::kPassword, true);
  auto a = s.signed_in(admin_email, test::kPassword);
  a.lang = "en";
  using Fields = std::vector<std::pair<std::string, std::string>>;
  Fields form = {{"name", "Comune"},          {"issuer", "https://id.comune.example.it/realms/staff"},
                 {"client_id", "cityskills"}, {"client_secret", "s3cret-value-42"},
                 {"scopes", "email profile"}, {"claim_name", "name"},
                 {"claim_email", "email"},    {"claim_org", ""},
                 {"claim_role", ""},          {"org_id", ""}};
  auto with = [&](Fields overrides) {
    auto f = form;
    for (const auto& [k, v] : overrides)
      for (auto& [fk, fv] : f)
        if (fk == k) fv = v;
    return f;
  };
  ASSERT_EQ(a.get("/admin/sso/new").status, 200);
  // Bad input: each field named, the input kept (never the secret), nothing saved.
  auto bad = a.post("/admin/sso/new", with({{"issuer", "http://id.example.it"}, {"client_secret", ""},
                                            {"claim_email", "e mail"}, {"org_id", "99999"}}));
  EXPECT_EQ(bad.status, 422);
  for (const auto* key : {"sso.admin.issuer_invalid", "sso.admin.secret_required", "sso.admin.claim_invalid"})
    EXPECT_TRUE(has(bad.body, message(key))) << key;
  EXPECT_TRUE(has(bad.body, "value=\"cityskills\""));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_providers"), 0);
  // Without the form's token, or with a field the form does not own: refused.
  EXPECT_EQ(a.post("/admin/sso/new", form, false).status, 403);
  a.get("/admin/sso/new");
  EXPECT_EQ(a.post("/admin/sso/new", with({}), true).status, 303);
  auto id = count(s, "SELECT id FROM sso_providers");
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_providers WHERE scopes = 'openid email profile'"), 1);
  auto list = a.get("/admin/sso");
  EXPECT_TRUE(has(list.body, "Comune"));
  EXPECT_TRUE(has(list.body, s.services().config.public_url + "/sso/callback"));
  auto edit = a.get("/admin/sso/" + std::to_string(id));
  EXPECT_EQ(edit.status, 200);
  EXPECT_FALSE(has(edit.body, "s3cret-value-42"));
  auto f = with({{"name", "Comune di Valverde"}, {"client_secret", ""}});
  f.emplace_back("platform_admin", "1");
  EXPECT_EQ(a.post("/admin/sso/" + std::to_string(id), f).status, 400);
  a.get("/admin/sso/" + std::to_string(id));
  EXPECT_EQ(a.post("/admin/sso/" + std::to_string(id), with({{"name", "Comune di Valverde"}, {"client_secret", ""}})).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_providers WHERE name = 'Comune di Valverde' AND client_secret = 's3cret-value-42'"), 1);
  // A second provider with the same issuer is refused.
  a.get("/admin/sso/new");
  auto twice = a.post("/admin/sso/new", with({}));
  EXPECT_EQ(twice.status, 409);
  EXPECT_TRUE(has(twice.body, message("sso.admin.issuer_taken")));
  // The sign-in page offers it; people who are not platform administrators cannot configure.
  EXPECT_TRUE(has(s.client().get("/login").body, "/sso/" + std::to_string(id) + "/start"));
  auto citizen = test::unique_email("sso-citizen");
  s.add_user(citizen, test::kPassword);
  auto c = s.signed_in(citizen, test::kPassword);
  EXPECT_EQ(c.get("/admin/sso").status, 403);
  a.get("/admin/sso/" + std::to_string(id));
  EXPECT_EQ(a.post("/admin/sso/" + std::to_string(id) + "/delete", {}).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_providers"), 0);
  EXPECT_EQ(a.get("/admin/sso/" + std::to_string(id)).status, 404);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM privacy_audit WHERE action IN ('sso.provider_create', 'sso.provider_update', "
                     "'sso.provider_delete')"), 3);
}

TEST_F(Sso, AnExpiredStateIsRefusedAndNextNeverLeavesTheSite) {
  rogue.mode("good", "sub-late", "late.sso@example.org");
  auto provider = add_provider(s, rogue.issuer());
  auto a = browser(s);
  auto target = authorise(a, rogue, provider);
  {
    auto c = s.db().acquire();
    c->exec("UPDATE sso_states SET expires_at = ?", {util::now_unix() - 1});
  }
  auto late = a.get(target);
  EXPECT_EQ(late.status, 400);
  EXPECT_TRUE(has(late.body, message("sso.error.state")));
  EXPECT_FALSE(signed_in(a));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users"), 0);
  // A `next` to another site is dropped at the start: the sign-in lands on the home page.
  auto start = a.get("/sso/" + std::to_string(provider) + "/start?next=%2F%2Fevil.example%2F");
  ASSERT_EQ(start.status, 303);
  auto answer = Client(rogue.port()).get(path_of(start.header("location")));
  auto done = a.get(path_of(answer.header("location")));
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.header("location"), "/");
  EXPECT_TRUE(signed_in(a));
}

TEST_F(Sso, APasswordResetDropsIdentitiesLinkedOnAnAddressTheProviderDidNotVouchFor) {
  auto provider = add_provider(s, rogue.issuer());
  auto user = s.add_user("unproven@example.org", test::kPassword);
  auto a = s.signed_in("unproven@example.org", test::kPassword);
  {
    auto c = s.db().acquire();
    sso::store::link(*c, user, provider, rogue.issuer(), "sub-unproven", false);
    sso::store::link(*c, user, provider, rogue.issuer(), "sub-proven", true);
  }
  // Whoever resets the password proved the address: the identity that never did goes.
  s.db().tx(db::TxKind::kWrite, [&](db::Tx& t) { accounts::store::end_sessions_and_tokens(t, user); });
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities WHERE subject = 'sub-unproven'"), 0);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities WHERE subject = 'sub-proven'"), 1);
  EXPECT_FALSE(signed_in(a));
}

TEST_F(Sso, DiscoveryNamingAPlainHttpEndpointElsewhereIsRefused) {
  auto provider = add_provider(s, rogue.issuer());
  rogue.mode("plain_endpoints");
  auto a = browser(s);
  auto r = a.get("/sso/" + std::to_string(provider) + "/start");
  EXPECT_EQ(r.status, 502);
  EXPECT_TRUE(has(r.body, message("sso.error.discovery")));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_states"), 0);
}

TEST_F(Sso, AnAccountWithoutPasswordErasesItselfAfterARecentSignIn) {
  auto provider = add_provider(s, rogue.issuer());
  rogue.mode("good", "sub-erase", "erase.sso@example.org", true);
  auto a = browser(s);
  ASSERT_EQ(sign_in(a, rogue, provider).status, 303);
  ASSERT_EQ(a.get("/my/data").status, 200);
  // Without the confirmation box: nothing happens; no password is asked for.
  auto no_confirm = a.post("/my/data/erase", {{"password", ""}});
  EXPECT_EQ(no_confirm.status, 422);
  EXPECT_FALSE(has(no_confirm.body, message("rights.erase.password_required")));
  // A sign-in older than ten minutes does not confirm it.
  {
    auto c = s.db().acquire();
    c->exec("UPDATE sessions SET created_at = created_at - 3600");
  }
  a.get("/my/data");
  auto stale = a.post("/my/data/erase", {{"password", ""}, {"confirm", "1"}});
  EXPECT_EQ(stale.status, 422);
  EXPECT_TRUE(has(stale.body, message("rights.erase.sign_in_again")));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE email = 'erase.sso@example.org'"), 1);
  // Signed in again through the provider: the erasure goes through.
  auto b = browser(s);
  ASSERT_EQ(sign_in(b, rogue, provider).status, 303);
  b.get("/my/data");
  EXPECT_EQ(b.post("/my/data/erase", {{"password", ""}, {"confirm", "1"}}).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE email = 'erase.sso@example.org'"), 0);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities"), 0);
}

TEST_F(Sso, UserinfoFillsMissingClaimsForTheSameSubjectOnly) {
  auto provider = add_provider(s, rogue.issuer());
  rogue.mode("userinfo_other_subject", "sub-info", "info.sso@example.org", true);
  auto a = browser(s);
  auto r = sign_in(a, rogue, provider);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(has(r.body, message("sso.error.no_email")));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users"), 0);
  rogue.mode("userinfo_only", "sub-info", "info.sso@example.org", true);
  ASSERT_EQ(sign_in(a, rogue, provider).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE email = 'info.sso@example.org'"), 1);
}

}  // namespace cityskills
