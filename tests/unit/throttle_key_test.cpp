#include <gtest/gtest.h>

#include "web/throttle.hpp"

namespace cityskills {
using web::throttle_key;

TEST(ThrottleKey, Ipv4IsItself) {
  EXPECT_EQ(throttle_key("203.0.113.7"), "203.0.113.7");
  EXPECT_NE(throttle_key("203.0.113.7"), throttle_key("203.0.113.8"));
}

TEST(ThrottleKey, Ipv4MappedIpv6CountsAsTheIpv4Address) {
  EXPECT_EQ(throttle_key("::ffff:203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(throttle_key("::FFFF:cb00:7107"), "203.0.113.7");
  EXPECT_EQ(throttle_key("[::ffff:203.0.113.7]"), "203.0.113.7");
}

TEST(ThrottleKey, Ipv6IsItsSlash64WhateverTheSpelling) {
  EXPECT_EQ(throttle_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(throttle_key("2001:0DB8:0001:0002:ffff:ffff:ffff:ffff"), "2001:db8:1:2::/64");
  EXPECT_EQ(throttle_key("2001:db8:1:2::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(throttle_key("[2001:db8:1:2::abcd]"), "2001:db8:1:2::/64");
  EXPECT_EQ(throttle_key("2001:db8::1"), "2001:db8::/64");
  EXPECT_NE(throttle_key("2001:db8:1:2::1"), throttle_key("2001:db8:1:3::1"));
  EXPECT_EQ(throttle_key("::1"), "::/64");
}

TEST(ThrottleKey, ZoneIdIsDropped) {
  EXPECT_EQ(throttle_key("fe80::1%eth0"), "fe80::/64");
  EXPECT_EQ(throttle_key("fe80::2%2"), "fe80::/64");
}

TEST(ThrottleKey, UnparsableInputIsKeptAsIs) {
  EXPECT_EQ(throttle_key(""), "");
  EXPECT_EQ(throttle_key("not-an-address"), "not-an-address");
  EXPECT_EQ(throttle_key("1.2.3"), "1.2.3");
}

}  // namespace cityskills
