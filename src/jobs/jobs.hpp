#pragma once
// A durable job queue in the database (mail now; reminders and transcoding later).
// Jobs survive restarts; any node may run them; a failed job retries with back-off and
// keeps its last error.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "db/database.hpp"

namespace cityskills::jobs {

inline constexpr int kMaxAttempts = 5;
// How long a claimed job stays with its runner before another may take it over. The runner
// renews the lease every third of it while the job runs, so a long job keeps it and a node
// that died gives its job up within one lease.
inline constexpr int kDefaultLeaseSeconds = 60;

// Enqueues inside the caller's transaction, so the job exists exactly when the change does.
std::int64_t enqueue(db::Connection& c, std::string_view kind, std::string_view payload_json,
                     std::int64_t run_at = 0);

class Runner {
 public:
  using Handler = std::function<void(const std::string& payload_json)>;
  explicit Runner(db::Database& db, int lease_seconds = kDefaultLeaseSeconds);
  ~Runner() { stop(); }
  void on(std::string kind, Handler h) { handlers_[std::move(kind)] = std::move(h); }
  void start();
  void stop();
  void wake();  // a job was enqueued: look now instead of at the next tick
  // Runs due jobs until none is left (tests and `cityskills jobs run`). Returns how many ran.
  int run_pending();
  // Runs this one job here and now, unless it is done, failed or leased by another runner
  // (an operator command that wants its result at once). Returns whether it ran.
  bool run(std::int64_t job_id);
  // This runner's lease-holder name, stored on the jobs it holds (the admin dashboard shows it).
  const std::string& owner() const { return owner_; }

 private:
  bool run_one();
  void execute(std::int64_t id, const std::string& kind, const std::string& payload, std::int64_t attempts);
  db::Database& db_;
  int lease_;
  std::string owner_;
  std::map<std::string, Handler> handlers_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool woken_ = false;
};

}  // namespace cityskills::jobs
