#pragma once
// Test fixtures: a fresh database on the backend named by CITYSKILLS_TEST_DB (sqlite or
// postgres), and the real server on an ephemeral port with the real middleware and routes.
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "http/server.hpp"
#include "jobs/jobs.hpp"
#include "support/client.hpp"
#include "web/app.hpp"

namespace cityskills::test {

std::string backend();  // "sqlite" or "postgres"
// A new, empty, migrated database for one test. Fails the test when the backend is
// PostgreSQL and CITYSKILLS_TEST_PG_URL is not set.
std::unique_ptr<db::Database> fresh_database(bool run_migrations = true);
std::string temp_dir(const std::string& name);

struct Mail {
  std::string to, subject, body, raw;
};
// Waits for a message to `to` in the SMTP sink's folder (CITYSKILLS_TEST_MAILDIR).
std::optional<Mail> wait_for_mail(const std::string& to, int nth = 1, int timeout_ms = 10000);
int mails_to(const std::string& to);
std::string link_in(const std::string& body, const std::string& path_prefix);  // path+query of the first link
std::string attachment_text(const Mail& m, const std::string& filename);
std::string unique_email(const std::string& tag);

class TestServer {
 public:
  using Setup = std::function<void(http::ServerOptions&, web::App&)>;
  explicit TestServer(Setup setup = {});
  // Another node beside `first`: its own app, caches, job runner and port, on the same database.
  explicit TestServer(TestServer& first, Setup setup = {});
  ~TestServer();
  int port() const { return static_cast<int>(server_->port()); }
  db::Database& db() { return *svc_.db; }
  web::Services& services() { return svc_; }
  Client client() { return Client(port()); }
  // Creates a verified user directly (fast path for tests that are not about sign-up).
  std::int64_t add_user(const std::string& email, const std::string& password, bool platform_admin = false,
                        const std::string& lang = "en");
  // Signs in through the real login form.
  Client signed_in(const std::string& email, const std::string& password);
  void shutdown(int grace_ms);

 private:
  void start(const Setup& setup);

  std::unique_ptr<db::Database> db_;  // the first node's; another node uses the first's
  web::Services svc_;
  std::unique_ptr<jobs::Runner> runner_;
  std::unique_ptr<web::App> app_;
  std::unique_ptr<http::Server> server_;
  bool down_ = false;
};

// Passwords fast to type in tests but accepted by the policy.
inline const std::string kPassword = "violet-harbour-lantern";

}  // namespace cityskills::test
