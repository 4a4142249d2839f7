#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "features/accounts/passwords.hpp"
#include "http/static_files.hpp"
#include "mail/mail.hpp"
#include "util/crypto.hpp"

namespace cityskills {

TEST(Passwords, PolicyExplainsEachRefusal) {
  crypto::init();
  using accounts::check_password;
  EXPECT_FALSE(check_password("violet-harbour-lantern", {}));
  EXPECT_EQ(check_password("short", {}), "validation.password.too_short");
  EXPECT_EQ(check_password(std::string(129, 'x'), {}), "validation.password.too_long");
  EXPECT_FALSE(check_password(std::string(128, 'x') , {}));
  EXPECT_EQ(check_password("password1", {}), "validation.password.common");
  EXPECT_EQ(check_password("Anna.Rossi@example.org", {"anna.rossi@example.org"}), "validation.password.personal");
  // Length counts characters, not bytes: eight accented letters are enough.
  EXPECT_FALSE(check_password("àèìòùàèì", {}));
  EXPECT_GE(accounts::common_password_count(), 3000u);
}

TEST(Passwords, Argon2idHashVerifies) {
  crypto::init();
  auto h = crypto::hash_password("violet-harbour-lantern");
  EXPECT_TRUE(h.starts_with("$argon2id$"));
  EXPECT_TRUE(crypto::verify_password(h, "violet-harbour-lantern"));
  EXPECT_FALSE(crypto::verify_password(h, "violet-harbour-lanterN"));
  EXPECT_FALSE(crypto::verify_password("garbage", "x"));
}

TEST(Tokens, RandomAnd256Bits) {
  crypto::init();
  auto a = crypto::random_token(32), b = crypto::random_token(32);
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);  // 32 bytes in URL-safe base64 without padding
}

TEST(Mail, HeaderInjectionIsRefused) {
  mail::Settings s;
  EXPECT_THROW(mail::compose(s, {"a@example.org\r\nBcc: x@example.org", "Hi", "x"}), std::invalid_argument);
  EXPECT_THROW(mail::compose(s, {"a@example.org", "Hi\nBcc: x@example.org", "x"}), std::invalid_argument);
  auto text = mail::compose(s, {"a@example.org", "Città ✓", "Body"});
  EXPECT_NE(text.find("Subject: =?UTF-8?B?"), std::string::npos);
  EXPECT_NE(text.find("To: <a@example.org>\r\n"), std::string::npos);
}

TEST(Mail, WithoutSmtpMessagesGoToTheOutboxFolder) {
  crypto::init();
  mail::Settings s;
  s.outbox_dir = std::filesystem::temp_directory_path() / ("cityskills-outbox-" + crypto::random_token(6));
  mail::deliver(s, {"anna@example.org", "Benvenuta", "Ciao Anna"});
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(s.outbox_dir)) {
    ++files;
    std::ifstream in(e.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(text.find("To: <anna@example.org>"), std::string::npos);
  }
  EXPECT_EQ(files, 1);
  std::filesystem::remove_all(s.outbox_dir);
}

TEST(Mail, UnreachableSmtpServerIsAnError) {
  mail::Settings s;
  s.smtp_url = "smtp://127.0.0.1:1";
  EXPECT_THROW(mail::deliver(s, {"anna@example.org", "x", "y"}), std::runtime_error);
}

TEST(Range, ParsesSingleRangesOnly) {
  bool unsat = false;
  auto r = http::parse_range("bytes=0-9", 100, unsat);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 0u);
  EXPECT_EQ(r->second, 9u);
  r = http::parse_range("bytes=90-", 100, unsat);
  EXPECT_EQ(r->second, 99u);
  r = http::parse_range("bytes=-10", 100, unsat);
  EXPECT_EQ(r->first, 90u);
  r = http::parse_range("bytes=50-500", 100, unsat);
  EXPECT_EQ(r->second, 99u);
  EXPECT_FALSE(http::parse_range("bytes=200-300", 100, unsat));
  EXPECT_TRUE(unsat);
  EXPECT_FALSE(http::parse_range("bytes=0-1,5-6", 100, unsat));
  EXPECT_FALSE(unsat);
  EXPECT_FALSE(http::parse_range("bytes=9-3", 100, unsat));
  EXPECT_FALSE(http::parse_range("items=0-3", 100, unsat));
  EXPECT_FALSE(http::parse_range("bytes=-", 100, unsat));
}

}  // namespace cityskills
