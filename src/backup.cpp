#include "backup.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "media/media.hpp"
#include "util/crypto.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

namespace cityskills::backup {
namespace {

namespace fs = std::filesystem;
constexpr const char* kDatabase = "cityskills.db";
constexpr const char* kManifest = "manifest.json";

std::string read_file(const fs::path& p) {
  auto bytes = util::read_file(p);
  if (!bytes) throw std::runtime_error("cannot read " + p.string());
  return std::move(*bytes);
}

void write_file(const fs::path& p, const std::string& data) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << data;
  out.flush();
  if (!out) throw std::runtime_error("cannot write " + p.string() + " (is the disk full?)");
}

bool is_sha256(const std::string& s) {
  if (s.size() != 64) return false;
  for (char ch : s)
    if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) return false;
  return true;
}

}  // namespace

Summary create(db::Database& db, const std::string& data_dir, const std::string& dir) {
  if (db.dialect() != db::Dialect::kSqlite)
    throw std::runtime_error("backup copies a SQLite instance; on PostgreSQL use pg_dump and copy DATA/media "
                             "(docs/operations-backup.md)");
  fs::path out(dir);
  if (fs::exists(out) && !fs::is_empty(out)) throw std::runtime_error(dir + " is not empty: give a new folder");
  fs::create_directories(out);
  auto target = (out / kDatabase).string();
  {
    auto c = db.acquire();
    c->exec("VACUUM INTO ?", {target});  // one consistent snapshot, taken while the instance serves
  }
  Summary s;
  s.database_bytes = static_cast<std::int64_t>(fs::file_size(target));
  // The media the snapshot refers to; files are named by their content, so each copy is checked.
  auto snapshot = db::Database::open("sqlite:" + target, 1);
  boost::json::array media;
  for (const auto& r : snapshot->acquire()->query("SELECT DISTINCT sha256 FROM media ORDER BY sha256")) {
    auto sha = r.str(0);
    if (!is_sha256(sha)) continue;
    auto from = media::path_for(data_dir, sha);
    if (!fs::exists(from)) {
      ++s.missing;
      continue;
    }
    auto bytes = read_file(from);
    if (crypto::sha256_hex(bytes) != sha) throw std::runtime_error("media file " + from + " does not match its checksum");
    write_file(media::path_for(dir, sha), bytes);
    boost::json::object m;
    m["sha256"] = sha;
    m["size"] = static_cast<std::int64_t>(bytes.size());
    media.push_back(std::move(m));
    ++s.media_files;
    s.media_bytes += static_cast<std::int64_t>(bytes.size());
  }
  snapshot.reset();
  boost::json::object manifest;
  manifest["format"] = 1;
  manifest["created_at"] = util::iso8601_utc(util::now_unix());
  manifest["database"] = kDatabase;
  manifest["database_sha256"] = crypto::sha256_hex(read_file(target));
  manifest["media"] = std::move(media);
  write_file(out / kManifest, boost::json::serialize(manifest) + "\n");
  return s;
}

Summary restore(const std::string& dir, const std::string& data_dir) {
  fs::path in(dir);
  if (!fs::exists(in / kManifest)) throw std::runtime_error(dir + " is not a backup (no " + kManifest + ")");
  if (fs::exists(fs::path(data_dir) / kDatabase))
    throw std::runtime_error(data_dir + " already holds a database: restore into an empty data folder");
  boost::system::error_code ec;
  auto parsed = boost::json::parse(read_file(in / kManifest), ec);
  if (ec || !parsed.is_object() || !parsed.as_object().contains("media") || !parsed.as_object().contains("database_sha256"))
    throw std::runtime_error(std::string(kManifest) + " in " + dir + " is damaged");
  const auto& manifest = parsed.as_object();
  // Everything is checked before anything is written.
  auto database = read_file(in / kDatabase);
  if (crypto::sha256_hex(database) != std::string(manifest.at("database_sha256").as_string()))
    throw std::runtime_error("the database in " + dir + " does not match its checksum: the backup is damaged");
  {
    auto check = db::Database::open("sqlite:" + (in / kDatabase).string(), 1);
    auto r = check->acquire()->one("PRAGMA integrity_check");
    if (!r || r->str(0) != "ok") throw std::runtime_error("the database in " + dir + " fails its integrity check");
  }
  Summary s;
  std::vector<std::string> files;
  for (const auto& m : manifest.at("media").as_array()) {
    auto sha = std::string(m.as_object().at("sha256").as_string());
    if (!is_sha256(sha)) throw std::runtime_error(std::string(kManifest) + " names a media file that is not a checksum");
    auto bytes = read_file(media::path_for(dir, sha));
    if (crypto::sha256_hex(bytes) != sha)
      throw std::runtime_error("media file " + sha + " in " + dir + " does not match its checksum: the backup is damaged");
    files.push_back(sha);
    ++s.media_files;
    s.media_bytes += static_cast<std::int64_t>(bytes.size());
  }
  fs::create_directories(data_dir);
  for (const auto& sha : files) {
    auto to = media::path_for(data_dir, sha);
    fs::create_directories(fs::path(to).parent_path());
    fs::copy_file(media::path_for(dir, sha), to, fs::copy_options::overwrite_existing);
  }
  write_file(fs::path(data_dir) / kDatabase, database);
  s.database_bytes = static_cast<std::int64_t>(database.size());
  return s;
}

}  // namespace cityskills::backup
