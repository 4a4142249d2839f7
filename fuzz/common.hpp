#pragma once
// Shared by the fuzz targets: a failed property aborts with a message (libFuzzer then saves
// the input as a crash), and a scratch SQLite database with every migration applied.
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include "db/database.hpp"

namespace cityskills::fuzz {

[[noreturn]] inline void fail(std::string_view what) {
  std::fprintf(stderr, "property violated: %.*s\n", static_cast<int>(what.size()), what.data());
  std::abort();
}

inline void require(bool ok, std::string_view what) {
  if (!ok) fail(what);
}

// A directory of its own under $TMPDIR (or /tmp), made once per process.
const std::string& scratch_dir();

// A migrated SQLite database in scratch_dir(), opened once per process.
db::Database& scratch_db();

// Once per process: quiet logs (errors only) and the translation catalogues loaded.
void init_platform();

}  // namespace cityskills::fuzz
