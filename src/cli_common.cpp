// The command line's shared parts: options, the --config file, the configuration and database
// they give, and how commands report errors, help and progress.
#include "cli_common.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli_help.hpp"
#include "util/strings.hpp"

namespace cityskills::cli {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kFlags = {"--help", "-h", "--demo", "--platform-admin", "--revoke", "--no-migrate",
                                         "--password-stdin", "--quiet", "--default", "--server-timing",
                                         "--no-jobs"};

}  // namespace

bool parse(int argc, char** argv, int start, Args& out, std::string& error) {
  for (int i = start; i < argc; ++i) {
    std::string a = argv[i];
    if (a.starts_with("-")) {
      auto eq = a.find('=');
      if (eq != std::string::npos) {
        out.options[a.substr(0, eq)] = a.substr(eq + 1);
      } else if (std::find(kFlags.begin(), kFlags.end(), a) != kFlags.end()) {
        out.options[a] = "";
      } else if (i + 1 < argc) {
        out.options[a] = argv[++i];
      } else {
        error = "option " + a + " needs a value";
        return false;
      }
    } else {
      out.positional.push_back(std::move(a));
    }
  }
  return true;
}

// Options from --config fill in what the command line did not set.
bool apply_config(Args& args, std::string& error) {
  if (!args.has("--config")) return true;
  std::ifstream in(args.get("--config"));
  if (!in) {
    error = "cannot read config file " + args.get("--config");
    return false;
  }
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    auto t = util::trim(line);
    if (t.empty() || t.starts_with('#')) continue;
    auto eq = t.find('=');
    if (eq == std::string_view::npos) {
      error = args.get("--config") + ":" + std::to_string(n) + ": expected 'name = value'";
      return false;
    }
    std::string key = "--" + std::string(util::trim(t.substr(0, eq)));
    if (!args.has(key)) args.options[key] = std::string(util::trim(t.substr(eq + 1)));
  }
  return true;
}

std::string default_assets(const char* argv0) {
  std::error_code ec;
  auto exe = fs::canonical("/proc/self/exe", ec);
  if (ec) exe = fs::absolute(argv0);
  for (auto candidate : {exe.parent_path().parent_path() / "web", exe.parent_path() / "web", fs::path("build/web")})
    if (fs::exists(candidate / "manifest.json")) return candidate.string();
  return "build/web";
}

web::Config config_from(const Args& a, const char* argv0) {
  web::Config c;
  c.data_dir = a.get("--data", "data");
  c.database_url = a.get("--database");
  c.listen = a.get("--listen", "127.0.0.1:8080");
  c.assets_dir = a.get("--assets", default_assets(argv0));
  c.public_url = a.get("--public-url", "http://" + c.listen);
  while (c.public_url.ends_with('/')) c.public_url.pop_back();
  c.mail.smtp_url = a.get("--smtp");
  c.mail.smtp_user = a.get("--smtp-user");
  c.mail.smtp_password = a.get("--smtp-password");
  if (a.has("--mail-from")) c.mail.from = a.get("--mail-from");
  c.mail.outbox_dir = c.data_dir + "/outbox";
  const std::string proxies = a.get("--trusted-proxy");  // split() returns views into it
  for (auto ip : util::split(proxies, ','))
    if (!util::trim(ip).empty()) c.trusted_proxies.emplace_back(util::trim(ip));
  c.worker_threads = static_cast<int>(util::parse_int(a.get("--workers", "0")).value_or(0));
  c.io_threads = static_cast<int>(util::parse_int(a.get("--io-threads", "0")).value_or(0));
  c.server_timing = a.has("--server-timing");
  return c;
}

std::unique_ptr<db::Database> open_db(const web::Config& c, int pool) {
  fs::create_directories(c.data_dir);
  return db::Database::open(c.database(), pool);
}

int fail(const std::string& msg) {
  std::fprintf(stderr, "cityskills: %s\n", msg.c_str());
  return 2;
}

bool help_requested(const Args& a) { return a.has("--help") || a.has("-h"); }

void print_help(const char* text, bool common) {
  std::fputs(text, stdout);
  if (common) std::fputs(kCommonOptions, stdout);
}

void print_step(int step, int total, const std::string& what) {
  std::printf("[%d/%d] %s\n", step, total, what.c_str());
  std::fflush(stdout);
}

}  // namespace cityskills::cli
