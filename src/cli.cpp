// Subcommands: serve, migrate, seed, user, framework, export, import, search, routes. Parsing only; the work is in the
// layers below.
#include "cli.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "backup.hpp"
#include "db/migrate.hpp"
#include "db/move.hpp"
#include "features/accounts/api.hpp"
#include "features/accounts/model.hpp"
#include "features/accounts/passwords.hpp"
#include "features/accounts/store.hpp"
#include "features/assessment/api.hpp"
#include "features/catalog/api.hpp"
#include "features/catalog/package.hpp"
#include "features/events/api.hpp"
#include "features/forum/api.hpp"
#include "features/ideas/api.hpp"
#include "features/news/api.hpp"
#include "features/practices/api.hpp"
#include "features/resources/api.hpp"
#include "features/search/api.hpp"
#include "features/home/api.hpp"
#include "features/orgs/api.hpp"
#include "features/orgs/store.hpp"
#include "cli_help.hpp"
#include "features/manifest.hpp"
#include "http/server.hpp"
#include "i18n/i18n.hpp"
#include "jobs/jobs.hpp"
#include "seed.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/app.hpp"
#include "web/cluster.hpp"
#include "web/validate.hpp"

namespace cityskills::cli {
namespace {

namespace fs = std::filesystem;

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // "--name" -> value ("" for flags)
  bool has(const std::string& k) const { return options.count(k) > 0; }
  std::string get(const std::string& k, const std::string& def = "") const {
    auto it = options.find(k);
    return it == options.end() ? def : it->second;
  }
};

const std::vector<std::string> kFlags = {"--help", "-h", "--demo", "--platform-admin", "--revoke", "--no-migrate",
                                         "--password-stdin", "--quiet", "--default", "--server-timing",
                                         "--no-jobs"};

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
      out.positional.push_back(a);
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

void print_help(const char* text, bool common = true) {
  std::fputs(text, stdout);
  if (common) std::fputs(kCommonOptions, stdout);
}

int cmd_serve(const Args& a, const char* argv0) {
  if (help_requested(a)) return print_help(kServeHelp), 0;
  auto cfg = config_from(a, argv0);
  auto colon = cfg.listen.rfind(':');
  auto port = colon == std::string::npos ? std::nullopt : util::parse_int(cfg.listen.substr(colon + 1));
  if (!port || *port < 0 || *port > 65535) return fail("--listen must be HOST:PORT, got '" + cfg.listen + "'");
  std::string accel = a.get("--accel-redirect");
  while (accel.ends_with('/')) accel.pop_back();
  if (a.has("--accel-redirect") && !accel.starts_with('/'))
    return fail("--accel-redirect must be a path such as /_media, got '" + a.get("--accel-redirect") + "'");
  web::set_accel_redirect(accel);
  auto lease = util::parse_int(a.get("--job-lease", std::to_string(jobs::kDefaultLeaseSeconds)));
  if (!lease || *lease < 2 || *lease > 3600)
    return fail("--job-lease must be a number of seconds from 2 to 3600, got '" + a.get("--job-lease") + "'");
  const bool run_jobs = !a.has("--no-jobs");
  http::Server::block_termination_signals();
  i18n::load();
  int workers = cfg.worker_threads > 0 ? cfg.worker_threads
                                      : std::max(4, 2 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
  auto db = open_db(cfg, workers + 2);
  if (!a.has("--no-migrate")) db::migrate(*db, db::embedded_migrations());
  assessment::install_builtin(*db);
  search_page::rebuild_if_needed(*db);

  web::Services svc;
  svc.config = cfg;
  svc.db = db.get();
  svc.secret = web::load_secret(*db);
  svc.assets = std::make_unique<http::StaticFiles>(cfg.assets_dir);
  svc.manifest = svc.assets->manifest();
  if (svc.manifest.empty())
    log::warn("no front-end assets found; run scripts/build-assets.sh", "\"assets\":\"" + util::json_escape(cfg.assets_dir) + "\"");
  jobs::Runner runner(*db, static_cast<int>(*lease));
  svc.jobs = &runner;  // each feature registers its jobs' handlers with its routes

  web::App app(svc);
  features::register_routes(app);

  http::ServerOptions opt;
  opt.host = cfg.listen.substr(0, colon);
  opt.port = static_cast<std::uint16_t>(*port);
  opt.worker_threads = cfg.worker_threads;
  opt.io_threads = cfg.io_threads;
  opt.temp_dir = cfg.data_dir + "/tmp";
  std::filesystem::create_directories(opt.temp_dir);
  auto server_ptr = web::make_server(app, opt);
  auto& server = *server_ptr;
  server.set_fast_path([&](http::Request& r) { return app.handle_static(r); });
  server.start();
  if (run_jobs) runner.start();
  log::info("cityskills listening", "\"url\":\"http://" + util::json_escape(opt.host) + ":" +
                                        std::to_string(server.port()) + "\",\"database\":\"" +
                                        util::json_escape(db->describe()) + "\",\"jobs\":\"" +
                                        (run_jobs ? util::json_escape(runner.owner()) : std::string("off")) + "\"");
  sigset_t termination;
  sigemptyset(&termination);
  sigaddset(&termination, SIGTERM);
  sigaddset(&termination, SIGINT);
  int sig = 0;
  sigwait(&termination, &sig);  // blocked in every thread since block_termination_signals()
  // Drain: /readyz says 503, no new connection is accepted, in-flight requests finish (each
  // answer closes its connection), then the job runner stops after its current job.
  web::start_draining();
  log::info("shutting down: finishing in-flight requests", "\"signal\":" + std::to_string(sig));
  server.shutdown(std::chrono::seconds(20));
  runner.stop();
  log::info("cityskills stopped");
  return 0;
}

int cmd_migrate(const Args& a, const char* argv0) {
  if (help_requested(a)) return print_help(kMigrateHelp), 0;
  auto cfg = config_from(a, argv0);
  auto db = open_db(cfg, 2);
  int n = db::migrate(*db, db::embedded_migrations());
  assessment::install_builtin(*db);
  search_page::rebuild_if_needed(*db);
  std::printf("%d migration(s) applied to %s\n", n, db->describe().c_str());
  return 0;
}

int cmd_move_to(const Args& a, const char* argv0) {
  if (help_requested(a)) return print_help(kMoveHelp), 0;
  if (a.positional.size() < 2) return fail("move-to needs the PostgreSQL address (see 'cityskills move-to --help')");
  auto cfg = config_from(a, argv0);
  auto from = open_db(cfg, 2);
  if (from->dialect() != db::Dialect::kSqlite) return fail("move-to copies a SQLite instance; this one is on " + from->describe());
  db::migrate(*from, db::embedded_migrations());
  auto to = db::Database::open(a.positional.at(1), 2);
  if (to->dialect() != db::Dialect::kPostgres) return fail("the target must be a postgresql:// address");
  db::migrate(*to, db::embedded_migrations());
  std::printf("Moving %s to %s\n", from->describe().c_str(), to->describe().c_str());
  auto report = db::move(*from, *to, [](const std::string& line) {
    std::printf("  %s\n", line.c_str());
    std::fflush(stdout);
  });
  auto documents = search_page::rebuild(*to);
  std::printf("Moved %lld rows in %zu tables in %.1f s; search index rebuilt (%lld documents).\n"
              "Start the instance on it: cityskills serve --data %s --database with the address given here (%s)\n",
              static_cast<long long>(report.rows), report.tables.size(), report.seconds, static_cast<long long>(documents),
              cfg.data_dir.c_str(), to->describe().c_str());
  return 0;
}

int cmd_backup(const Args& a, const char* argv0) {
  if (help_requested(a)) return print_help(kBackupHelp), 0;
  if (a.positional.size() < 2) return fail("backup needs a folder to write to (see 'cityskills backup --help')");
  auto cfg = config_from(a, argv0);
  auto db = open_db(cfg, 2);
  auto s = backup::create(*db, cfg.data_dir, a.positional.at(1));
  std::printf("Backed up the database (%.1f MB) and %lld media files (%.1f MB) to %s.\n",
              static_cast<double>(s.database_bytes) / 1e6, static_cast<long long>(s.media_files),
              static_cast<double>(s.media_bytes) / 1e6, a.positional.at(1).c_str());
  if (s.missing) std::printf("Warning: %d media files named in the database were missing from %s/media.\n", s.missing, cfg.data_dir.c_str());
  return 0;
}

int cmd_restore(const Args& a, const char* argv0) {
  if (help_requested(a)) return print_help(kRestoreHelp), 0;
  if (a.positional.size() < 2) return fail("restore needs the backup folder (see 'cityskills restore --help')");
  if (!a.has("--data")) return fail("restore needs --data: the new, empty data folder to restore into");
  auto cfg = config_from(a, argv0);
  if (!cfg.database_url.empty() && cfg.database_url.rfind("sqlite:", 0) != 0)
    return fail("restore writes a SQLite instance; for PostgreSQL use pg_restore (docs/operations-backup.md)");
  auto s = backup::restore(a.positional.at(1), cfg.data_dir);
  auto db = open_db(cfg, 2);
  int n = db::migrate(*db, db::embedded_migrations());
  std::printf("Restored the database (%.1f MB) and %lld media files into %s; %d migration(s) applied.\n",
              static_cast<double>(s.database_bytes) / 1e6, static_cast<long long>(s.media_files), cfg.data_dir.c_str(), n);
  return 0;
}

int cmd_seed(const Args& a, const char* argv0) {
  if (help_requested(a)) return print_help(kSeedHelp), 0;
  if (!a.has("--demo")) return fail("seed needs --demo (see 'cityskills seed --help')");
  auto cfg = config_from(a, argv0);
  auto db = open_db(cfg, 2);
  db::migrate(*db, db::embedded_migrations());
  seed::demo(*db, cfg.data_dir, a.has("--quiet"));
  return 0;
}

std::string read_password(const Args& a) {
  std::string pw;
  if (!a.has("--password-stdin") && isatty(STDIN_FILENO)) std::fputs("New password: ", stderr);
  std::getline(std::cin, pw);
  while (!pw.empty() && (pw.back() == '\r' || pw.back() == '\n')) pw.pop_back();
  return pw;
}

int cmd_user(const Args& a, const char* argv0) {
  if (help_requested(a) || a.positional.size() < 2) return print_help(kUserHelp), help_requested(a) ? 0 : 2;
  auto cfg = config_from(a, argv0);
  const auto& sub = a.positional[1];
  auto email = util::to_lower(a.get("--email"));
  if (auto e = web::check_email(email)) return fail("--email: " + i18n::t("en", *e));
  auto db = open_db(cfg, 2);
  db::migrate(*db, db::embedded_migrations());
  auto c = db->acquire();

  if (sub == "add") {
    auto name = a.get("--name");
    if (auto e = web::check_name(name)) return fail("--name: " + i18n::t("en", *e));
    auto lang = a.get("--lang", "en");
    if (!i18n::supported(lang)) return fail("--lang must be one of it, en, de, sv, fi");
    auto pw = read_password(a);
    if (auto e = accounts::check_password(pw, {email, email.substr(0, email.find('@')), name}))
      return fail("password: " + i18n::t("en", *e, {{"min", std::to_string(accounts::kPasswordMin)},
                                                   {"max", std::to_string(accounts::kPasswordMax)}}));
    accounts::Account acct;
    acct.email = email;
    acct.display_name = name;
    acct.lang = lang;
    acct.platform_admin = a.has("--platform-admin");
    acct.verified = true;
    acct.password_hash = crypto::hash_password(pw);
    auto id = accounts::store::create(*c, acct);
    if (!id) return fail("a user with e-mail " + email + " already exists");
    std::printf("user %lld added: %s\n", static_cast<long long>(*id), email.c_str());
    return 0;
  }
  auto user = accounts::store::find_by_email(*c, email);
  if (!user) return fail("no user with e-mail " + email);
  if (sub == "set-role") {
    auto role = a.get("--role");
    bool revoke = a.has("--revoke");
    if (role == "platform_admin") {
      c->exec("UPDATE users SET platform_admin = ?, updated_at = ? WHERE id = ?", {!revoke, util::now_unix(), user->id});
      std::printf("%s is %s platform admin\n", email.c_str(), revoke ? "no longer" : "now");
      return 0;
    }
    if (std::find(accounts::kRoles.begin(), accounts::kRoles.end(), role) == accounts::kRoles.end())
      return fail("--role must be learner, author, moderator, org_admin or platform_admin");
    auto org = orgs::store::find_by_slug(*c, a.get("--org"));
    if (!org) return fail("no organisation with slug '" + a.get("--org") + "' (use --org SLUG)");
    if (revoke) orgs::store::revoke(*c, user->id, org->id, role);
    else orgs::store::grant(*c, user->id, org->id, role);
    std::printf("%s %s role %s in %s\n", email.c_str(), revoke ? "lost" : "has", role.c_str(), org->name.c_str());
    return 0;
  }
  if (sub == "reset-password") {
    auto pw = read_password(a);
    if (auto e = accounts::check_password(pw, {email, email.substr(0, email.find('@')), user->display_name}))
      return fail("password: " + i18n::t("en", *e, {{"min", std::to_string(accounts::kPasswordMin)},
                                                   {"max", std::to_string(accounts::kPasswordMax)}}));
    features::register_extensions();
    db->tx(db::TxKind::kWrite, [&](db::Tx& t) {
      accounts::store::set_password(t, user->id, crypto::hash_password(pw));
      accounts::store::end_sessions_and_tokens(t, user->id);
    });
    std::printf("password changed for %s; all their sessions ended, their e-mailed links and calendar feed revoked\n",
                email.c_str());
    return 0;
  }
  return fail("unknown user command '" + sub + "' (see 'cityskills user --help')");
}

int cmd_framework(const Args& a, const char* argv0) {
  if (help_requested(a) || a.positional.size() != 3 || a.positional[1] != "load")
    return print_help(kFrameworkHelp), help_requested(a) ? 0 : 2;
  auto cfg = config_from(a, argv0);
  auto db = open_db(cfg, 2);
  db::migrate(*db, db::embedded_migrations());
  assessment::install_builtin(*db);
  std::optional<std::int64_t> org_id;
  if (a.has("--org")) {
    auto c = db->acquire();
    auto org = orgs::by_slug(*c, a.get("--org"));
    if (!org) return fail("no organisation with slug '" + a.get("--org") + "'");
    org_id = org->id;
  }
  return assessment::load_framework_file(*db, a.positional[2], a.has("--default"), org_id);
}

void print_step(int step, int total, const std::string& what) {
  std::printf("[%d/%d] %s\n", step, total, what.c_str());
  std::fflush(stdout);
}

int cmd_export(const Args& a, const char* argv0) {
  if (help_requested(a)) return print_help(kExportHelp), 0;
  if (a.positional.size() != 4 || a.positional[1] != "course")
    return fail("usage: cityskills export course ID FILE (see 'cityskills export --help')");
  auto id = util::parse_id(a.positional[2]);
  if (!id) return fail("the course ID must be a positive whole number, got '" + a.positional[2] + "'");
  auto cfg = config_from(a, argv0);
  auto db = open_db(cfg, 2);
  db::migrate(*db, db::embedded_migrations());
  auto r = catalog::package::export_course(*db, cfg.data_dir, *id, a.positional[3], print_step);
  if (!r.ok()) return fail("export: " + r.error);
  std::printf("course %lld exported to %s: %d lesson(s), %d video(s), %d caption file(s), %d image(s)\n",
              static_cast<long long>(*id), a.positional[3].c_str(), r.lessons, r.videos, r.captions, r.images);
  return 0;
}

int cmd_import(const Args& a, const char* argv0) {
  if (help_requested(a)) return print_help(kImportHelp), 0;
  if (a.positional.size() != 3 || a.positional[1] != "course")
    return fail("usage: cityskills import course FILE --org SLUG (see 'cityskills import --help')");
  if (a.get("--org").empty()) return fail("import needs --org SLUG: the organisation that will own the course");
  catalog::package::ImportOptions options;
  if (a.has("--translation-of")) {
    options.translation_of = util::parse_id(a.get("--translation-of"));
    if (!options.translation_of) return fail("--translation-of must be a course ID, got '" + a.get("--translation-of") + "'");
  }
  auto cfg = config_from(a, argv0);
  auto db = open_db(cfg, 2);
  db::migrate(*db, db::embedded_migrations());
  std::optional<orgs::OrgRef> org;
  {
    auto c = db->acquire();
    org = orgs::by_slug(*c, a.get("--org"));
  }
  if (!org) return fail("no organisation with slug '" + a.get("--org") + "'");
  auto r = catalog::package::import_course(*db, cfg.data_dir, a.positional[2], org->id, print_step, options);
  if (!r.ok()) {
    std::fprintf(stderr, "cityskills: import refused, nothing was kept:\n");
    for (const auto& e : r.errors) std::fprintf(stderr, "  - %s\n", e.c_str());
    return 1;
  }
  for (const auto& note : r.notes) std::printf("note: %s\n", note.c_str());
  std::printf("course %lld imported as an unpublished draft; review and publish it at %s/author/courses/%lld\n",
              static_cast<long long>(r.course_id), cfg.public_url.c_str(), static_cast<long long>(r.course_id));
  return 0;
}

int cmd_search(const Args& a, const char* argv0) {
  if (help_requested(a)) return print_help(kSearchHelp), 0;
  if (a.positional.size() != 2 || a.positional[1] != "reindex")
    return fail("usage: cityskills search reindex (see 'cityskills search --help')");
  auto cfg = config_from(a, argv0);
  auto db = open_db(cfg, 2);
  db::migrate(*db, db::embedded_migrations());
  auto n = search_page::rebuild(*db);
  std::printf("search index rebuilt: %lld document(s)\n", static_cast<long long>(n));
  return 0;
}

int cmd_routes(const Args& a) {
  if (help_requested(a)) return print_help(kRoutesHelp, false), 0;
  web::Services svc;
  web::App app(svc);
  features::register_routes(app);
  for (const auto& r : app.routes()) {
    std::string notes;
    if (r.options.multipart) notes += " upload";
    if (r.options.before_body) notes += " early-check";
    if (!r.options.csrf) notes += " no-csrf";
    std::printf("%-6s %-48s %-15s %10zu%s\n", r.method.c_str(), r.pattern.c_str(),
                std::string(web::access_name(r.access)).c_str(), r.options.body_limit, notes.c_str());
  }
  return 0;
}

}  // namespace

int run(int argc, char** argv) {
  try {
    crypto::init();
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" || std::string(argv[1]) == "help") {
      std::fputs(kUsage, argc < 2 ? stderr : stdout);
      return argc < 2 ? 2 : 0;
    }
    if (std::string(argv[1]) == "--version") {
      std::puts("cityskills 0.1.0");
      return 0;
    }
    Args a;
    std::string error;
    if (!parse(argc, argv, 1, a, error) || !apply_config(a, error)) return fail(error);
    const auto& cmd = a.positional.at(0);
    if (cmd == "serve") return cmd_serve(a, argv[0]);
    if (cmd == "migrate") return cmd_migrate(a, argv[0]);
    if (cmd == "seed") return cmd_seed(a, argv[0]);
    if (cmd == "user") return cmd_user(a, argv[0]);
    if (cmd == "framework") return cmd_framework(a, argv[0]);
    if (cmd == "export") return cmd_export(a, argv[0]);
    if (cmd == "import") return cmd_import(a, argv[0]);
    if (cmd == "search") return cmd_search(a, argv[0]);
    if (cmd == "routes") return cmd_routes(a);
    if (cmd == "move-to") return cmd_move_to(a, argv[0]);
    if (cmd == "backup") return cmd_backup(a, argv[0]);
    if (cmd == "restore") return cmd_restore(a, argv[0]);
    return fail("unknown command '" + cmd + "'\n\n" + kUsage);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

}  // namespace cityskills::cli
