#include "support/sso.hpp"

#include "features/sso/store.hpp"
#include "i18n/i18n.hpp"
#include "util/strings.hpp"

namespace cityskills::test {

int Rogue::port() const {
  if (!service_) service_ = std::make_unique<NodeService>("oidc/rogue.mjs", "the rogue provider");
  return service_->port();
}

void Rogue::mode(const std::string& name, const std::string& sub, const std::string& email, bool verified,
                 const std::string& roles, const std::string& org) {
  auto r = Client(port()).get("/mode?name=" + name + "&sub=" + sub + "&email=" + email +
                              "&verified=" + (verified ? "1" : "0") + "&roles=" + roles + "&org=" + org);
  ASSERT_EQ(r.status, 200);
}

std::int64_t add_provider(TestServer& s, const std::string& issuer, std::optional<std::int64_t> org) {
  sso::store::Provider p;
  p.name = "Comune di Valverde";
  p.issuer = issuer;
  p.client_id = "rogue-client";
  p.client_secret = "rogue-secret";
  p.scopes = "openid email profile";
  p.claim_role = "roles";
  p.claim_org = "org";
  p.org_id = org;
  auto c = s.db().acquire();
  return *sso::store::create_provider(*c, p);
}

std::string path_of(const std::string& url) {
  auto at = url.find('/', url.find("://") + 3);
  return at == std::string::npos ? "/" : url.substr(at);
}

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

int count(TestServer& s, const std::string& sql, const db::Params& params) {
  auto c = s.db().acquire();
  return static_cast<int>(c->one(sql, params)->i64(0));
}

std::string message(const std::string& key) {
  std::string out;
  for (char ch : i18n::t("en", key)) out += ch == '\'' ? std::string("&apos;") : util::html_escape(std::string(1, ch));
  return out;
}

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace cityskills::test
