#include <gtest/gtest.h>

#include "http/url.hpp"
#include "util/strings.hpp"
#include "web/validate.hpp"

namespace cityskills {

TEST(Strings, ParseId_AcceptsOnlyPlainPositiveDecimals) {
  EXPECT_EQ(util::parse_id("42"), 42);
  EXPECT_FALSE(util::parse_id(""));
  EXPECT_FALSE(util::parse_id("-1"));
  EXPECT_FALSE(util::parse_id("0"));
  EXPECT_FALSE(util::parse_id("+5"));
  EXPECT_FALSE(util::parse_id("0x10"));
  EXPECT_FALSE(util::parse_id("1e5"));
  EXPECT_FALSE(util::parse_id("99999999999999999999"));
  EXPECT_FALSE(util::parse_id("12 "));
}

TEST(Strings, ValidUtf8_RejectsOverlongAndSurrogates) {
  EXPECT_TRUE(util::valid_utf8("Città ÄÖÅ €"));
  EXPECT_FALSE(util::valid_utf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(util::valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(util::valid_utf8("\xF4\x90\x80\x80"));  // beyond U+10FFFF
  EXPECT_FALSE(util::valid_utf8("abc\xE2\x82"));       // truncated
}

TEST(Strings, HtmlEscape_EscapesAllFiveCharacters) {
  EXPECT_EQ(util::html_escape("<a href=\"x\" onclick='y'>&</a>"),
            "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
}

TEST(Strings, Format_ReplacesKnownPlaceholdersOnly) {
  EXPECT_EQ(util::format("Hi {name}, {n} left {other}", {{"name", "Anna"}, {"n", "3"}}), "Hi Anna, 3 left {other}");
}

TEST(Url, PercentDecode_RejectsBadEscapesNulAndInvalidUtf8) {
  EXPECT_EQ(http::percent_decode("a%20b+c", true), "a b c");
  EXPECT_EQ(http::percent_decode("a+b", false), "a+b");
  EXPECT_FALSE(http::percent_decode("%zz", false));
  EXPECT_FALSE(http::percent_decode("%4", false));
  EXPECT_FALSE(http::percent_decode("a%00b", false));
  EXPECT_FALSE(http::percent_decode("%C0%AF", false));
}

TEST(Url, DecodePath_RefusesTraversalBackslashAndDoubleEncoding) {
  EXPECT_EQ(http::decode_path("/profile"), "/profile");
  EXPECT_EQ(http::decode_path("/caf%C3%A9"), "/café");
  EXPECT_FALSE(http::decode_path("/../etc/passwd"));
  EXPECT_FALSE(http::decode_path("/assets/%2e%2e/secret"));
  EXPECT_FALSE(http::decode_path("/assets/%252e%252e/secret"));
  EXPECT_FALSE(http::decode_path("/a\\b"));
  EXPECT_FALSE(http::decode_path("/a/./b"));
  EXPECT_FALSE(http::decode_path("relative"));
}

TEST(Url, ParseForm_KeepsRepeatedFieldsAndFailsOnBadEncoding) {
  auto f = http::parse_form("a=1&b=x+y&a=2");
  ASSERT_TRUE(f);
  ASSERT_EQ(f->size(), 3u);
  EXPECT_EQ((*f)[1].second, "x y");
  EXPECT_FALSE(http::parse_form("a=%G1"));
}

TEST(Validate, Email) {
  EXPECT_FALSE(web::check_email("anna.rossi@comune.example.it"));
  EXPECT_EQ(web::check_email(""), "validation.email.required");
  EXPECT_EQ(web::check_email("no-at-sign"), "validation.email.invalid");
  EXPECT_EQ(web::check_email("a@b"), "validation.email.invalid");
  EXPECT_EQ(web::check_email("a@b.org\r\nBcc: x@y.org"), "validation.email.invalid");
  EXPECT_EQ(web::check_email(std::string(250, 'a') + "@b.org"), "validation.email.too_long");
  EXPECT_EQ(web::check_email("a b@c.org"), "validation.email.invalid");
  EXPECT_EQ(web::check_email("a@@c.org"), "validation.email.invalid");
}

TEST(Validate, DisplayName_RefusesBlankControlBidiAndTooLong) {
  EXPECT_FALSE(web::check_name("Anna Rossi"));
  EXPECT_FALSE(web::check_name("<b>Anna</b>"));  // stored as text, escaped on output
  EXPECT_EQ(web::check_name(""), "validation.text.required");
  EXPECT_EQ(web::check_name("   "), "validation.text.required");
  EXPECT_EQ(web::check_name("\xE2\x80\x8B\xE2\x80\x8B"), "validation.text.required");  // zero-width spaces
  EXPECT_EQ(web::check_name("Anna\x07"), "validation.text.control");
  EXPECT_EQ(web::check_name("abc\xE2\x80\xAE" "cba"), "validation.text.bidi");       // U+202E
  EXPECT_EQ(web::check_name("abc\xE2\x81\xA6" "x"), "validation.text.bidi");         // U+2066
  EXPECT_EQ(web::check_name(std::string(101, 'a')), "validation.text.too_long");
  EXPECT_FALSE(web::check_name(std::string(100, 'a')));
}

TEST(Validate, SafeNext_OnlySameOriginRelativePaths) {
  EXPECT_EQ(web::safe_next("/profile"), "/profile");
  EXPECT_EQ(web::safe_next("//evil.example"), "");
  EXPECT_EQ(web::safe_next("/\\evil.example"), "");
  EXPECT_EQ(web::safe_next("https://evil.example"), "");
  EXPECT_EQ(web::safe_next("javascript:alert(1)"), "");
}

}  // namespace cityskills
