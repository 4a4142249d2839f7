// Linking an identity provider from the profile through the real server and the rogue provider:
// the person signed in with a password proves the identity at the provider once; the identity is
// linked only to the account that asked, in the browser that asked, while that person is still
// signed in, and never when it already opens another account.
#include <gtest/gtest.h>

#include "support/harness.hpp"
#include "support/sso.hpp"
#include "util/strings.hpp"

namespace cityskills {
using namespace test;

namespace {

// The signed-in browser presses "Link" on the profile and signs in at the provider: the address
// the provider sends the browser back to (not followed yet).
std::string ask_to_link(Client& a, const Rogue& rogue, std::int64_t provider) {
  a.get("/profile");
  auto start = a.post("/profile/sso-link/" + std::to_string(provider), {});
  EXPECT_EQ(start.status, 303) << start.body;
  auto location = start.header("location");
  EXPECT_TRUE(location.starts_with(rogue.issuer() + "/authorize?")) << location;
  auto answer = Client(rogue.port()).get(path_of(location));
  EXPECT_EQ(answer.status, 302) << answer.body;
  return path_of(answer.header("location"));
}

Client signed_in_browser(TestServer& s, const std::string& email) {
  auto a = s.signed_in(email, kPassword);
  a.lang = "en";
  return a;
}

}  // namespace

TEST_F(Sso, APersonLinksAProviderFromTheProfileAndSignsInWithItAfterwards) {
  auto provider = add_provider(s, rogue.issuer());
  // The provider does not vouch for the address, and it is not even the account's: linking from
  // the profile does not go by address.
  auto me = s.add_user("linker.sso@example.org", kPassword);
  auto a = signed_in_browser(s, "linker.sso@example.org");
  auto profile = a.get("/profile");
  EXPECT_TRUE(has(profile.body, "/profile/sso-link/" + std::to_string(provider)));
  EXPECT_TRUE(has(profile.body, message("sso.link.intro")));
  // Without the form's token nothing starts.
  EXPECT_EQ(a.post("/profile/sso-link/" + std::to_string(provider), {}, false).status, 403);
  EXPECT_EQ(a.post("/profile/sso-link/999999", {}).status, 404);
  // A visitor cannot start a link.
  auto visitor = browser(s);
  visitor.get("/");
  auto anonymous = visitor.post("/profile/sso-link/" + std::to_string(provider), {});
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_TRUE(anonymous.header("location").starts_with("/login")) << anonymous.header("location");
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_states"), 0) << "nothing started for a visitor";
  rogue.mode("good", "sub-linker", "someone.else@example.org", false);
  auto done = a.get(ask_to_link(a, rogue, provider));
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(done.header("location"), "/profile");
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities WHERE user_id = ? AND subject = 'sub-linker'", {me}), 1);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM users WHERE email = 'someone.else@example.org'"), 0);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM privacy_audit WHERE action = 'sso.link' AND target_id = ?", {me}), 1);
  auto after = a.get("/profile");
  EXPECT_TRUE(has(after.body, message("sso.link.done")));
  EXPECT_FALSE(has(after.body, "/profile/sso-link/")) << "a linked provider is not offered again";
  // Linking again (an old page) changes nothing.
  auto again = a.get(ask_to_link(a, rogue, provider));
  EXPECT_EQ(again.status, 303);
  EXPECT_TRUE(has(a.get("/profile").body, message("sso.link.already")));
  // Another browser signs in to the same account through the provider.
  auto b = browser(s);
  ASSERT_EQ(sign_in(b, rogue, provider).status, 303);
  EXPECT_TRUE(signed_in(b));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities"), 1);
}

TEST_F(Sso, ALinkIsRefusedForAnIdentityOfAnotherAccountAnotherSessionOrAnotherOrganisation) {
  auto provider = add_provider(s, rogue.issuer());
  // The identity already opens another account.
  rogue.mode("good", "sub-owner", "owner.sso@example.org", true);
  auto owner = browser(s);
  ASSERT_EQ(sign_in(owner, rogue, provider).status, 303);
  s.add_user("second.sso@example.org", kPassword);
  auto a = signed_in_browser(s, "second.sso@example.org");
  auto taken = a.get(ask_to_link(a, rogue, provider));
  EXPECT_EQ(taken.status, 409);
  EXPECT_TRUE(has(taken.body, "is already linked to another account here")) << taken.body;
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities"), 1);
  // The person signed out (or another signed in) before coming back: nothing is linked.
  rogue.mode("good", "sub-second", "second.sso@example.org", true);
  auto back = ask_to_link(a, rogue, provider);
  a.post("/logout", {});
  auto gone = a.get(back);
  EXPECT_EQ(gone.status, 400);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities WHERE subject = 'sub-second'"), 0);
  EXPECT_FALSE(signed_in(a)) << "finishing a link never signs anyone in";
  // A provider restricted to an organisation links only its members, and never administrators.
  std::int64_t org;
  {
    auto c = s.db().acquire();
    auto now = util::now_unix();
    org = c->insert("INSERT INTO organisations (name, slug, kind, country, created_at, updated_at) "
                    "VALUES ('Valverde', 'valverde', 'city', 'IT', ?, ?) RETURNING id", {now, now});
    c->exec("UPDATE sso_providers SET org_id = ?", {org});
  }
  auto c2 = signed_in_browser(s, "second.sso@example.org");
  EXPECT_FALSE(has(c2.get("/profile").body, "/profile/sso-link/"));
  auto refused = c2.post("/profile/sso-link/" + std::to_string(provider), {});
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(has(refused.body, "Valverde"));
  s.add_user("root.link@example.org", kPassword, true);
  auto root = signed_in_browser(s, "root.link@example.org");
  EXPECT_EQ(root.post("/profile/sso-link/" + std::to_string(provider), {}).status, 403);
  auto member = s.add_user("member.link@example.org", kPassword);
  s.db().acquire()->exec("UPDATE users SET org_id = ? WHERE id = ?", {org, member});
  auto m = signed_in_browser(s, "member.link@example.org");
  rogue.mode("good", "sub-member-link", "member.link@example.org", true);
  EXPECT_EQ(m.get(ask_to_link(m, rogue, provider)).status, 303);
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_identities WHERE user_id = ?", {member}), 1);
}

}  // namespace cityskills
