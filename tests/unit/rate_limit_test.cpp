// Sliding-window limits under concurrency, on the backend named by CITYSKILLS_TEST_DB: checking
// and counting are one step, so attempts that arrive together never pass the limit together.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "features/accounts/api.hpp"
#include "features/accounts/throttles.hpp"
#include "support/harness.hpp"

namespace cityskills {
namespace {

int attempts_at_once(db::Database& db, const std::string& bucket, int threads, int each, int max) {
  std::atomic<int> allowed{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      for (int i = 0; i < each; ++i)
        if (accounts::rate_allow(db, bucket, 60, max)) ++allowed;
    });
  for (auto& t : pool) t.join();
  return allowed;
}

TEST(RateLimit, ManyAttemptsAtOnce_ExactlyTheLimitPasses) {
  auto db = test::fresh_database();
  EXPECT_EQ(attempts_at_once(*db, "api_token:1", 12, 25, 100), 100);
  auto c = db->acquire();
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM rate_events WHERE bucket = 'api_token:1'")->i64(0), 100);
  // Refused attempts are not counted, and other buckets are not touched.
  EXPECT_EQ(attempts_at_once(*db, "api_token:2", 4, 5, 100), 20);
}

TEST(RateLimit, OldAttemptsLeaveTheWindow) {
  auto db = test::fresh_database();
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(accounts::rate_allow(*db, "forum-reply:7", 60, 3));
  EXPECT_FALSE(accounts::rate_allow(*db, "forum-reply:7", 60, 3));
  db->acquire()->exec("UPDATE rate_events SET created_at = created_at - 61 WHERE bucket = 'forum-reply:7'");
  EXPECT_TRUE(accounts::rate_allow(*db, "forum-reply:7", 60, 3));
}

TEST(RateLimit, InsideTheCallersTransaction_RolledBackWithIt) {
  auto db = test::fresh_database();
  try {
    db->tx(db::TxKind::kWrite, [&](db::Tx& t) {
      EXPECT_TRUE(accounts::rate_allow(t, "erase:user:3", 900, 1));
      EXPECT_FALSE(accounts::rate_allow(t, "erase:user:3", 900, 1));
      throw std::runtime_error("the caller fails");
    });
  } catch (const std::runtime_error&) {
  }
  EXPECT_TRUE(accounts::rate_allow(*db, "erase:user:3", 900, 1));
}

TEST(RateLimit, SignInAttemptsSentAtOnce_NoMoreGuessesThanOneAfterAnother) {
  auto db = test::fresh_database();
  const std::string owner = "owner.burst@example.org", guesser = "203.0.113.9", office = "198.51.100.7";
  std::atomic<int> checked{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < 12; ++t)
    pool.emplace_back([&] {
      for (int i = 0; i < 4; ++i)
        if (accounts::begin_login_attempt(*db, owner, guesser) == 0) ++checked;
    });
  for (auto& t : pool) t.join();
  // 48 attempts at once: only the free failures reach the password check.
  EXPECT_EQ(checked, accounts::kLoginFreeFailures);
  EXPECT_GT(accounts::begin_login_attempt(*db, owner, guesser), 0);
  // Another client is not held back, and a right password takes its attempt back: people
  // sharing an address do not use up its limit by signing in.
  for (int i = 0; i < accounts::kLoginMaxPerClient + 5; ++i) {
    ASSERT_EQ(accounts::begin_login_attempt(*db, owner, office), 0) << i;
    accounts::record_login_success(*db->acquire(), owner, office);
  }
  auto c = db->acquire();
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM rate_events WHERE bucket = ?", {accounts::client_bucket("login", office)})->i64(0), 0);
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM rate_events WHERE bucket = ?", {accounts::email_bucket("login", owner)})->i64(0),
            accounts::kLoginFreeFailures);
}

}  // namespace
}  // namespace cityskills
