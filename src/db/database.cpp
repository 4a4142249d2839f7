#include "db/database.hpp"

#include <condition_variable>
#include <list>
#include <mutex>

#include "util/strings.hpp"

namespace cityskills::db {

std::unique_ptr<Database> open_sqlite(const std::string& path, int pool_size);
std::unique_ptr<Database> open_postgres(const std::string& url, int pool_size);

std::int64_t Row::i64(std::size_t i) const {
  const auto& v = cols.at(i);
  if (auto p = std::get_if<std::int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<std::int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) return util::parse_int(*p).value_or(0);
  return 0;
}

double Row::f64(std::size_t i) const {
  const auto& v = cols.at(i);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::strtod(p->c_str(), nullptr);
  return 0;
}

std::string Row::str(std::size_t i) const {
  const auto& v = cols.at(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  return {};
}

std::optional<std::int64_t> Row::opt_i64(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return i64(i);
}

std::optional<std::string> Row::opt_str(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return str(i);
}

struct Database::Pool {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::unique_ptr<Connection>> idle;
  int size = 0;
  int open = 0;
};

void Database::init_pool(int size) {
  pool_ = std::make_shared<Pool>();
  pool_->size = size;
}

namespace {
// The request scopes open on this thread, innermost first (one per database, as a rule).
thread_local Database::RequestScope* t_scopes = nullptr;
// Dead connections a scope has replaced, kept until the scope ends: a Lease the handler still
// holds borrows the old connection, and must not point at freed memory.
thread_local std::list<std::pair<const Database::RequestScope*, Database::Lease>> t_retired;
}  // namespace

Database::RequestScope::RequestScope(Database& db) : db_(db), prev_(t_scopes) { t_scopes = this; }

Database::RequestScope::~RequestScope() {
  t_scopes = prev_;
  if (lease_ && depth_ > 0) db_.rollback(**lease_);  // only if a transaction was left open by a bug
  std::erase_if(t_retired, [this](const auto& r) { return r.first == this; });
}


Database::RequestScope* Database::scope_here() {
  for (auto* s = t_scopes; s; s = s->prev_)
    if (&s->db_ == this) return s;
  return nullptr;
}

Database::Lease Database::acquire() {
  auto* s = scope_here();
  if (!s) return acquire_pooled();
  // Outside a transaction a dead connection is replaced (nothing of the request is lost with
  // it); inside one the error surfaces through the transaction.
  if (!s->lease_ || (s->depth_ == 0 && !(**s->lease_).usable())) {
    if (s->lease_) t_retired.emplace_back(s, std::move(*s->lease_));
    s->lease_.reset();
    s->lease_.emplace(acquire_pooled());
  }
  return Lease(**s->lease_);
}

void Database::run_tx(TxKind kind, const std::function<void(Tx&)>& fn) {
  auto* s = scope_here();
  if (s && s->depth_ > 0 && !(s->kind_ == TxKind::kRead && kind == TxKind::kWrite)) {
    // Inside the request's open transaction: a savepoint of it.
    auto& c = **s->lease_;
    std::string name = "cs_sp" + std::to_string(s->depth_);
    c.exec_script("SAVEPOINT " + name);
    ++s->depth_;
    Tx t(c, s->kind_);
    try {
      fn(t);
    } catch (...) {
      --s->depth_;
      try {
        c.exec_script("ROLLBACK TO SAVEPOINT " + name);
        c.exec_script("RELEASE SAVEPOINT " + name);
      } catch (...) {
      }
      throw;
    }
    --s->depth_;
    c.exec_script("RELEASE SAVEPOINT " + name);
    return;
  }
  if (s && s->depth_ == 0) {
    // The request's connection, with a transaction begun on it. When BEGIN fails because the
    // connection had died (nothing has run in the transaction yet), once more on a fresh one.
    for (int attempt = 0;; ++attempt) {
      if (!s->lease_ || !(**s->lease_).usable()) {
        if (s->lease_) t_retired.emplace_back(s, std::move(*s->lease_));
        s->lease_.reset();
        s->lease_.emplace(acquire_pooled());
      }
      try {
        begin(**s->lease_, kind);
        break;
      } catch (const Unavailable&) {
        if (attempt > 0 || (**s->lease_).usable()) throw;
      }
    }
    auto& c = **s->lease_;
    s->depth_ = 1;
    s->kind_ = kind;
    Tx t(c, kind);
    try {
      fn(t);
      commit(c);
    } catch (...) {
      s->depth_ = 0;
      rollback(c);
      throw;
    }
    s->depth_ = 0;
    return;
  }
  // No request scope (jobs, the command line), or a write inside a read transaction.
  auto c = begin_tx(kind);
  Tx t(*c, kind);
  try {
    fn(t);
    commit(*c);
  } catch (...) {
    rollback(*c);
    throw;
  }
}

Database::Lease Database::acquire_pooled() {
  auto& p = *pool_;
  std::unique_lock lock(p.mu);
  while (true) {
    while (!p.idle.empty()) {
      auto c = std::move(p.idle.back());
      p.idle.pop_back();
      if (c->usable()) return Lease(*this, std::move(c));
      --p.open;  // closed by the server while idle (a restart): drop it, its prepared statements with it
      lock.unlock();
      c.reset();
      lock.lock();
    }
    if (p.open < p.size) {
      ++p.open;
      lock.unlock();
      try {
        return Lease(*this, connect());
      } catch (...) {
        lock.lock();
        --p.open;
        p.cv.notify_one();
        throw;
      }
    }
    p.cv.wait(lock);
  }
}

void Database::release(std::unique_ptr<Connection> c) {
  auto& p = *pool_;
  bool keep = c->usable();
  if (!keep) c.reset();  // never handed out again; the next acquire connects afresh
  std::lock_guard lock(p.mu);
  if (keep) p.idle.push_back(std::move(c));
  else --p.open;
  p.cv.notify_one();
}

Database::Lease Database::begin_tx(TxKind kind) {
  for (int attempt = 0;; ++attempt) {
    auto c = acquire_pooled();
    try {
      begin(*c, kind);
      return c;
    } catch (const Unavailable&) {
      if (attempt > 0 || c->usable()) throw;
    }
  }
}

void Database::rollback(Connection& c) noexcept {
  try {
    c.exec_script("ROLLBACK");
  } catch (...) {
  }
}

std::unique_ptr<Database> Database::open(const std::string& url, int pool_size) {
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return open_postgres(url, pool_size);
  std::string path = url.starts_with("sqlite:") ? url.substr(7) : url;
  return open_sqlite(path, pool_size);
}

std::string translate_ddl(std::string_view sql, Dialect d) {
  // Lines between "--@sqlite" or "--@postgres" and the next marker ("--@end" closes) are kept
  // for that database only.
  std::string out;
  enum { kBoth, kSqliteOnly, kPostgresOnly } section = kBoth;
  for (std::size_t pos = 0; pos < sql.size();) {
    auto nl = sql.find('\n', pos);
    auto line = sql.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos + 1);
    pos = nl == std::string_view::npos ? sql.size() : nl + 1;
    if (line.starts_with("--@sqlite")) section = kSqliteOnly;
    else if (line.starts_with("--@postgres")) section = kPostgresOnly;
    else if (line.starts_with("--@end")) section = kBoth;
    else if (section == kBoth || (section == kSqliteOnly) == (d == Dialect::kSqlite)) out += line;
  }
  auto replace = [&](std::string_view from, std::string_view to) {
    for (auto pos = out.find(from); pos != std::string::npos; pos = out.find(from, pos + to.size()))
      out.replace(pos, from.size(), to);
  };
  if (d == Dialect::kSqlite) {
    replace("{{ID}}", "INTEGER PRIMARY KEY AUTOINCREMENT");
    replace("{{BLOB}}", "BLOB");
  } else {
    replace("{{ID}}", "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    replace("{{BLOB}}", "BYTEA");
  }
  return out;
}

}  // namespace cityskills::db
