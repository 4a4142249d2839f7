// What the server refuses on the wire before Beast parses anything (RFC 9112): bare CR or LF,
// NUL and obs-fold in the header block, control bytes in values, Content-Length lists.
#include <gtest/gtest.h>

#include <string>

#include "http/upload_budget.hpp"
#include "http/wire.hpp"

namespace cityskills::http {

using namespace std::string_literals;

TEST(Wire, HeaderBlockLinesEndInCrlfWithoutNulOrFolding) {
  EXPECT_TRUE(wire::clean_header_block("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  EXPECT_FALSE(wire::clean_header_block("GET / HTTP/1.1\nHost: a\r\n\r\n"));       // bare LF
  EXPECT_FALSE(wire::clean_header_block("GET / HTTP/1.1\r\nHost: a\rX\r\n\r\n"));  // bare CR
  EXPECT_FALSE(wire::clean_header_block("GET / HTTP/1.1\r\nHost: a\r"));           // CR at the end
  EXPECT_FALSE(wire::clean_header_block("GET / HTTP/1.1\r\nHost: a\0b\r\n\r\n"s));
  EXPECT_FALSE(wire::clean_header_block("GET / HTTP/1.1\r\nX-A: 1\r\n  folded\r\n\r\n"));   // obs-fold
  EXPECT_FALSE(wire::clean_header_block("GET / HTTP/1.1\r\nX-A: 1\r\n\tfolded\r\n\r\n"));
}

TEST(Wire, ValuesLengthsAndMethods) {
  EXPECT_TRUE(wire::clean_header_value("text/html; charset=utf-8"));
  EXPECT_FALSE(wire::clean_header_value("a\nb"));
  EXPECT_FALSE(wire::clean_header_value("a\0b"s));
  EXPECT_TRUE(wire::plain_length("42"));
  EXPECT_TRUE(wire::plain_length(" 0 "));
  for (auto bad : {"", "5, 5", "-1", "+3", "1e3", "12345678901234567890"}) EXPECT_FALSE(wire::plain_length(bad)) << bad;
  for (auto m : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) EXPECT_TRUE(wire::known_method(m)) << m;
  for (auto m : {"TRACE", "CONNECT", "get", "BREW"}) EXPECT_FALSE(wire::known_method(m)) << m;
}

TEST(UploadBudget, HoldsEachClientAndEveryoneWithinTheirLimits) {
  UploadBudget b;
  EXPECT_TRUE(b.reserve("a", 60, 100, 150));
  EXPECT_FALSE(b.reserve("a", 50, 100, 150));  // a's own limit
  EXPECT_TRUE(b.reserve("b", 90, 100, 150));
  EXPECT_FALSE(b.reserve("c", 1, 100, 150));   // everyone's limit
  b.release("a", 60);
  EXPECT_TRUE(b.reserve("c", 60, 100, 150));
  b.release("nobody", 10);                     // nothing reserved: nothing changes
  EXPECT_FALSE(b.reserve("d", 1, 100, 150));
}

}  // namespace cityskills::http
