#pragma once
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::db {

struct Migration {
  int version;          // from the file name NNNN_*.sql, unique across features
  std::string name;     // file path inside the source tree
  std::string sql;
};

// Every migrations/*.sql file embedded in the binary, ordered by version.
std::vector<Migration> embedded_migrations();
// Applies pending migrations in order, each in its own transaction; safe when several
// nodes start at once (PostgreSQL advisory lock / SQLite write lock). Returns how many ran.
int migrate(Database& db, const std::vector<Migration>& migrations);

}  // namespace cityskills::db
