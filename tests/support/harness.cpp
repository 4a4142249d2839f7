#include "support/harness.hpp"

#include <sodium.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "db/migrate.hpp"
#include "features/accounts/api.hpp"
#include "features/assessment/api.hpp"
#include "features/accounts/store.hpp"
#include "features/catalog/api.hpp"
#include "features/events/api.hpp"
#include "features/forum/api.hpp"
#include "features/ideas/api.hpp"
#include "features/news/api.hpp"
#include "features/practices/api.hpp"
#include "features/resources/api.hpp"
#include "features/home/api.hpp"
#include "features/orgs/api.hpp"
#include "features/search/api.hpp"
#include "features/manifest.hpp"
#include "i18n/i18n.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::test {
namespace fs = std::filesystem;

namespace {
struct Init {
  Init() {
    crypto::init();
    if (!std::getenv("CITYSKILLS_TEST_VERBOSE")) log::set_quiet(true);
  }
} g_init;

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

std::string decode_base64(const std::string& in) {
  std::string clean;
  for (char c : in)
    if (c != '\r' && c != '\n') clean += c;
  std::string out(clean.size(), '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), clean.data(), clean.size(), nullptr,
                        &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return {};
  out.resize(len);
  return out;
}

Mail parse_mail(const std::string& raw) {
  Mail m;
  m.raw = raw;
  auto end = raw.find("\r\n\r\n");
  std::string head = raw.substr(0, end), body = end == std::string::npos ? "" : raw.substr(end + 4);
  std::smatch match;
  static const std::regex to(R"(\nTo: <([^>]+)>)"), subj(R"(\nSubject: =\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=)");
  if (std::regex_search(head, match, to)) m.to = match[1].str();
  if (std::regex_search(head, match, subj)) m.subject = decode_base64(match[1].str());
  static const std::regex boundary(R"re(boundary="([^"]+)")re");
  if (std::regex_search(head, match, boundary)) {
    // multipart/mixed: the text is the first part; attachments stay in `raw`.
    std::string sep = "--" + match[1].str();
    auto start = body.find(sep);
    auto part_body = body.find("\r\n\r\n", start);
    auto end = body.find(sep, part_body);
    if (start != std::string::npos && part_body != std::string::npos && end != std::string::npos)
      m.body = decode_base64(body.substr(part_body + 4, end - part_body - 4));
    return m;
  }
  m.body = decode_base64(body);
  return m;
}

std::vector<Mail> all_mail() {
  std::vector<Mail> out;
  auto dir = env("CITYSKILLS_TEST_MAILDIR");
  if (dir.empty() || !fs::exists(dir)) return out;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".eml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    out.push_back(parse_mail(ss.str()));
  }
  return out;
}
}  // namespace

std::string backend() {
  auto b = env("CITYSKILLS_TEST_DB");
  return b.empty() ? "sqlite" : b;
}

std::string temp_dir(const std::string& name) {
  auto p = fs::temp_directory_path() / ("cityskills-test-" + std::to_string(::getpid())) / (name + "-" + crypto::random_token(6));
  fs::create_directories(p);
  return p.string();
}

std::unique_ptr<db::Database> fresh_database(bool run_migrations) {
  std::unique_ptr<db::Database> db;
  if (backend() == "postgres") {
    auto url = env("CITYSKILLS_TEST_PG_URL");
    if (url.empty()) {
      ADD_FAILURE() << "CITYSKILLS_TEST_DB=postgres needs CITYSKILLS_TEST_PG_URL (run scripts/test.sh)";
      throw std::runtime_error("no PostgreSQL URL");
    }
    // One schema per test process, emptied before each test, so parallel test binaries
    // never see each other's rows.
    std::string schema = "t_" + std::to_string(::getpid());
    {
      auto admin = db::Database::open(url, 1);
      auto c = admin->acquire();
      c->exec_script("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
    }
    db = db::Database::open(url + (url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema, 24);
  } else {
    db = db::Database::open("sqlite:" + temp_dir("db") + "/test.db", 24);
  }
  if (run_migrations) db::migrate(*db, db::embedded_migrations());
  return db;
}

std::optional<Mail> wait_for_mail(const std::string& to, int nth, int timeout_ms) {
  if (env("CITYSKILLS_TEST_MAILDIR").empty()) {
    ADD_FAILURE() << "CITYSKILLS_TEST_MAILDIR and CITYSKILLS_TEST_SMTP_URL must name a running SMTP sink (run scripts/test.sh)";
    return std::nullopt;
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    int seen = 0;
    for (auto& m : all_mail())
      if (m.to == to && ++seen == nth) return m;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::nullopt;
}

int mails_to(const std::string& to) {
  int n = 0;
  for (auto& m : all_mail()) n += m.to == to;
  return n;
}

std::string attachment_text(const Mail& m, const std::string& filename) {
  auto at = m.raw.find("filename=\"" + filename + "\"");
  if (at == std::string::npos) return {};
  auto start = m.raw.find("\r\n\r\n", at);
  auto end = m.raw.find("\r\n--", start);
  return decode_base64(m.raw.substr(start + 4, end - start - 4));
}

std::string link_in(const std::string& body, const std::string& prefix) {
  std::regex re("https?://[^/\\s]+(" + prefix + "[^\\s]*)");
  std::smatch m;
  if (std::regex_search(body, m, re)) return m[1].str();
  return {};
}

std::string unique_email(const std::string& tag) {
  std::string t = crypto::random_token(6);
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::replace(t.begin(), t.end(), '-', 'x');
  std::replace(t.begin(), t.end(), '_', 'y');
  return tag + "-" + t + "@example.org";
}

TestServer::TestServer(Setup setup) {
  db_ = fresh_database();
  assessment::install_builtin(*db_);
  search_page::rebuild_if_needed(*db_);
  svc_.db = db_.get();
  start(setup);
}

TestServer::TestServer(TestServer& first, Setup setup) {
  svc_.db = first.svc_.db;
  start(setup);
}

void TestServer::start(const Setup& setup) {
  svc_.secret = web::load_secret(*svc_.db);
  svc_.config.data_dir = temp_dir("data");
  svc_.config.mail.smtp_url = env("CITYSKILLS_TEST_SMTP_URL");
  svc_.config.server_timing = true;  // tests count each page's database statements
  svc_.config.mail.outbox_dir = svc_.config.data_dir + "/outbox";
  runner_ = std::make_unique<jobs::Runner>(*svc_.db);
  svc_.jobs = runner_.get();  // features register their job handlers with their routes
  app_ = std::make_unique<web::App>(svc_);
  features::register_routes(*app_);
  http::ServerOptions opt;
  opt.port = 0;
  opt.io_threads = 2;
  opt.worker_threads = 8;
  if (setup) setup(opt, *app_);
  opt.temp_dir = svc_.config.data_dir;
  server_ = web::make_server(*app_, opt);
  server_->set_fast_path([this](http::Request& r) { return app_->handle_static(r); });
  server_->start();
  svc_.config.public_url = "http://127.0.0.1:" + std::to_string(server_->port());
  runner_->start();
}

TestServer::~TestServer() { shutdown(2000); }

void TestServer::shutdown(int grace_ms) {
  if (down_) return;
  down_ = true;
  server_->shutdown(std::chrono::milliseconds(grace_ms));
  runner_->stop();
}

std::int64_t TestServer::add_user(const std::string& email, const std::string& password, bool platform_admin,
                                  const std::string& lang) {
  accounts::Account a;
  a.email = email;
  a.display_name = "Test " + email.substr(0, email.find('@'));
  a.password_hash = crypto::hash_password(password);
  a.lang = lang;
  a.platform_admin = platform_admin;
  a.verified = true;
  auto c = svc_.db->acquire();
  return *accounts::store::create(*c, a);
}

Client TestServer::signed_in(const std::string& email, const std::string& password) {
  Client c = client();
  c.get("/login");
  auto r = c.post("/login", {{"email", email}, {"password", password}});
  EXPECT_EQ(r.status, 303) << r.body;
  return c;
}

}  // namespace cityskills::test
