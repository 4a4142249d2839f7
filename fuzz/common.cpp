#include "common.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "db/migrate.hpp"
#include "i18n/i18n.hpp"
#include "util/log.hpp"

namespace cityskills::fuzz {

const std::string& scratch_dir() {
  static const std::string dir = [] {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/cityskills-fuzz.XXXXXX";
    if (!mkdtemp(tmpl.data())) fail("cannot make a scratch directory");
    // Removed at exit so that millions of runs leave nothing behind.
    static const std::string keep = tmpl;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(keep, ec);
    });
    return tmpl;
  }();
  return dir;
}

db::Database& scratch_db() {
  static const std::unique_ptr<db::Database> db = [] {
    auto d = db::Database::open("sqlite:" + scratch_dir() + "/fuzz.db", 2);
    db::migrate(*d, db::embedded_migrations());
    return d;
  }();
  return *db;
}

void init_platform() {
  static const bool done = [] {
    log::set_quiet(true);
    i18n::load();
    return true;
  }();
  (void)done;
}

}  // namespace cityskills::fuzz
