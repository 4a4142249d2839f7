// Credentials without a server: the revocation and check forms, verification codes, the status
// of an award, and the credential checker's verdicts on bad input.
#include <gtest/gtest.h>

#include <sodium.h>

#include "features/credentials/badge.hpp"
#include "features/credentials/forms.hpp"
#include "features/credentials/store.hpp"

namespace cityskills::credentials {
namespace {

SigningKey key() {
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  return {1, "k1", std::string(reinterpret_cast<char*>(pk), sizeof pk), std::string(reinterpret_cast<char*>(sk), sizeof sk)};
}

Award award() {
  Award a;
  a.id = 5;
  a.public_id = store::new_public_id();
  a.kind = "course";
  a.recipient_name = "Anna";
  a.lang = "en";
  a.title = "Safe passwords";
  a.competences = {{"4.1", "foundation"}};
  a.issuers = {{1, "City A"}};
  a.achieved_at = 1780000000;
  return a;
}

TEST(RevokeForm, ReasonIsRequiredAndLimited) {
  RevokeForm f;
  EXPECT_EQ(check(f).key("reason"), "credentials.validation.reason_required");
  f.reason = std::string(kReasonMax, 'x');
  EXPECT_TRUE(check(f).empty());
  f.reason += "x";
  EXPECT_EQ(check(f).key("reason"), "credentials.validation.reason_too_long");
  EXPECT_EQ(check(f).args("reason").at(1), (std::pair<std::string, std::string>{"length", "501"}));
  f.reason = std::string("bad \0 byte", 10);
  EXPECT_EQ(check(f).key("reason"), "validation.text.invalid");
}

TEST(CheckForm, EmptyOrTooLongIsRefused) {
  CheckForm f;
  f.credential = " \n ";
  EXPECT_EQ(check(f).key("credential"), "credentials.check.empty");
  f.credential = std::string(kCredentialMax + 1, 'a');
  EXPECT_EQ(check(f).key("credential"), "credentials.check.too_long");
  f.credential = "a.b.c";
  EXPECT_TRUE(check(f).empty());
}

TEST(VerificationCode, Is26Base32CharactersAndUnique) {
  auto a = store::new_public_id(), b = store::new_public_id();
  EXPECT_EQ(a.size(), 26u);
  EXPECT_NE(a, b);
  EXPECT_TRUE(store::well_formed(a));
  for (const char* bad : {"", "abc", "AAAAAAAAAAAAAAAAAAAAAAAAAA", "aaaaaaaaaaaaaaaaaaaaaaaaa1", "aaaaaaaaaaaaaaaaaaaaaaaaaaa",
                          "aaaaaaaaaaaaaaaaaaaaaaaa/.", "aaaaaaaaaaaaaaaaaaaaaaaaa%"})
    EXPECT_FALSE(store::well_formed(bad)) << bad;
}

TEST(AwardStatus, RevocationWinsOverExpiry) {
  auto a = award();
  EXPECT_EQ(status_at(a, 2000000000), Status::kValid);
  a.expires_at = 1900000000;
  EXPECT_EQ(status_at(a, 1899999999), Status::kValid);
  EXPECT_EQ(status_at(a, 1900000000), Status::kExpired);
  a.revoked_at = 1800000000;
  EXPECT_EQ(status_at(a, 1800000001), Status::kRevoked);
}

TEST(CheckJwt, GenuineTamperedForeignAndJunk) {
  auto k = key(), other = key();
  other.kid = "k2";
  const std::string base = "https://skills.example.org";
  auto a = award();
  auto jwt = credential_jwt(a, base, "Skills", k);
  EXPECT_EQ(jwt, credential_jwt(a, base, "Skills", k));  // deterministic
  auto ok = check_jwt(jwt, {k}, base);
  EXPECT_EQ(ok.result, Check::kOk);
  EXPECT_EQ(ok.code, a.public_id);
  EXPECT_EQ(check_jwt(credential_jwt(a, base, "Skills", other), {k}, base).result, Check::kUnknownKey);
  EXPECT_EQ(check_jwt(credential_jwt(a, "https://elsewhere.example", "X", k), {k}, base).result, Check::kForeign);
  // Every byte of the payload and of the signature matters.
  auto dot1 = jwt.find('.'), dot2 = jwt.rfind('.');
  for (auto i : {dot1 + 1, (dot1 + dot2) / 2, dot2 - 2, dot2 + 1, jwt.size() - 3}) {
    auto t = jwt;
    t[i] = t[i] == 'A' ? 'B' : 'A';
    EXPECT_NE(check_jwt(t, {k}, base).result, Check::kOk) << i;
  }
  auto none = base64url(R"({"alg":"none","kid":"k1"})") + jwt.substr(dot1, dot2 - dot1) + ".";
  EXPECT_EQ(check_jwt(none, {k}, base).result, Check::kUnsupported);
  auto hs = base64url(R"({"alg":"HS256","kid":"k1"})") + jwt.substr(dot1);
  EXPECT_EQ(check_jwt(hs, {k}, base).result, Check::kUnsupported);
  for (std::string junk : {std::string(), std::string("x"), std::string("a.b.c"), std::string("...."), std::string("\0\xff.\x01.", 5),
                           base64url("[1]") + "." + base64url("{}") + ".", base64url("{}") + ".." + std::string(100000, 'A')})
    EXPECT_EQ(check_jwt(junk, {k}, base).result, Check::kMalformed) << junk.substr(0, 40);
  EXPECT_EQ(check_jwt(base64url("{}") + "." + base64url("{}") + ".", {k}, base).result, Check::kUnsupported);
}

}  // namespace
}  // namespace cityskills::credentials
