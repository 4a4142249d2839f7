// SQLite backend: WAL, foreign keys on, one connection per pooled slot (NOMUTEX),
// prepared statements cached per connection.
#include <sqlite3.h>

#include <filesystem>
#include <unordered_map>

#include "db/database.hpp"

namespace cityskills::db {
namespace {

class SqliteConnection final : public Connection {
 public:
  explicit SqliteConnection(const std::string& path) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
      sqlite3_close(db_);
      throw Unavailable(Error::Kind::kConnection, "cannot open SQLite database " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, 10'000);
    exec_script("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;");
  }
  ~SqliteConnection() override {
    for (auto& [k, s] : cache_) sqlite3_finalize(s);
    sqlite3_close(db_);
  }

  Rows query(std::string_view sql, const Params& params) override {
    sqlite3_stmt* st = prepare(sql, params);
    Rows rows;
    int cols = sqlite3_column_count(st);
    while (true) {
      int rc = sqlite3_step(st);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) fail(rc, st);
      Row row;
      row.cols.reserve(static_cast<std::size_t>(cols));
      for (int i = 0; i < cols; ++i) {
        switch (sqlite3_column_type(st, i)) {
          case SQLITE_NULL: row.cols.emplace_back(nullptr); break;
          case SQLITE_INTEGER: row.cols.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(st, i))); break;
          case SQLITE_FLOAT: row.cols.emplace_back(sqlite3_column_double(st, i)); break;
          default: {
            auto* p = reinterpret_cast<const char*>(sqlite3_column_blob(st, i));
            row.cols.emplace_back(std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(st, i))));
          }
        }
      }
      rows.push_back(std::move(row));
    }
    sqlite3_reset(st);
    return rows;
  }

  std::int64_t exec(std::string_view sql, const Params& params) override {
    sqlite3_stmt* st = prepare(sql, params);
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) fail(rc, st);
    sqlite3_reset(st);
    return sqlite3_changes64(db_);
  }

  void exec_script(std::string_view sql) override {
    ++t_statements;
    std::string s(sql);
    char* err = nullptr;
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "error";
      sqlite3_free(err);
      raise(classify(rc), msg);
    }
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  bool ping() override {
    try {
      query("SELECT 1", {});
      return true;
    } catch (...) {
      return false;
    }
  }

 private:
  static Error::Kind classify(int rc) {
    int primary = rc & 0xff;
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) return Error::Kind::kUniqueViolation;
    if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return Error::Kind::kForeignKey;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return Error::Kind::kBusy;
    // SQLite reports ENOSPC on the database, journal or WAL file as SQLITE_FULL and rolls the
    // statement (or the transaction) back; what was committed before stays intact.
    if (primary == SQLITE_FULL) return Error::Kind::kStorageFull;
    return Error::Kind::kOther;
  }

  [[noreturn]] static void raise(Error::Kind kind, const std::string& msg) {
    if (kind == Error::Kind::kStorageFull) throw Unavailable(kind, msg);
    throw Error(kind, msg);
  }

  [[noreturn]] void fail(int rc, sqlite3_stmt* st) {
    std::string msg = sqlite3_errmsg(db_);
    int ext = sqlite3_extended_errcode(db_);
    sqlite3_reset(st);
    raise(classify(ext ? ext : rc), msg);
  }

  sqlite3_stmt* prepare(std::string_view sql, const Params& params) {
    ++t_statements;
    std::string key(sql);
    auto it = cache_.find(key);
    sqlite3_stmt* st;
    if (it == cache_.end()) {
      if (sqlite3_prepare_v3(db_, key.data(), static_cast<int>(key.size()), SQLITE_PREPARE_PERSISTENT, &st,
                             nullptr) != SQLITE_OK)
        throw Error(Error::Kind::kOther, std::string(sqlite3_errmsg(db_)) + " in: " + key);
      cache_.emplace(std::move(key), st);
    } else {
      st = it->second;
    }
    sqlite3_clear_bindings(st);
    if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(st))
      throw Error(Error::Kind::kOther, "parameter count mismatch in: " + std::string(sql));
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      const auto& v = params[i].v;
      if (std::holds_alternative<std::nullptr_t>(v)) sqlite3_bind_null(st, idx);
      else if (auto p = std::get_if<std::int64_t>(&v)) sqlite3_bind_int64(st, idx, *p);
      else if (auto d = std::get_if<double>(&v)) sqlite3_bind_double(st, idx, *d);
      else {
        const auto& s = std::get<std::string>(v);
        sqlite3_bind_text(st, idx, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
      }
    }
    return st;
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, int pool_size) : path_(std::move(path)) {
    auto parent = std::filesystem::path(path_).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    init_pool(pool_size);
    acquire();  // fail early on a bad path
  }
  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string describe() const override { return "sqlite:" + path_; }

 protected:
  std::unique_ptr<Connection> connect() override { return std::make_unique<SqliteConnection>(path_); }
  void begin(Connection& c, TxKind kind) override {
    c.exec_script(kind == TxKind::kWrite ? "BEGIN IMMEDIATE" : "BEGIN");
  }

 private:
  std::string path_;
};

}  // namespace

std::unique_ptr<Database> open_sqlite(const std::string& path, int pool_size) {
  return std::make_unique<SqliteDatabase>(path, pool_size);
}

}  // namespace cityskills::db
