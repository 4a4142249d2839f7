// Subcommands: serve, migrate, move-to, backup, restore, seed and routes here; user, framework,
// export, import and search in cli_content.cpp; the shared parsing in cli_common.cpp. Parsing
// only; the work is in the layers below.
#include "cli.hpp"
#include "cli_common.hpp"

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
    if (!r.options.scope.empty()) notes += " scope=" + r.options.scope;
    if (r.options.shared) notes += " shared";
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
