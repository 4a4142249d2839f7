#include <gtest/gtest.h>

#include "features/accounts/throttles.hpp"

namespace cityskills {
using accounts::login_wait;

TEST(LoginWait, FreeFailuresCostNothing) {
  for (int f = 0; f < accounts::kLoginFreeFailures; ++f) EXPECT_EQ(login_wait(f, 1000, 1000, false), 0) << f;
}

TEST(LoginWait, EachFurtherFailureDoublesTheDelayUpToTheCap) {
  const int n = accounts::kLoginFreeFailures;
  EXPECT_EQ(login_wait(n, 1000, 1000, false), 30);
  EXPECT_EQ(login_wait(n + 1, 1000, 1000, false), 60);
  EXPECT_EQ(login_wait(n + 2, 1000, 1000, false), 120);
  EXPECT_EQ(login_wait(n + 5, 1000, 1000, false), 900);
  EXPECT_EQ(login_wait(n + 40, 1000, 1000, false), 900);
}

TEST(LoginWait, CountsFromTheLatestFailure) {
  const int n = accounts::kLoginFreeFailures;
  EXPECT_EQ(login_wait(n, 1000, 1020, false), 10);
  EXPECT_EQ(login_wait(n, 1000, 1030, false), 0);
  EXPECT_EQ(login_wait(n, 1000, 5000, false), 0);
}

TEST(LoginWait, AnAccountOverItsCeilingLeavesOneFreeFailurePerClient) {
  EXPECT_EQ(login_wait(0, 0, 1000, true), 0);  // a client without failures is never held back
  EXPECT_EQ(login_wait(1, 1000, 1000, true), 30);
  EXPECT_EQ(login_wait(2, 1000, 1000, true), 60);
}

}  // namespace cityskills
