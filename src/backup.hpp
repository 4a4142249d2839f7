#pragma once
// `cityskills backup DIR` and `cityskills restore DIR`: a SQLite instance's database (a consistent
// snapshot taken while serving) and its media store, with a manifest of checksums; restoring
// checks all of it before writing anything, into an empty data directory.
#include <cstdint>
#include <string>

#include "db/database.hpp"

namespace cityskills::backup {

struct Summary {
  std::int64_t media_files = 0, media_bytes = 0, database_bytes = 0;
  int missing = 0;  // media rows whose file was gone when the backup copied the store
};

// Copies the instance into `dir` (which must be new or empty). SQLite: the database through
// `VACUUM INTO` (one snapshot, readers and writers carry on) and every media file it refers to,
// each checked against its SHA-256. Throws std::runtime_error with a sentence for the operator.
Summary create(db::Database& db, const std::string& data_dir, const std::string& dir);

// Restores a backup into `data_dir`, which must hold no database yet: the manifest, the database's
// integrity and every media file's checksum are checked first; nothing is written if one fails.
Summary restore(const std::string& dir, const std::string& data_dir);

}  // namespace cityskills::backup
