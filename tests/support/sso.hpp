#pragma once
// Single sign-on through the real server against a hostile provider: a small Node script
// (tests/support/oidc/rogue.mjs) whose ID tokens are signed by npm `jose` and can be made wrong on
// purpose. The `Sso` fixture gives each test a server and the provider, started on first use.
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "support/harness.hpp"
#include "support/node_service.hpp"

namespace cityskills {
namespace test {

// The rogue provider, started on first use and stopped with the test (a NodeService).
class Rogue {
 public:
  Rogue() = default;
  Rogue(const Rogue&) = delete;
  Rogue& operator=(const Rogue&) = delete;
  int port() const;
  std::string issuer() const { return "http://127.0.0.1:" + std::to_string(port()); }
  // How the provider answers from now on (good, wrong_issuer, expired, ...), for whom.
  void mode(const std::string& name, const std::string& sub = "rogue-subject",
            const std::string& email = "rogue@example.org", bool verified = true, const std::string& roles = "",
            const std::string& org = "");

 private:
  mutable std::unique_ptr<NodeService> service_;
};

// A provider "Comune di Valverde" at `issuer`, open to everyone or restricted to `org`.
std::int64_t add_provider(TestServer& s, const std::string& issuer, std::optional<std::int64_t> org = std::nullopt);
// Start → the provider's authorisation endpoint → the callback address it sends back; the
// browser has not followed it yet.
std::string authorise(Client& browser, const Rogue& rogue, std::int64_t provider);
// The whole sign-in: the callback followed.
Reply sign_in(Client& browser, const Rogue& rogue, std::int64_t provider);
// A browser that reads the pages in English.
Client browser(TestServer& s);
bool signed_in(Client& c);
std::string path_of(const std::string& url);
bool has(const std::string& hay, const std::string& needle);
// The first column of `sql`'s first row.
int count(TestServer& s, const std::string& sql, const db::Params& params = {});
// A message as the page shows it (the templates escape ' as &apos;).
std::string message(const std::string& key);

}  // namespace test

// Each single-sign-on test: a server `s` and the rogue provider `rogue`.
class Sso : public ::testing::Test {
 protected:
  test::TestServer s;
  test::Rogue rogue;
};

}  // namespace cityskills
