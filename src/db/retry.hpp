#pragma once
// Running a write transaction again when the database is busy.
#include "db/database.hpp"

namespace cityskills::db {

// Runs `fn` again while the database is busy (a SQLite writer holds the lock, PostgreSQL asks for
// a serialisation retry), up to `attempts` times in all; then, or on any other error, it throws.
template <class F>
auto retry_busy(F&& fn, int attempts = 21) {
  for (int attempt = 1;; ++attempt) {
    try {
      return fn();
    } catch (const Error& e) {
      if (e.kind() != Error::Kind::kBusy || attempt >= attempts) throw;
    }
  }
}

}  // namespace cityskills::db
