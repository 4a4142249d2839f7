#pragma once
// The list of capabilities, written once: the server, the tests, `cityskills routes`, the demo
// seeder and the search index all go through it, so adding a capability is one folder and one
// line in manifest.cpp. A feature registers its background-job handlers with its routes (on
// `app.services().jobs`, when the process has a job runner).
#include <string>
#include <vector>

namespace cityskills::web { class App; }
namespace cityskills::db {
class Database;
class Connection;
}  // namespace cityskills::db

namespace cityskills::features {

// What `seed --demo` passes to each feature's part, and the lines it prints afterwards.
struct SeedContext {
  std::string data_dir;
  std::vector<std::string> summary;
};

// One capability: each part may be absent (nullptr).
struct Feature {
  const char* name;
  void (*routes)(web::App&) = nullptr;                     // its pages and jobs
  void (*extensions)() = nullptr;                          // what it adds to other features
  void (*seed)(db::Database&, SeedContext&) = nullptr;     // its demo content, idempotent
  void (*index)(db::Connection&) = nullptr;                // its public content into the search index
};

// Every feature, in the order their routes must be matched; the demo seeds run in the same
// order (a feature's demo may refer to an earlier one's: a path to courses and events).
const std::vector<Feature>& all();

// Registers every feature's routes (and job handlers) on `app`, and the extensions below.
void register_routes(web::App& app);
// Registers what features add to each other (web/extensions.hpp), once per process; the command
// line calls it for the commands that change accounts.
void register_extensions();
// Runs every feature's demo seed, in order, each in its own transaction(s).
void seed_demo(db::Database& db, SeedContext& ctx);
// Puts every feature's public content into the search index (inside the rebuilding transaction).
void index_search(db::Connection& c);

}  // namespace cityskills::features
