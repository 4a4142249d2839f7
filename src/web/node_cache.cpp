#include "web/node_cache.hpp"

namespace cityskills::web {

NodeCache::NodeCache(std::chrono::milliseconds lifetime, Clock clock) : lifetime_(lifetime), clock_(std::move(clock)) {}

std::chrono::steady_clock::time_point NodeCache::clock_now() const {
  return clock_ ? clock_() : std::chrono::steady_clock::now();
}

std::chrono::steady_clock::time_point NodeCache::now() const {
  std::lock_guard lock(mu_);
  return clock_now();
}

std::chrono::steady_clock::time_point NodeCache::oldest_fresh(std::chrono::steady_clock::time_point t) const {
  std::lock_guard lock(mu_);
  auto oldest = t;
  for (const auto& [key, e] : entries_)
    if (e.value && e.loaded < oldest && t - e.loaded < lifetime_) oldest = e.loaded;
  return oldest;
}

std::shared_ptr<const void> NodeCache::find(const std::string& key, std::uint64_t& generation,
                                            std::chrono::steady_clock::time_point& asked) {
  std::lock_guard lock(mu_);
  auto t = clock_now();
  asked = t;
  auto& e = entries_[key];
  generation = e.generation;
  // A clock that went backwards (a test) also counts as expired.
  if (e.value && t >= e.loaded && t - e.loaded < lifetime_) return e.value;
  return nullptr;
}

void NodeCache::keep(const std::string& key, std::shared_ptr<const void> value, std::uint64_t generation,
                     std::chrono::steady_clock::time_point asked) {
  std::lock_guard lock(mu_);
  auto& e = entries_[key];
  if (e.generation != generation) return;  // dropped while loading: the answer may be older than the write
  if (e.value && e.loaded > asked) return;  // a load that began later already answered
  e.value = std::move(value);
  e.loaded = asked;
}

void NodeCache::drop(const std::string& key) {
  std::lock_guard lock(mu_);
  auto& e = entries_[key];
  e.value.reset();
  ++e.generation;
}

void NodeCache::drop_all() {
  std::lock_guard lock(mu_);
  for (auto& [key, e] : entries_) {
    e.value.reset();
    ++e.generation;
  }
}

void NodeCache::set_clock(Clock clock) {
  std::lock_guard lock(mu_);
  clock_ = std::move(clock);
}

}  // namespace cityskills::web
