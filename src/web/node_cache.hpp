#pragma once
// A node's short-lived copy of what every page reads and what is the same for everyone (the
// site settings, the privacy settings): decision note 0029. An entry lives at most the cache's
// lifetime (one second), so a change made through another node shows here within it; the node
// that writes a value drops its copy at once, so its own next page shows the change. The cache
// belongs to the running app (web::Services), not to the process, and its clock can be replaced
// (tests). Never put anything here that differs by person or organisation; what differs by
// language carries the language in its key.
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace cityskills::web {

class NodeCache {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  static constexpr std::chrono::milliseconds kLifetime{1000};

  explicit NodeCache(std::chrono::milliseconds lifetime = kLifetime, Clock clock = {});

  // The value under `key`, loaded by `load` when there is no copy younger than the lifetime.
  // `load` runs outside the lock (two requests may load at once; both answers are fresh); what
  // it throws reaches the caller and nothing is kept. A key always holds the same type.
  template <class T, class Load>
  std::shared_ptr<const T> get(const std::string& key, Load&& load) {
    std::uint64_t generation = 0;
    std::chrono::steady_clock::time_point asked;
    if (auto hit = find(key, generation, asked)) return std::static_pointer_cast<const T>(hit);
    auto value = std::make_shared<const T>(load());
    keep(key, value, generation, asked);
    return value;
  }
  // Drops the copy under `key` (this node has just written it): the next get loads it again,
  // and a load that began before the drop does not put its older answer back.
  void drop(const std::string& key);
  void drop_all();
  // Replaces the clock (tests move time by hand).
  void set_clock(Clock clock);
  std::chrono::milliseconds lifetime() const { return lifetime_; }
  // The node's time for what it keeps a second (the shared pages use it too).
  std::chrono::steady_clock::time_point now() const;
  // When the oldest copy that is still fresh at `t` was loaded, or `t` when none is older: a
  // page rendered at `t` may show values that old (a shared page counts its age from there).
  std::chrono::steady_clock::time_point oldest_fresh(std::chrono::steady_clock::time_point t) const;

 private:
  struct Entry {
    std::shared_ptr<const void> value;
    std::chrono::steady_clock::time_point loaded;  // when its load began: its age counts from then
    std::uint64_t generation = 0;  // raised by every drop
  };
  std::shared_ptr<const void> find(const std::string& key, std::uint64_t& generation,
                                   std::chrono::steady_clock::time_point& asked);
  void keep(const std::string& key, std::shared_ptr<const void> value, std::uint64_t generation,
            std::chrono::steady_clock::time_point asked);
  std::chrono::steady_clock::time_point clock_now() const;  // under mu_

  std::chrono::milliseconds lifetime_;
  Clock clock_;
  mutable std::mutex mu_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace cityskills::web
