#pragma once
// Moving an instance from SQLite to PostgreSQL (`cityskills move-to URL`): every table copied in
// one consistent snapshot of the source into an empty, migrated PostgreSQL database in one
// transaction (nothing is left half-copied), id sequences moved on, then each table's row
// count and checksum compared on both sides.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::db {

struct MovedTable {
  std::string name;
  std::int64_t rows = 0;
  std::string checksum;  // SHA-256 over every row in primary-key order, the same on both sides
};

struct MoveReport {
  std::vector<MovedTable> tables;
  std::int64_t rows = 0;
  double seconds = 0;
};

// Tables that are derived data and are rebuilt on the target instead of copied: the search
// index (its SQLite full-text tables have no PostgreSQL counterpart) and the migration log.
bool derived_table(const std::string& name);

// Copies `from` (SQLite) into `to` (PostgreSQL, migrated by the caller). Throws std::runtime_error
// with a sentence for the operator when the target is not PostgreSQL, is not empty, lacks a
// table or column, or when a table's rows or checksum differ after the copy (then nothing stays
// on the target). `progress` is told each table as it is copied and checked.
MoveReport move(Database& from, Database& to, const std::function<void(const std::string&)>& progress = {});

}  // namespace cityskills::db
