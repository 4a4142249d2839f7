// Single sign-on with OpenID Connect through the real server. The provider is a small Node
// script (tests/support/oidc/rogue.mjs) whose ID tokens are signed by npm `jose` and can be
// made wrong on purpose: wrong issuer or audience, another nonce, expired, unsigned, HMAC with
// the public key, another key. Every refusal is a translated page, creates no session and no
// account, and links nothing. (The browser test signs in through the real `oidc-provider`.)
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "features/accounts/store.hpp"
#include "features/sso/store.hpp"
#include "i18n/i18n.hpp"
#include "support/harness.hpp"
#include "util/strings.hpp"

namespace cityskills {
using test::Client;
using test::Reply;
using test::TestServer;

namespace {

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

std::string repo_root() {
  auto dir = std::filesystem::canonical("/proc/self/exe").parent_path();
  while (!dir.empty() && dir != dir.root_path() && !std::filesystem::exists(dir / "web" / "package.json"))
    dir = dir.parent_path();
  return dir.string();
}

// The rogue provider, started for one test and stopped with it. It holds the write end of the
// provider's standard input: if this test dies, the provider sees its input end and exits, and
// its standard error goes to a file, so no orphan keeps ctest's pipes open.
class Rogue {
 public:
  Rogue() {
    int in[2], out[2];
    if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0) {
      ADD_FAILURE() << "pipe";
      return;
    }
    auto script = repo_root() + "/tests/support/oidc/rogue.mjs";
    auto log = (std::filesystem::temp_directory_path() / "cityskills-rogue.log").string();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    std::vector<char*> argv = {const_cast<char*>("node"), script.data(), nullptr};
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, "node", &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    close(in[0]);
    close(out[1]);
    stdin_ = in[1];
    pipe_ = fdopen(out[0], "r");
    char line[128] = {0};
    if (rc != 0 || !pipe_ || !fgets(line, sizeof line, pipe_) || std::sscanf(line, "port=%d pid=%d", &port_, &pid_) != 2)
      ADD_FAILURE() << "the rogue provider did not start (see " << log << "): " << line;
    if (pid_ <= 0) pid_ = pid;
  }
  ~Rogue() {
    if (stdin_ >= 0) close(stdin_);
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
    if (pipe_) fclose(pipe_);
  }
  Rogue(const Rogue&) = delete;
  Rogue& operator=(const Rogue&) = delete;
  int port() const { return port_; }
  std::string issuer() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void mode(const std::string& name, const std::string& sub = "rogue-subject", const std::string& email = "rogue@example.org",
            bool verified = true, const std::string& roles = "") {
    auto r = Client(port_).get("/mode?name=" + name + "&sub=" + sub + "&email=" + email + "&verified=" + (verified ? "1" : "0") +
                               "&roles=" + roles);
    ASSERT_EQ(r.status, 200);
  }

 private:
  FILE* pipe_ = nullptr;
  int stdin_ = -1, port_ = 0, pid_ = 0;
};

std::int64_t add_provider(TestServer& s, const std::string& issuer, std::optional<std::int64_t> org = std::nullopt) {
  sso::store::Provider p;
  p.name = "Comune di Valverde";
  p.issuer = issuer;
  p.client_id = "rogue-client";
  p.client_secret = "rogue-secret";
  p.scopes = "openid email profile";
  p.claim_role = "roles";
  p.org_id = org;
  auto c = s.db().acquire();
  return *sso::store::create_provider(*c, p);
}

std::string path_of(const std::string& url) {
  auto at = url.find('/', url.find("://") + 3);
  return at == std::string::npos ? "/" : url.substr(at);
}

// Start → the provider's authorisation endpoint → the callback address it sends back; the
// browser has not followed it yet.
std::string authorise(Client& browser, const Rogue& rogue, std::int64_t provider) {
  auto start = browser.get("/sso/" + std::to_string(provider) + "/start");
  EXPECT_EQ(start.status, 303) << start.body;
  auto location = start.header("location");
  EXPECT_TRUE(location.starts_with(rogue.issuer() + "/authorize?")) << location;
  EXPECT_TRUE(has(location, "code_challenge_method=S256"));
  auto answer = Client(rogue.port()).get(path_of(location));
  EXPECT_EQ(answer.status, 302) << answer.body;
  return path_of(answer.header("location"));
}

Reply sign_in(Client& browser, const Rogue& rogue, std::int64_t provider) {
  return browser.get(authorise(browser, rogue, provider));
}

Client browser(TestServer& s) {
  auto c = s.client();
  c.lang = "en";
  return c;
}

bool signed_in(Client& c) { return c.get("/profile").status == 200; }

int count(TestServer& s, const std::string& sql, const db::Params& params = {}) {
  auto c = s.db().acquire();
  return static_cast<int>(c->one(sql, params)->i64(0));
}

// A message as the page shows it (the templates escape ' as &apos;).
std::string message(const std::string& key) {
  std::string out;
  for (char ch : i18n::t("en", key)) out += ch == '\'' ? std::string("&apos;") : util::html_escape(std::string(1, ch));
  return out;
}

}  // namespace

TEST(Sso, FirstSignInCreatesAnAccountWithoutPasswordAndTheNextFindsIt) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, EveryBadTokenIsRefusedWithItsReasonAndNothingIsCreated) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, StateIsSingleUseAndBoundToTheBrowserAndCodesCannotBeReplayed) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, AnExistingAccountIsLinkedOnlyWhenTheProviderVouchesForTheAddress) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, AnAccountWhoseAddressIsUnconfirmedGetsNoSessionOnEitherPath) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, EmailVerifiedVouchesOnlyForTheStandardEmailClaim) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, ARestrictedProviderLinksOnlyMembersOfItsOrganisationAndNeverAdministrators) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, RemovingIdentitiesNeverRemovesTheLastWayIn) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, ProviderUnreachableOrDiscoveryBrokenIsAClearPage) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, SiteSettingsThatCloseSignUpAreRespected) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, SignOutEndsTheSessionAndOffersTheProvidersSignOut) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, RolesFromTheProviderCountOnlyInItsOrganisation) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, AdministratorsConfigureProvidersWithTheSecretNeverShownAgain) {
  TestServer s;
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

TEST(Sso, AnExpiredStateIsRefusedAndNextNeverLeavesTheSite) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, APasswordResetDropsIdentitiesLinkedOnAnAddressTheProviderDidNotVouchFor) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, DiscoveryNamingAPlainHttpEndpointElsewhereIsRefused) {
  TestServer s;
  Rogue rogue;
  auto provider = add_provider(s, rogue.issuer());
  rogue.mode("plain_endpoints");
  auto a = browser(s);
  auto r = a.get("/sso/" + std::to_string(provider) + "/start");
  EXPECT_EQ(r.status, 502);
  EXPECT_TRUE(has(r.body, message("sso.error.discovery")));
  EXPECT_EQ(count(s, "SELECT COUNT(*) FROM sso_states"), 0);
}

TEST(Sso, AnAccountWithoutPasswordErasesItselfAfterARecentSignIn) {
  TestServer s;
  Rogue rogue;
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

TEST(Sso, UserinfoFillsMissingClaimsForTheSameSubjectOnly) {
  TestServer s;
  Rogue rogue;
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
