#pragma once
// One interface, two backends (SQLite, PostgreSQL). SQL uses '?' placeholders; values are
// always bound, never spliced into the text.
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cityskills::db {

enum class Dialect { kSqlite, kPostgres };

// Statements this thread has sent to a database (each a round trip on PostgreSQL); the backends
// count them, request scopes report the difference.
inline thread_local std::uint64_t t_statements = 0;

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

// Helpers so call sites read naturally: {id, name, nullptr}.
struct Param {
  Value v;
  Param(std::nullptr_t) : v(nullptr) {}
  Param(int x) : v(static_cast<std::int64_t>(x)) {}
  Param(long x) : v(static_cast<std::int64_t>(x)) {}
  Param(long long x) : v(static_cast<std::int64_t>(x)) {}
  Param(bool x) : v(static_cast<std::int64_t>(x ? 1 : 0)) {}
  Param(double x) : v(x) {}
  Param(std::string x) : v(std::move(x)) {}
  Param(std::string_view x) : v(std::string(x)) {}
  Param(const char* x) : v(std::string(x)) {}
  template <class T>
  Param(const std::optional<T>& o) : v(nullptr) {
    if (o) v = Param(*o).v;
  }
};
using Params = std::vector<Param>;

struct Row {
  std::vector<Value> cols;
  bool is_null(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(cols.at(i)); }
  std::int64_t i64(std::size_t i) const;
  double f64(std::size_t i) const;
  std::string str(std::size_t i) const;  // "" for NULL
  std::optional<std::int64_t> opt_i64(std::size_t i) const;
  std::optional<std::string> opt_str(std::size_t i) const;
};

using Rows = std::vector<Row>;

class Error : public std::runtime_error {
 public:
  enum class Kind { kOther, kUniqueViolation, kForeignKey, kBusy, kConnection, kStorageFull };
  Error(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }
 private:
  Kind kind_;
};

// The store cannot take the request right now, through no fault of the request: the database
// is unreachable or restarting (kConnection), or its disk is full (kStorageFull). Nothing of the
// failed transaction was kept; the same request may succeed later. The web layer answers 503
// (or 507 for a full disk) with Retry-After instead of 500.
class Unavailable : public Error {
 public:
  using Error::Error;
  bool storage_full() const { return kind() == Kind::kStorageFull; }
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
  // Returns the number of rows changed.
  virtual std::int64_t exec(std::string_view sql, const Params& params = {}) = 0;
  // Runs a script of several statements without parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;
  virtual Dialect dialect() const = 0;
  // A real round trip to the server; false when it does not answer.
  virtual bool ping() = 0;
  // False once the connection is known to be unusable (the server closed it, or a statement
  // failed with a connection-class error). The pool drops such a connection instead of reusing
  // it, together with everything prepared on it, and opens a fresh one on demand.
  virtual bool usable() { return true; }

  std::optional<Row> one(std::string_view sql, const Params& params = {}) {
    auto rows = query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
  // INSERT ... RETURNING id on both backends.
  std::int64_t insert(std::string_view sql_with_returning_id, const Params& params) {
    auto r = one(sql_with_returning_id, params);
    if (!r) throw Error(Error::Kind::kOther, "insert returned no id");
    return r->i64(0);
  }
};

enum class TxKind { kRead, kWrite };

// A connection inside a transaction that Database::tx began. Only the database layer makes
// one, so a function that must run inside its caller's transaction says so by taking a Tx&.
class Tx final : public Connection {
 public:
  Rows query(std::string_view sql, const Params& params = {}) override { return c_.query(sql, params); }
  std::int64_t exec(std::string_view sql, const Params& params = {}) override { return c_.exec(sql, params); }
  void exec_script(std::string_view sql) override { c_.exec_script(sql); }
  Dialect dialect() const override { return c_.dialect(); }
  bool ping() override { return c_.ping(); }
  bool usable() override { return c_.usable(); }
  TxKind kind() const { return kind_; }

 private:
  Tx(Connection& c, TxKind kind) : c_(c), kind_(kind) {}
  Connection& c_;
  TxKind kind_;
  friend class Database;
};

class Database {
 public:
  virtual ~Database() = default;
  // "sqlite:PATH", a bare file path, or "postgresql://..." / "postgres://...".
  static std::unique_ptr<Database> open(const std::string& url, int pool_size = 16);

  virtual Dialect dialect() const = 0;
  virtual std::string describe() const = 0;  // for logs, without password

  // A connection to use: owned (returned to the pool when the lease ends) or borrowed from
  // the request scope that holds it.
  class Lease {
   public:
    Lease(Database& db, std::unique_ptr<Connection> c) : db_(&db), c_(std::move(c)), p_(c_.get()) {}
    explicit Lease(Connection& borrowed) : p_(&borrowed) {}
    Lease(Lease&& o) noexcept : db_(o.db_), c_(std::move(o.c_)), p_(o.p_) { o.p_ = nullptr; }
    Lease& operator=(Lease&&) = delete;
    ~Lease() { if (c_) db_->release(std::move(c_)); }
    Connection& operator*() { return *p_; }
    Connection* operator->() { return p_; }
   private:
    Database* db_ = nullptr;
    std::unique_ptr<Connection> c_;
    Connection* p_ = nullptr;
  };

  // A connection: the request's own while a RequestScope of this database lives on this thread,
  // otherwise a pooled one. Idle connections that the server has closed are dropped, and a new
  // one is opened in their place. Throws Unavailable when the database cannot be reached.
  Lease acquire();

  // Runs `fn(Tx&)` in one transaction. A write transaction takes the write lock at its start on
  // SQLite (BEGIN IMMEDIATE), so check-then-write is safe; on PostgreSQL use row locks
  // (SELECT ... FOR UPDATE) or constraints inside `fn`. Rolls back if `fn` throws.
  // Inside a request scope it runs on the request's connection; called again inside an open
  // transaction it runs in a savepoint of it (a failure rolls back only the inner part), except
  // a write inside a read transaction, which gets a pooled connection and a transaction of its own.
  template <class F>
  auto tx(TxKind kind, F&& fn) -> decltype(fn(std::declval<Tx&>())) {
    using R = decltype(fn(std::declval<Tx&>()));
    if constexpr (std::is_void_v<R>) {
      run_tx(kind, [&](Tx& t) { fn(t); });
    } else {
      std::optional<R> out;
      run_tx(kind, [&](Tx& t) { out.emplace(fn(t)); });
      return std::move(*out);
    }
  }

  // One connection per request (decision note 0018). While it lives on this thread, acquire()
  // and tx() of this database use one connection, leased at first use and returned to the pool
  // when the scope ends. Nothing is leased for a request that never touches the database.
  class RequestScope {
   public:
    explicit RequestScope(Database& db);
    ~RequestScope();
    RequestScope(const RequestScope&) = delete;
    RequestScope& operator=(const RequestScope&) = delete;
    // Whether the request has used the database yet.
    bool leased() const { return lease_.has_value(); }
    // Statements sent by this thread since the scope began.
    std::uint64_t statements() const { return t_statements - statements_at_start_; }

   private:
    friend class Database;
    Database& db_;
    std::optional<Lease> lease_;
    int depth_ = 0;  // open transaction and savepoints on the connection
    TxKind kind_ = TxKind::kRead;
    RequestScope* prev_;
    std::uint64_t statements_at_start_ = t_statements;
  };

 protected:
  virtual std::unique_ptr<Connection> connect() = 0;
  Lease acquire_pooled();
  RequestScope* scope_here();
  void run_tx(TxKind kind, const std::function<void(Tx&)>& fn);
  virtual void begin(Connection& c, TxKind kind) = 0;
  void commit(Connection& c) { c.exec_script("COMMIT"); }
  // A connection with its transaction begun. When BEGIN fails because the connection had died
  // (nothing has run on it yet), it starts once more on a fresh connection.
  Lease begin_tx(TxKind kind);
  void rollback(Connection& c) noexcept;

 private:
  void release(std::unique_ptr<Connection> c);
  struct Pool;
  std::shared_ptr<Pool> pool_;
  friend class PoolAccess;

 protected:
  void init_pool(int size);
};

// Replaces dialect markers in migrations and DDL:
//   {{ID}}   -> auto-increment integer primary key
//   {{BLOB}} -> binary column type
std::string translate_ddl(std::string_view sql, Dialect d);

}  // namespace cityskills::db
