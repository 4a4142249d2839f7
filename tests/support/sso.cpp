#include "support/sso.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

#include "features/sso/store.hpp"
#include "i18n/i18n.hpp"
#include "util/strings.hpp"

namespace cityskills::test {
namespace {

std::string repo_root() {
  auto dir = std::filesystem::canonical("/proc/self/exe").parent_path();
  while (!dir.empty() && dir != dir.root_path() && !std::filesystem::exists(dir / "web" / "package.json"))
    dir = dir.parent_path();
  return dir.string();
}

}  // namespace

void Rogue::start() const {
  started_ = true;
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

Rogue::~Rogue() {
  if (stdin_ >= 0) close(stdin_);
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }
  if (pipe_) fclose(pipe_);
}

int Rogue::port() const {
  if (!started_) start();
  return port_;
}

void Rogue::mode(const std::string& name, const std::string& sub, const std::string& email, bool verified,
                 const std::string& roles) {
  auto r = Client(port()).get("/mode?name=" + name + "&sub=" + sub + "&email=" + email +
                              "&verified=" + (verified ? "1" : "0") + "&roles=" + roles);
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
