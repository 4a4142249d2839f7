// Single sign-on with OpenID Connect through the real server, the sign-in itself: every bad token,
// state or code from the hostile provider (tests/support/sso.hpp) is a translated page that
// creates no session and no account and links nothing; accounts are created or linked only on an
// address the provider vouches for. (The browser test signs in through the real `oidc-provider`.)
#include <gtest/gtest.h>

#include "features/accounts/store.hpp"
#include "features/sso/store.hpp"
#include "i18n/i18n.hpp"
#include "support/harness.hpp"
#include "support/sso.hpp"
#include "util/strings.hpp"

namespace cityskills {
using namespace test;

TEST_F(Sso, FirstSignInCreatesAnAccountWithoutPasswordAndTheNextFindsIt) {
  rogue.mode("good", "sub-first", "first.sso@example.org");
  auto provider = add_provider(s, rogue.issuer());
  auto a = browser(s);
  auto r = sign_in(a, rogue, provider);
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_TRUE(signed_in(a));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE email = ? AND password_hash = '' AND email_verified_at IS NOT NULL "
                     "AND display_name = 'Rosa Rogue'", {"first.sso@example.org"}), 1);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities WHERE issuer = ? AND subject = 'sub-first'", {rogue.issuer()}), 1);
  // The profile lists the identity, and it cannot be removed: it is the only way in.
  auto profile = a.get("/profile");
  EXPECT_TRUE(has(profile.body, "Comune di Valverde"));
  EXPECT_TRUE(has(profile.body, message("sso.profile.last_way_in_hint")));
  EXPECT_FALSE(has(profile.body, "/profile/sso/"));
  // A second sign-in, in another browser, is the same account; an ES256 token is as good.
  rogue.mode("es256", "sub-first", "renamed@example.org");
  auto b = browser(s);
  ASSERT_EQ(sign_in(b, rogue, provider).status, 303);
  EXPECT_TRUE(signed_in(b));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users"), 1);
  // The password form never lets anyone into the account without a password.
  auto c = browser(s);
  c.get("/login");
  EXPECT_EQ(c.post("/login", {{"email", "first.sso@example.org"}, {"password", ""}}).status, 422);
}

TEST_F(Sso, EveryBadTokenIsRefusedWithItsReasonAndNothingIsCreated) {
  auto provider = add_provider(s, rogue.issuer());
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"wrong_issuer", "sso.error.issuer"},    {"wrong_audience", "sso.error.audience"},
      {"extra_audience", "sso.error.audience"}, {"wrong_nonce", "sso.error.nonce"},
      {"expired", "sso.error.expired"},        {"none", "sso.error.signature"},
      {"hs256", "sso.error.signature"},        {"unknown_key", "sso.error.signature"},
  };
  for (const auto& [mode, key] : cases) {
    rogue.mode(mode, "sub-" + mode, mode + "@example.org");
    auto a = browser(s);
    auto r = sign_in(a, rogue, provider);
    EXPECT_EQ(r.status, 400) << mode;
    EXPECT_TRUE(has(r.body, message(key))) << mode;
    EXPECT_TRUE(has(r.body, message("sso.failed.nothing_saved"))) << mode;
    EXPECT_FALSE(signed_in(a)) << mode;
  }
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users"), 0);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities"), 0);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sessions"), 0);
}

TEST_F(Sso, StateIsSingleUseAndBoundToTheBrowserAndCodesCannotBeReplayed) {
  rogue.mode("good", "sub-replay", "replay@example.org");
  auto provider = add_provider(s, rogue.issuer());
  // Another browser cannot use this browser's answer, and trying does not spoil it.
  auto a = browser(s);
  auto target = authorise(a, rogue, provider);
  auto thief = browser(s);
  thief.get("/sso/" + std::to_string(provider) + "/start");  // a sign-in of its own under way
  auto stolen = thief.get(target);
  EXPECT_EQ(stolen.status, 400);
  EXPECT_TRUE(has(stolen.body, message("sso.error.state")));
  EXPECT_FALSE(signed_in(thief));
  ASSERT_EQ(a.get(target).status, 303);
  // The same answer twice: the state is gone.
  auto again = a.get(target);
  EXPECT_EQ(again.status, 400);
  EXPECT_TRUE(has(again.body, message("sso.error.state")));
  // The used code with a fresh state of this browser: the provider refuses it.
  auto fresh = a.get("/sso/" + std::to_string(provider) + "/start");
  auto state = fresh.header("location").substr(fresh.header("location").find("state=") + 6);
  state = state.substr(0, state.find('&'));
  auto code = target.substr(target.find("code=") + 5);
  code = code.substr(0, code.find('&'));
  auto replay = browser(s);
  replay.cookies() = a.cookies();
  replay.cookies().erase("cs_session");
  auto refused = replay.get("/sso/callback?code=" + code + "&state=" + state);
  EXPECT_EQ(refused.status, 400);
  EXPECT_TRUE(has(refused.body, message("sso.error.code_refused")));
  EXPECT_FALSE(signed_in(replay));
  // A state nobody issued, and an answer naming another provider (RFC 9207).
  EXPECT_EQ(a.get("/sso/callback?code=x&state=made-up").status, 400);
  auto mixup = authorise(a, rogue, provider) + "&iss=" + "https%3A%2F%2Fother.example";
  auto r = a.get(mixup);
  EXPECT_EQ(r.status, 400);
  EXPECT_TRUE(has(r.body, message("sso.error.issuer")));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities"), 1);
}

TEST_F(Sso, AnExistingAccountIsLinkedOnlyWhenTheProviderVouchesForTheAddress) {
  auto provider = add_provider(s, rogue.issuer());
  auto owner = s.add_user("owner.sso@example.org", test::kPassword);
  rogue.mode("good", "sub-unverified", "owner.sso@example.org", false);
  auto a = browser(s);
  auto r = sign_in(a, rogue, provider);
  EXPECT_EQ(r.status, 409);
  EXPECT_TRUE(has(r.body, message("sso.error.email_unverified")));
  EXPECT_FALSE(signed_in(a));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities"), 0);
  // Vouched for: linked, and the account keeps its password (both ways in).
  rogue.mode("good", "sub-verified", "Owner.SSO@example.org", true);
  ASSERT_EQ(sign_in(a, rogue, provider).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities WHERE user_id = ?", {owner}), 1);
  auto p = s.signed_in("owner.sso@example.org", test::kPassword);
  // With a password as well, the identity may be removed from the profile.
  EXPECT_TRUE(has(p.get("/profile").body, "/profile/sso/"));
  // An address the provider does not vouch for, with no account yet: no account, no session.
  rogue.mode("good", "sub-new-unverified", "new.unverified@example.org", false);
  auto b = browser(s);
  auto refused = sign_in(b, rogue, provider);
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(has(refused.body, message("sso.error.new_email_unverified")));
  EXPECT_FALSE(signed_in(b));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE email = 'new.unverified@example.org'"), 0);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities WHERE subject = 'sub-new-unverified'"), 0);
}

TEST_F(Sso, AnAccountWhoseAddressIsUnconfirmedGetsNoSessionOnEitherPath) {
  auto provider = add_provider(s, rogue.issuer());
  // An existing password account that never confirmed its address: not linked, not entered.
  auto pending = s.add_user("pending.sso@example.org", test::kPassword);
  {
    auto c = s.db().acquire();
    c->exec("UPDATE users SET email_verified_at = NULL WHERE id = ?", {pending});
  }
  rogue.mode("good", "sub-pending", "pending.sso@example.org", true);
  auto a = browser(s);
  auto r = sign_in(a, rogue, provider);
  EXPECT_EQ(r.status, 409);
  EXPECT_TRUE(has(r.body, message("sso.error.account_unconfirmed")));
  EXPECT_FALSE(signed_in(a));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities"), 0);
  // A known identity whose account is (again) unconfirmed: no session either.
  rogue.mode("good", "sub-known", "known.sso@example.org", true);
  auto b = browser(s);
  ASSERT_EQ(sign_in(b, rogue, provider).status, 303);
  {
    auto c = s.db().acquire();
    c->exec("UPDATE users SET email_verified_at = NULL WHERE email = 'known.sso@example.org'");
  }
  auto again = browser(s);
  auto second = sign_in(again, rogue, provider);
  EXPECT_EQ(second.status, 409);
  EXPECT_TRUE(has(second.body, message("sso.error.account_unconfirmed")));
  EXPECT_FALSE(signed_in(again));
  // A blocked account: refused on the known-identity path and on the linking path.
  {
    auto c = s.db().acquire();
    c->exec("UPDATE users SET email_verified_at = ?, disabled_at = ? WHERE email = 'known.sso@example.org'",
            {util::now_unix(), util::now_unix()});
  }
  auto blocked = browser(s);
  auto third = sign_in(blocked, rogue, provider);
  EXPECT_EQ(third.status, 403);
  EXPECT_TRUE(has(third.body, message("sso.error.blocked")));
  auto held = s.add_user("held.sso@example.org", test::kPassword);
  {
    auto c = s.db().acquire();
    c->exec("UPDATE users SET disabled_at = ? WHERE id = ?", {util::now_unix(), held});
  }
  rogue.mode("good", "sub-held", "held.sso@example.org", true);
  auto fourth = sign_in(blocked, rogue, provider);
  EXPECT_EQ(fourth.status, 403);
  EXPECT_FALSE(signed_in(blocked));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities WHERE user_id = ?", {held}), 0);
}

TEST_F(Sso, EmailVerifiedVouchesOnlyForTheStandardEmailClaim) {
  auto provider = add_provider(s, rogue.issuer());
  {
    auto c = s.db().acquire();
    c->exec("UPDATE sso_providers SET claim_email = 'contact'");
  }
  // The token says email_verified: true, but the address comes from `contact`.
  s.add_user("contact.sso@example.org", test::kPassword);
  rogue.mode("good", "sub-contact", "contact.sso@example.org", true);
  auto a = browser(s);
  auto r = sign_in(a, rogue, provider);
  EXPECT_EQ(r.status, 409);
  EXPECT_TRUE(has(r.body, message("sso.error.email_unverified")));
  rogue.mode("good", "sub-contact-new", "contact.new@example.org", true);
  auto n = sign_in(a, rogue, provider);
  EXPECT_EQ(n.status, 403);
  EXPECT_TRUE(has(n.body, message("sso.error.new_email_unverified")));
  EXPECT_FALSE(signed_in(a));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities"), 0);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users"), 1);
}

TEST_F(Sso, ARestrictedProviderLinksOnlyMembersOfItsOrganisationAndNeverAdministrators) {
  std::int64_t org, other;
  {
    auto c = s.db().acquire();
    auto now = util::now_unix();
    org = c->insert("INSERT INTO organisations (name, slug, kind, country, created_at, updated_at) "
                    "VALUES ('Valverde', 'valverde', 'city', 'IT', ?, ?) RETURNING id", {now, now});
    other = c->insert("INSERT INTO organisations (name, slug, kind, country, created_at, updated_at) "
                      "VALUES ('Montalto', 'montalto', 'city', 'IT', ?, ?) RETURNING id", {now, now});
  }
  auto restricted = add_provider(s, rogue.issuer(), org);
  auto expect_refused = [&](const std::string& email, const std::string& sub) {
    rogue.mode("good", sub, email, true);
    auto a = browser(s);
    auto r = sign_in(a, rogue, restricted);
    EXPECT_EQ(r.status, 409) << email;
    EXPECT_TRUE(has(r.body, message("sso.error.link_from_profile"))) << email;
    EXPECT_FALSE(signed_in(a)) << email;
  };
  // A platform administrator, a stranger to the organisation, and staff of another one.
  s.add_user("root.sso@example.org", test::kPassword, true);
  expect_refused("root.sso@example.org", "sub-root");
  s.add_user("stranger.sso@example.org", test::kPassword);
  expect_refused("stranger.sso@example.org", "sub-stranger");
  auto staff = s.add_user("staff.sso@example.org", test::kPassword);
  {
    auto c = s.db().acquire();
    auto now = util::now_unix();
    c->exec("UPDATE users SET org_id = ? WHERE id = ?", {org, staff});
    c->exec("INSERT INTO memberships (user_id, org_id, role, created_at, updated_at) VALUES (?, ?, 'org_admin', ?, ?)",
            {staff, other, now, now});
  }
  expect_refused("staff.sso@example.org", "sub-staff");
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities"), 0);
  // A member of the organisation is linked.
  auto member = s.add_user("member.sso@example.org", test::kPassword);
  {
    auto c = s.db().acquire();
    c->exec("UPDATE users SET org_id = ? WHERE id = ?", {org, member});
  }
  rogue.mode("good", "sub-member", "member.sso@example.org", true);
  auto m = browser(s);
  ASSERT_EQ(sign_in(m, rogue, restricted).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities WHERE user_id = ?", {member}), 1);
  // A provider for every organisation links neither a platform administrator nor staff.
  {
    auto c = s.db().acquire();
    c->exec("UPDATE sso_providers SET org_id = NULL");
  }
  expect_refused("root.sso@example.org", "sub-root-2");
  expect_refused("staff.sso@example.org", "sub-staff-2");
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities"), 1);
}

TEST_F(Sso, RemovingIdentitiesNeverRemovesTheLastWayIn) {
  auto provider = add_provider(s, rogue.issuer());
  s.add_user("both.sso@example.org", test::kPassword);
  rogue.mode("good", "sub-both", "both.sso@example.org");
  auto a = browser(s);
  ASSERT_EQ(sign_in(a, rogue, provider).status, 303);
  auto id = count(s, "SELECT id FROM sso_identities WHERE subject = 'sub-both'");
  auto action = "/profile/sso/" + std::to_string(id) + "/remove";
  // Someone else cannot remove it (and does not learn that it exists).
  auto other = test::unique_email("other");
  s.add_user(other, test::kPassword);
  auto o = s.signed_in(other, test::kPassword);
  ASSERT_EQ(o.get("/profile").status, 200);
  EXPECT_EQ(o.post(action, {}).status, 404);
  // Without the form's token nothing happens.
  EXPECT_EQ(a.post(action, {}, false).status, 403);
  a.get("/profile");
  EXPECT_EQ(a.post(action, {}).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities"), 0);
  // An account with no password and one identity keeps it.
  rogue.mode("good", "sub-only", "only.sso@example.org");
  auto b = browser(s);
  ASSERT_EQ(sign_in(b, rogue, provider).status, 303);
  auto only = count(s, "SELECT id FROM sso_identities WHERE subject = 'sub-only'");
  b.get("/profile");
  auto r = b.post("/profile/sso/" + std::to_string(only) + "/remove", {});
  EXPECT_EQ(r.status, 409);
  EXPECT_TRUE(has(r.body, message("sso.profile.last_way_in")));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities"), 1);
}

}  // namespace cityskills
