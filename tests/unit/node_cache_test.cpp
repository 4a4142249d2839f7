// web::NodeCache: a copy lives at most its lifetime, a drop takes effect at once (also over a
// load that was under way), and many threads can ask at once.
#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "web/node_cache.hpp"

namespace cityskills::web {
namespace {

using namespace std::chrono_literals;

struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  NodeCache::Clock fn() {
    return [this] { return now; };
  }
};

TEST(NodeCache, ACopyLivesAtMostItsLifetime) {
  FakeClock clock;
  NodeCache cache(1000ms, clock.fn());
  int loads = 0;
  auto get = [&] { return *cache.get<std::string>("k", [&] { return "v" + std::to_string(++loads); }); };
  EXPECT_EQ(get(), "v1");
  clock.now += 999ms;
  EXPECT_EQ(get(), "v1");
  clock.now += 1ms;  // exactly one second old: loaded again
  EXPECT_EQ(get(), "v2");
  clock.now -= 5s;  // a clock that went back never keeps a copy alive
  EXPECT_EQ(get(), "v3");
  EXPECT_EQ(loads, 3);
}

TEST(NodeCache, TheAgeCountsFromWhenTheLoadBegan) {
  FakeClock clock;
  NodeCache cache(1000ms, clock.fn());
  cache.get<int>("k", [&] {
    clock.now += 600ms;  // a slow read: its answer is as old as its start
    return 1;
  });
  clock.now += 400ms;
  int loads = 0;
  EXPECT_EQ(*cache.get<int>("k", [&] { return ++loads + 1; }), 2);
}

TEST(NodeCache, ADropTakesEffectAtOnceAndKeysAreApart) {
  FakeClock clock;
  NodeCache cache(1000ms, clock.fn());
  int a = 0, b = 0;
  cache.get<int>("a", [&] { return ++a; });
  cache.get<int>("b", [&] { return ++b; });
  cache.drop("a");
  EXPECT_EQ(*cache.get<int>("a", [&] { return ++a; }), 2);
  EXPECT_EQ(*cache.get<int>("b", [&] { return ++b; }), 1);
  cache.drop_all();
  EXPECT_EQ(*cache.get<int>("b", [&] { return ++b; }), 2);
}

TEST(NodeCache, ALoadUnderWayWhenTheValueIsDroppedIsNotKept) {
  FakeClock clock;
  NodeCache cache(1000ms, clock.fn());
  // The load reads the old value, then this node writes and drops before the load returns.
  auto old = cache.get<std::string>("k", [&] {
    cache.drop("k");
    return std::string("old");
  });
  EXPECT_EQ(*old, "old");  // the request that loaded it still uses its answer
  EXPECT_EQ(*cache.get<std::string>("k", [] { return std::string("new"); }), "new");
}

TEST(NodeCache, AFailedLoadKeepsNothing) {
  NodeCache cache;
  EXPECT_THROW(cache.get<int>("k", []() -> int { throw std::runtime_error("down"); }), std::runtime_error);
  EXPECT_EQ(*cache.get<int>("k", [] { return 7; }), 7);
}

TEST(NodeCache, ManyThreadsAskingAtOnceSeeOneValueAndFewLoads) {
  NodeCache cache(std::chrono::hours(1));
  std::atomic<int> loads{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        if (i % 500 == 0) cache.drop("k");
        auto v = cache.get<std::string>("k", [&] {
          ++loads;
          return std::string("value");
        });
        if (*v != "value") ++wrong;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_LE(loads, 8 * 4 * 8);  // reloads only after drops
}

}  // namespace
}  // namespace cityskills::web
