#include "jobs/jobs.hpp"

#include "jobs/once.hpp"

#include <unistd.h>

#include <algorithm>

#include "util/crypto.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::jobs {

std::int64_t enqueue(db::Connection& c, std::string_view kind, std::string_view payload, std::int64_t run_at) {
  auto now = util::now_unix();
  return c.insert(
      "INSERT INTO jobs (kind, payload, run_at, attempts, created_at, updated_at) VALUES (?, ?, ?, 0, ?, ?) "
      "RETURNING id",
      {kind, payload, run_at ? run_at : now, now, now});
}

bool enqueue_once(db::Connection& c, std::string_view kind, std::string_view payload, std::int64_t run_at, bool sooner) {
  constexpr const char* kWaiting = " kind = ? AND done_at IS NULL AND failed_at IS NULL AND locked_until IS NULL";
  if (sooner && c.exec(std::string("UPDATE jobs SET run_at = ?, updated_at = ? WHERE") + kWaiting + " AND run_at > ?",
                       {run_at, util::now_unix(), kind, run_at}) > 0)
    return true;
  if (c.one(std::string("SELECT 1 FROM jobs WHERE") + kWaiting, {kind})) return false;
  enqueue(c, kind, payload, run_at);
  return true;
}

Runner::Runner(db::Database& db, int lease_seconds) : db_(db), lease_(std::max(2, lease_seconds)) {
  char host[64] = {};
  gethostname(host, sizeof host - 1);
  owner_ = std::string(host) + ":" + std::to_string(getpid()) + ":" + crypto::random_token(6);
}

void Runner::start() {
  thread_ = std::thread([this] {
    bool unavailable = false;  // logged once per outage, not every turn
    while (true) {
      {
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, std::chrono::milliseconds(500), [&] { return stop_ || woken_; });
        if (stop_) return;
        woken_ = false;
      }
      try {
        while (run_one()) {
          std::lock_guard lock(mu_);
          if (stop_) return;
        }
        if (unavailable) log::info("job runner: database available again");
        unavailable = false;
      } catch (const db::Unavailable& e) {
        // The pool reconnects on a later turn; the jobs wait in the database meanwhile.
        if (!unavailable) log::warn("job runner: database unavailable", "\"error\":\"" + util::json_escape(e.what()) + "\"");
        unavailable = true;
      } catch (const std::exception& e) {
        log::error("job runner error", "\"error\":\"" + util::json_escape(e.what()) + "\"");
      }
    }
  });
}

void Runner::stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Runner::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

int Runner::run_pending() {
  int n = 0;
  while (run_one()) ++n;
  return n;
}

// Claims one due job by leasing it to this runner; a node that dies mid-job leaves the lease
// to expire, and another node retries it.
bool Runner::run_one() {
  auto now = util::now_unix();
  auto claimed = db_.tx(db::TxKind::kWrite, [&](db::Connection& c) -> std::optional<db::Row> {
    const char* pick =
        c.dialect() == db::Dialect::kPostgres
            ? "SELECT id, kind, payload, attempts FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND "
              "run_at <= ? AND (locked_until IS NULL OR locked_until < ?) ORDER BY run_at, id LIMIT 1 "
              "FOR UPDATE SKIP LOCKED"
            : "SELECT id, kind, payload, attempts FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND "
              "run_at <= ? AND (locked_until IS NULL OR locked_until < ?) ORDER BY run_at, id LIMIT 1";
    auto row = c.one(pick, {now, now});
    if (!row) return std::nullopt;
    c.exec("UPDATE jobs SET locked_until = ?, lease_owner = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?",
           {now + lease_, owner_, now, row->i64(0)});
    return row;
  });
  if (!claimed) return false;
  execute(claimed->i64(0), claimed->str(1), claimed->str(2), claimed->i64(3) + 1);
  return true;
}

bool Runner::run(std::int64_t job_id) {
  auto now = util::now_unix();
  auto claimed = db_.tx(db::TxKind::kWrite, [&](db::Connection& c) -> std::optional<db::Row> {
    // The same lease as run_one(): whichever runner updates the row first owns the job.
    if (c.exec("UPDATE jobs SET locked_until = ?, lease_owner = ?, attempts = attempts + 1, updated_at = ? "
               "WHERE id = ? AND done_at IS NULL AND failed_at IS NULL AND (locked_until IS NULL OR locked_until < ?)",
               {now + lease_, owner_, now, job_id, now}) != 1)
      return std::nullopt;
    return c.one("SELECT id, kind, payload, attempts FROM jobs WHERE id = ?", {job_id});
  });
  if (!claimed) return false;
  execute(claimed->i64(0), claimed->str(1), claimed->str(2), claimed->i64(3));
  return true;
}

namespace {

// Renews a running job's lease every third of it until the job returns, on its own thread and
// connection; says so once if another runner took the job over meanwhile.
class LeaseKeeper {
 public:
  LeaseKeeper(db::Database& db, std::int64_t id, const std::string& owner, int lease)
      : thread_([this, &db, id, &owner, lease] {
          std::unique_lock lock(mu_);
          while (!cv_.wait_for(lock, std::chrono::milliseconds(lease * 1000 / 3), [&] { return done_; })) {
            lock.unlock();
            try {
              auto now = util::now_unix();
              if (db.acquire()->exec("UPDATE jobs SET locked_until = ?, updated_at = ? WHERE id = ? AND lease_owner = ? "
                                     "AND done_at IS NULL AND failed_at IS NULL",
                                     {now + lease, now, id, owner}) != 1) {
                log::warn("job lease lost to another runner", "\"job\":" + std::to_string(id));
                return;
              }
            } catch (const std::exception& e) {
              // The database is away: the lease runs out unless a later renewal gets through.
              log::warn("job lease not renewed", "\"job\":" + std::to_string(id) + ",\"error\":\"" +
                                                     util::json_escape(e.what()) + "\"");
            }
            lock.lock();
          }
        }) {}
  ~LeaseKeeper() {
    {
      std::lock_guard lock(mu_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }
  LeaseKeeper(const LeaseKeeper&) = delete;
  LeaseKeeper& operator=(const LeaseKeeper&) = delete;

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;  // last: starts after the members it uses exist
};

}  // namespace

void Runner::execute(std::int64_t id, const std::string& kind, const std::string& payload, std::int64_t attempts) {
  std::string error;
  auto it = handlers_.find(kind);
  if (it == handlers_.end()) {
    error = "no handler for job kind " + kind;
  } else {
    LeaseKeeper keeper(db_, id, owner_, lease_);
    try {
      it->second(payload);
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  // The result counts only while the lease is still this runner's: a job taken over by another
  // node (this one stalled past its lease) is that node's to finish.
  auto c = db_.acquire();
  auto t = util::now_unix();
  std::int64_t changed = 0;
  if (error.empty()) {
    changed = c->exec(
        "UPDATE jobs SET done_at = ?, locked_until = NULL, last_error = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?",
        {t, t, id, owner_});
  } else if (attempts >= kMaxAttempts) {
    changed = c->exec(
        "UPDATE jobs SET failed_at = ?, locked_until = NULL, last_error = ?, updated_at = ? WHERE id = ? AND lease_owner = ?",
        {t, error, t, id, owner_});
    if (changed) log::error("job failed for good", "\"job\":" + std::to_string(id) + ",\"error\":\"" + util::json_escape(error) + "\"");
  } else {
    // Back-off: 10 s, 40 s, 90 s, 160 s.
    changed = c->exec(
        "UPDATE jobs SET run_at = ?, locked_until = NULL, last_error = ?, updated_at = ? WHERE id = ? AND lease_owner = ?",
        {t + 10 * attempts * attempts, error, t, id, owner_});
    if (changed) log::warn("job failed, will retry", "\"job\":" + std::to_string(id) + ",\"error\":\"" + util::json_escape(error) + "\"");
  }
  if (!changed) log::warn("job finished after another runner took it over; its result is not recorded here",
                          "\"job\":" + std::to_string(id));
}

}  // namespace cityskills::jobs
