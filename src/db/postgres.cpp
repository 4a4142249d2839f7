// PostgreSQL backend over libpq: '?' placeholders become $n, statements are prepared once
// per connection, values travel as text.
#include <libpq-fe.h>
#include <poll.h>

#include <unordered_map>

#include <cstdio>

#include "db/database.hpp"
#include "util/strings.hpp"

namespace cityskills::db {
namespace {

// Type OIDs from pg_type.h (stable across versions).
constexpr Oid kBool = 16, kInt8 = 20, kInt2 = 21, kInt4 = 23, kFloat4 = 700, kFloat8 = 701, kNumeric = 1700;

// SQLSTATEs after which the session is gone: connection exceptions (class 08) and the server
// shutting down, crashing or not yet accepting connections (57P01, 57P02, 57P03).
bool is_connection_state(std::string_view code) {
  return code.starts_with("08") || code == "57P01" || code == "57P02" || code == "57P03";
}

std::string to_dollar_params(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  ~PgResult() { PQclear(r_); }
  PGresult* get() const { return r_; }
 private:
  PGresult* r_;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& url) {
    conn_ = PQconnectdb(url.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      throw Unavailable(Error::Kind::kConnection, "cannot connect to PostgreSQL: " + msg);
    }
    exec_script("SET client_min_messages = warning; SET TIME ZONE 'UTC'");
  }
  ~PgConnection() override { PQfinish(conn_); }

  Rows query(std::string_view sql, const Params& params) override {
    PgResult res(run(sql, params));
    Rows rows;
    int nrows = PQntuples(res.get()), ncols = PQnfields(res.get());
    rows.reserve(static_cast<std::size_t>(nrows));
    for (int r = 0; r < nrows; ++r) {
      Row row;
      row.cols.reserve(static_cast<std::size_t>(ncols));
      for (int c = 0; c < ncols; ++c) {
        if (PQgetisnull(res.get(), r, c)) {
          row.cols.emplace_back(nullptr);
          continue;
        }
        std::string_view text(PQgetvalue(res.get(), r, c), static_cast<std::size_t>(PQgetlength(res.get(), r, c)));
        Oid t = PQftype(res.get(), c);
        if (t == kInt8 || t == kInt4 || t == kInt2) row.cols.emplace_back(util::parse_int(text).value_or(0));
        else if (t == kBool) row.cols.emplace_back(static_cast<std::int64_t>(text == "t" ? 1 : 0));
        else if (t == kFloat4 || t == kFloat8 || t == kNumeric) row.cols.emplace_back(std::strtod(std::string(text).c_str(), nullptr));
        else row.cols.emplace_back(std::string(text));
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }

  std::int64_t exec(std::string_view sql, const Params& params) override {
    PgResult res(run(sql, params));
    return util::parse_int(PQcmdTuples(res.get())).value_or(0);
  }

  void exec_script(std::string_view sql) override {
    ++t_statements;
    std::string s(sql);
    PGresult* r = PQexec(conn_, s.c_str());
    check(r, s);  // frees r when it throws
    PQclear(r);
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  bool ping() override {
    try {
      query("SELECT 1", {});
      return true;
    } catch (...) {
      return false;
    }
  }

  // An idle connection whose socket has something to read has been closed by the server (a
  // restart sends 57P01 and closes; a crash just closes): libpq notices once it reads it.
  bool usable() override {
    if (broken_ || PQstatus(conn_) != CONNECTION_OK) return false;
    pollfd p{PQsocket(conn_), POLLIN, 0};
    if (p.fd < 0) return false;
    if (::poll(&p, 1, 0) == 0) return true;
    if (!PQconsumeInput(conn_) || PQstatus(conn_) != CONNECTION_OK) broken_ = true;
    return !broken_;
  }

 private:
  void check(PGresult* r, std::string_view sql) {
    auto st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) return;
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    std::string code = state ? state : "";
    Error::Kind kind = Error::Kind::kOther;
    if (code == "23505") kind = Error::Kind::kUniqueViolation;
    else if (code == "23503") kind = Error::Kind::kForeignKey;
    else if (code == "40001" || code == "40P01" || code == "55P03") kind = Error::Kind::kBusy;
    else if (code == "53100") kind = Error::Kind::kStorageFull;  // disk_full on the database server
    else if (is_connection_state(code) || PQstatus(conn_) != CONNECTION_OK) kind = Error::Kind::kConnection;
    std::string msg = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
    PQclear(r);
    msg += " in: " + std::string(sql.substr(0, 200));
    if (kind == Error::Kind::kStorageFull) throw Unavailable(kind, msg);
    if (kind != Error::Kind::kConnection) throw Error(kind, msg);
    broken_ = true;  // what was prepared on this session died with it
    throw Unavailable(kind, msg);
  }

  PGresult* run(std::string_view sql, const Params& params) {
    ++t_statements;
    std::string key(sql);
    auto it = prepared_.find(key);
    std::string name;
    if (it == prepared_.end()) {
      name = "s" + std::to_string(prepared_.size() + 1);
      std::string text = to_dollar_params(sql);
      PGresult* r = PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr);
      check(r, sql);
      PQclear(r);
      prepared_.emplace(std::move(key), name);
    } else {
      name = it->second;
    }
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size());
    for (std::size_t i = 0; i < params.size(); ++i) {
      const auto& v = params[i].v;
      if (std::holds_alternative<std::nullptr_t>(v)) { values[i] = nullptr; continue; }
      if (auto p = std::get_if<std::int64_t>(&v)) storage[i] = std::to_string(*p);
      else if (auto d = std::get_if<double>(&v)) {
        // Every digit a double holds (std::to_string keeps six decimals: 1/3 would come back
        // as 0.333333).
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", *d);
        storage[i] = buf;
      }
      else storage[i] = std::get<std::string>(v);
      values[i] = storage[i].c_str();
    }
    PGresult* r = PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values.data(), nullptr,
                                 nullptr, 0);
    check(r, sql);
    return r;
  }

  PGconn* conn_ = nullptr;
  bool broken_ = false;
  std::unordered_map<std::string, std::string> prepared_;
};

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, int pool_size) : url_(std::move(url)) {
    init_pool(pool_size);
    acquire();  // fail early when unreachable
  }
  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string describe() const override {
    auto at = url_.find('@');
    auto scheme = url_.find("://");
    if (at == std::string::npos || scheme == std::string::npos) return url_;
    return url_.substr(0, scheme + 3) + "***" + url_.substr(at);
  }

 protected:
  // A host that does not answer at all (no refusal) must not hold a request for the kernel's
  // two-minute TCP timeout: give up after a few seconds unless the URL says otherwise.
  std::unique_ptr<Connection> connect() override {
    if (url_.find("connect_timeout") != std::string::npos) return std::make_unique<PgConnection>(url_);
    return std::make_unique<PgConnection>(url_ + (url_.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=5");
  }
  void begin(Connection& c, TxKind kind) override {
    c.exec_script(kind == TxKind::kWrite ? "BEGIN" : "BEGIN READ ONLY");
  }

 private:
  std::string url_;
};

}  // namespace

std::unique_ptr<Database> open_postgres(const std::string& url, int pool_size) {
  return std::make_unique<PgDatabase>(url, pool_size);
}

}  // namespace cityskills::db
