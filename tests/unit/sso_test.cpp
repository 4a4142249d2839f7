// The ID token's checks without a network: keys made here with OpenSSL, tokens signed here,
// then one thing wrong at a time. The HTTP tests repeat the hostile cases with tokens signed by
// an independent implementation (npm jose).
#include <gtest/gtest.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <boost/json.hpp>

#include <memory>

#include "features/sso/forms.hpp"
#include "features/sso/jwt.hpp"
#include "features/sso/oidc.hpp"
#include "features/sso/policy.hpp"

namespace cityskills {
namespace {

namespace json = boost::json;
using sso::TokenError;

constexpr std::int64_t kNow = 1'800'000'000;

struct Key {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> pkey{nullptr, EVP_PKEY_free};
  json::object jwk;
};

std::string bn_bytes(EVP_PKEY* k, const char* name, int pad = 0) {
  BIGNUM* bn = nullptr;
  EXPECT_EQ(EVP_PKEY_get_bn_param(k, name, &bn), 1);
  std::string out(pad ? pad : BN_num_bytes(bn), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size()));
  BN_free(bn);
  return out;
}

Key rsa(unsigned bits, const std::string& kid) {
  Key k;
  k.pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(bits)));
  k.jwk = {{"kty", "RSA"}, {"kid", kid}, {"use", "sig"},
           {"n", sso::base64url(bn_bytes(k.pkey.get(), OSSL_PKEY_PARAM_RSA_N))},
           {"e", sso::base64url(bn_bytes(k.pkey.get(), OSSL_PKEY_PARAM_RSA_E))}};
  return k;
}

Key ec(const std::string& kid) {
  Key k;
  k.pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  k.jwk = {{"kty", "EC"}, {"kid", kid}, {"crv", "P-256"},
           {"x", sso::base64url(bn_bytes(k.pkey.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32))},
           {"y", sso::base64url(bn_bytes(k.pkey.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32))}};
  return k;
}

std::string sign_sha256(EVP_PKEY* key, const std::string& data) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, key);
  size_t len = 0;
  EVP_DigestSign(md.get(), nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  std::string sig(len, '\0');
  EVP_DigestSign(md.get(), reinterpret_cast<unsigned char*>(sig.data()), &len,
                 reinterpret_cast<const unsigned char*>(data.data()), data.size());
  sig.resize(len);
  return sig;
}

// DER ECDSA signature to the JWS r||s form.
std::string raw_ecdsa(const std::string& der) {
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())),
                                                            ECDSA_SIG_free);
  std::string out(64, '\0');
  BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), reinterpret_cast<unsigned char*>(out.data()), 32);
  BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), reinterpret_cast<unsigned char*>(out.data()) + 32, 32);
  return out;
}

json::object claims() {
  return {{"iss", "https://id.example.it"}, {"aud", "cityskills"}, {"sub", "abc"}, {"nonce", "n-1"},
          {"iat", kNow - 10}, {"exp", kNow + 300}, {"email", "a@example.it"}};
}

std::string token(const Key& k, const std::string& alg, const json::object& payload, const std::string& kid = "") {
  json::object header{{"alg", alg}, {"kid", kid.empty() ? std::string(k.jwk.at("kid").as_string()) : kid}};
  auto signed_part = sso::base64url(json::serialize(header)) + "." + sso::base64url(json::serialize(payload));
  auto sig = sign_sha256(k.pkey.get(), signed_part);
  if (alg == "ES256") sig = raw_ecdsa(sig);
  return signed_part + "." + sso::base64url(sig);
}

std::string jwks(std::initializer_list<const Key*> keys) {
  json::array a;
  for (const auto* k : keys) a.push_back(k->jwk);
  return json::serialize(json::object{{"keys", a}});
}

sso::Expectations expect() { return {"https://id.example.it", "cityskills", "n-1", kNow}; }

TokenError verify(const std::string& t, const std::string& set) { return sso::verify_id_token(t, set, expect()).error; }

class IdToken : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    rsa_ = new Key(rsa(2048, "r1"));
    ec_ = new Key(ec("e1"));
  }
  static void TearDownTestSuite() {
    delete rsa_;
    delete ec_;
  }
  static Key* rsa_;
  static Key* ec_;
};
Key* IdToken::rsa_ = nullptr;
Key* IdToken::ec_ = nullptr;

TEST_F(IdToken, Rs256AndEs256FromTheKeySetAreAccepted) {
  auto set = jwks({rsa_, ec_});
  auto r = sso::verify_id_token(token(*rsa_, "RS256", claims()), set, expect());
  EXPECT_EQ(r.error, TokenError::kNone);
  EXPECT_EQ(r.claims.at("email").as_string(), "a@example.it");
  EXPECT_EQ(verify(token(*ec_, "ES256", claims()), set), TokenError::kNone);
}

TEST_F(IdToken, NoneHmacAndOtherAlgorithmsAreRefused) {
  auto set = jwks({rsa_});
  auto body = sso::base64url(json::serialize(claims()));
  EXPECT_EQ(verify(sso::base64url(R"({"alg":"none"})") + "." + body + ".", set), TokenError::kAlgorithm);
  EXPECT_EQ(verify(sso::base64url(R"({"alg":"HS256","kid":"r1"})") + "." + body + ".c2ln", set), TokenError::kAlgorithm);
  EXPECT_EQ(verify(sso::base64url(R"({"alg":"PS256","kid":"r1"})") + "." + body + ".c2ln", set), TokenError::kAlgorithm);
  // A key of the wrong type for the algorithm is no candidate.
  EXPECT_EQ(verify(token(*ec_, "ES256", claims(), "r1"), set), TokenError::kUnknownKey);
}

TEST_F(IdToken, SignaturesOfOtherKeysOrTamperedPayloadsFail) {
  auto set = jwks({rsa_, ec_});
  auto other = rsa(2048, "r1");
  EXPECT_EQ(verify(token(other, "RS256", claims()), set), TokenError::kSignature);
  EXPECT_EQ(verify(token(other, "RS256", claims(), "nobody"), set), TokenError::kUnknownKey);
  auto t = token(*rsa_, "RS256", claims());
  auto dot1 = t.find('.'), dot2 = t.rfind('.');
  auto changed = claims();
  changed["sub"] = "someone-else";
  EXPECT_EQ(verify(t.substr(0, dot1 + 1) + sso::base64url(json::serialize(changed)) + t.substr(dot2), set),
            TokenError::kSignature);
  auto e = token(*ec_, "ES256", claims());
  e[e.size() - 5] = e[e.size() - 5] == 'A' ? 'B' : 'A';
  EXPECT_EQ(verify(e, set), TokenError::kSignature);
  // Keys too weak to trust are never used.
  auto weak = rsa(1024, "w1");
  EXPECT_EQ(verify(token(weak, "RS256", claims()), jwks({&weak})), TokenError::kUnknownKey);
  EXPECT_EQ(verify("not.a.token", set), TokenError::kMalformed);
  EXPECT_EQ(verify("", set), TokenError::kMalformed);
  EXPECT_EQ(verify(t, "{}"), TokenError::kUnknownKey);
}

TEST_F(IdToken, ClaimsAreCheckedWithABoundedClockSkew) {
  auto set = jwks({rsa_});
  auto with = [&](const char* name, json::value v) {
    auto c = claims();
    c[name] = v;
    return verify(token(*rsa_, "RS256", c), set);
  };
  EXPECT_EQ(with("iss", "https://id.example.it/"), TokenError::kIssuer);
  EXPECT_EQ(with("aud", "another"), TokenError::kAudience);
  EXPECT_EQ(with("aud", json::array{"cityskills"}), TokenError::kNone);
  EXPECT_EQ(with("aud", json::array{"cityskills", "another"}), TokenError::kAudience);  // no azp
  EXPECT_EQ(with("azp", "another"), TokenError::kAudience);
  EXPECT_EQ(with("nonce", "n-2"), TokenError::kNonce);
  EXPECT_EQ(with("exp", kNow - 119), TokenError::kNone);  // within two minutes of skew
  EXPECT_EQ(with("exp", kNow - 121), TokenError::kExpired);
  EXPECT_EQ(with("iat", kNow + 119), TokenError::kNone);
  EXPECT_EQ(with("iat", kNow + 121), TokenError::kNotYetValid);
  EXPECT_EQ(with("iat", kNow - 3600), TokenError::kExpired);
  EXPECT_EQ(with("nbf", kNow + 600), TokenError::kNotYetValid);
  EXPECT_EQ(with("sub", ""), TokenError::kSubject);
  EXPECT_EQ(with("exp", "soon"), TokenError::kMalformed);
  // Numbers that are not whole, or too large for a time: refused, never converted.
  EXPECT_EQ(with("exp", 1e300), TokenError::kMalformed);
  EXPECT_EQ(with("exp", -1e300), TokenError::kMalformed);
  EXPECT_EQ(with("exp", static_cast<double>(kNow) + 600.5), TokenError::kMalformed);
  EXPECT_EQ(with("iat", 1e19), TokenError::kMalformed);
  EXPECT_EQ(with("exp", static_cast<double>(kNow + 600)), TokenError::kNone);
  auto multi = claims();
  multi["aud"] = json::array{"cityskills", "another"};
  multi["azp"] = "cityskills";
  EXPECT_EQ(verify(token(*rsa_, "RS256", multi), set), TokenError::kNone);
}

TEST_F(IdToken, HeadersKeysAndClaimsTheCheckDoesNotUnderstandAreRefused) {
  auto set = jwks({rsa_, ec_});
  auto signed_with_header = [&](const Key& k, json::object header) {
    auto part = sso::base64url(json::serialize(header)) + "." + sso::base64url(json::serialize(claims()));
    auto sig = sign_sha256(k.pkey.get(), part);
    return part + "." + sso::base64url(sig);
  };
  // A critical extension nobody here understands.
  EXPECT_NE(verify(signed_with_header(*rsa_, {{"alg", "RS256"}, {"kid", "r1"}, {"crit", json::array{"exp"}}}), set),
            TokenError::kNone);
  // ES256 must be r||s (64 bytes): the DER form OpenSSL makes is refused.
  EXPECT_NE(verify(signed_with_header(*ec_, {{"alg", "ES256"}, {"kid", "e1"}}), set), TokenError::kNone);
  // An RS256 token whose kid names the EC key.
  EXPECT_NE(verify(token(*rsa_, "RS256", claims(), "e1"), set), TokenError::kNone);
  // A key meant for encryption, or for another algorithm, signs nothing.
  json::object for_enc = rsa_->jwk;
  for_enc["use"] = "enc";
  json::object other_alg = rsa_->jwk;
  other_alg["alg"] = "RS512";
  auto t = token(*rsa_, "RS256", claims());
  EXPECT_NE(verify(t, json::serialize(json::object{{"keys", json::array{for_enc}}})), TokenError::kNone);
  EXPECT_NE(verify(t, json::serialize(json::object{{"keys", json::array{other_alg}}})), TokenError::kNone);
  EXPECT_EQ(verify(t, json::serialize(json::object{{"keys", json::array{rsa_->jwk}}})), TokenError::kNone);
  // Without nonce, exp or iat.
  for (const char* name : {"nonce", "exp", "iat"}) {
    auto c = claims();
    c.erase(name);
    EXPECT_NE(verify(token(*rsa_, "RS256", c), set), TokenError::kNone) << name;
  }
}

TEST(Sso, PkceChallengeIsTheRfc7636Example) {
  EXPECT_EQ(sso::pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Sso, IssuersAreHttpsOrLoopbackHttp) {
  EXPECT_TRUE(sso::acceptable_issuer("https://id.comune.example.it/realms/staff"));
  EXPECT_TRUE(sso::acceptable_issuer("http://127.0.0.1:4000"));
  EXPECT_TRUE(sso::acceptable_issuer("http://localhost:4000/oidc"));
  EXPECT_FALSE(sso::acceptable_issuer("http://id.example.it"));
  EXPECT_FALSE(sso::acceptable_issuer("http://127.0.0.1.evil.example"));
  EXPECT_FALSE(sso::acceptable_issuer("https://id.example.it/?x=1"));
  EXPECT_FALSE(sso::acceptable_issuer("javascript:alert(1)"));
}

TEST(Sso, ProviderFormNamesEachProblem) {
  sso::ProviderForm f{"Comune", "https://id.example.it", "client", "secret", "email openid profile email", "name",
                      "email", "", "", ""};
  EXPECT_TRUE(sso::check(f, true, {}).empty());
  EXPECT_EQ(sso::normalised_scopes(f.scopes), "openid email profile");
  auto g = f;
  g.client_secret = "";
  EXPECT_EQ(sso::check(g, true, {}).key("client_secret"), "sso.admin.secret_required");
  EXPECT_TRUE(sso::check(g, false, {}).empty());  // editing keeps the stored secret
  g = f;
  g.issuer = "http://id.example.it";
  g.claim_email = "e mail";
  g.scopes = "openid <script>";
  g.org = "7";
  auto e = sso::check(g, true, {3});
  EXPECT_EQ(e.key("issuer"), "sso.admin.issuer_invalid");
  EXPECT_EQ(e.key("claim_email"), "sso.admin.claim_invalid");
  EXPECT_EQ(e.key("scopes"), "sso.admin.scopes_invalid");
  EXPECT_EQ(e.key("org_id"), "validation.choice.invalid");
  EXPECT_TRUE(sso::check(f, true, {3}).empty());
}

TEST(Sso, TheLastWayIntoAnAccountCannotBeRemoved) {
  EXPECT_FALSE(sso::policy::may_remove(false, 1));
  EXPECT_TRUE(sso::policy::may_remove(false, 2));
  EXPECT_TRUE(sso::policy::may_remove(true, 1));
}

}  // namespace
TEST(Sso, DiscoveredEndpointsFollowTheIssuersRule) {
  EXPECT_TRUE(sso::acceptable_endpoint("https://id.example.org/auth?realm=staff"));
  EXPECT_TRUE(sso::acceptable_endpoint("http://127.0.0.1:8080/token"));
  EXPECT_TRUE(sso::acceptable_endpoint("http://localhost/jwks"));
  EXPECT_TRUE(sso::acceptable_endpoint("http://[::1]:9000/userinfo"));
  EXPECT_FALSE(sso::acceptable_endpoint("http://id.example.org/token"));
  EXPECT_FALSE(sso::acceptable_endpoint("http://127.0.0.1.example.org/token"));
  EXPECT_FALSE(sso::acceptable_endpoint("http://localhost.example.org:80/token"));
  EXPECT_FALSE(sso::acceptable_endpoint("http://localhost:80@example.org/token"));
  EXPECT_FALSE(sso::acceptable_endpoint("ftp://127.0.0.1/token"));
  EXPECT_FALSE(sso::acceptable_endpoint(""));
}

TEST(Sso, AutoLinkingByAddressNeverReachesAdministratorsOrOtherOrganisationsStaff) {
  using M = std::vector<std::pair<std::int64_t, std::string>>;
  // A provider for every organisation: ordinary people yes, staff and administrators no.
  EXPECT_TRUE(sso::policy::may_auto_link(false, std::nullopt, {}, std::nullopt));
  EXPECT_TRUE(sso::policy::may_auto_link(false, 3, M{{3, "learner"}}, std::nullopt));
  EXPECT_FALSE(sso::policy::may_auto_link(true, std::nullopt, {}, std::nullopt));
  EXPECT_FALSE(sso::policy::may_auto_link(false, std::nullopt, M{{3, "author"}}, std::nullopt));
  // A provider restricted to organisation 7: its members, staff there included; nobody else.
  EXPECT_TRUE(sso::policy::may_auto_link(false, 7, {}, 7));
  EXPECT_TRUE(sso::policy::may_auto_link(false, std::nullopt, M{{7, "learner"}}, 7));
  EXPECT_TRUE(sso::policy::may_auto_link(false, 7, M{{7, "org_admin"}}, 7));
  EXPECT_FALSE(sso::policy::may_auto_link(false, std::nullopt, {}, 7));
  EXPECT_FALSE(sso::policy::may_auto_link(false, 3, M{{3, "learner"}}, 7));
  EXPECT_FALSE(sso::policy::may_auto_link(false, 7, M{{3, "moderator"}}, 7));
  EXPECT_FALSE(sso::policy::may_auto_link(true, 7, {}, 7));
}

TEST(Sso, LinkingFromTheProfileIsOpenButAnOrganisationsProviderOnlyForItsMembers) {
  using M = std::vector<std::pair<std::int64_t, std::string>>;
  // A provider for every organisation: anyone signed in, staff and administrators included.
  EXPECT_TRUE(sso::policy::may_link_from_profile(false, std::nullopt, {}, std::nullopt));
  EXPECT_TRUE(sso::policy::may_link_from_profile(false, 3, M{{3, "org_admin"}}, std::nullopt));
  EXPECT_TRUE(sso::policy::may_link_from_profile(true, std::nullopt, {}, std::nullopt));
  // Restricted to organisation 7: members by home or by any role there, staff elsewhere too.
  EXPECT_TRUE(sso::policy::may_link_from_profile(false, 7, {}, 7));
  EXPECT_TRUE(sso::policy::may_link_from_profile(false, 3, M{{3, "moderator"}, {7, "learner"}}, 7));
  EXPECT_FALSE(sso::policy::may_link_from_profile(false, 3, M{{3, "learner"}}, 7));
  EXPECT_FALSE(sso::policy::may_link_from_profile(false, std::nullopt, {}, 7));
  EXPECT_FALSE(sso::policy::may_link_from_profile(true, 7, M{{7, "org_admin"}}, 7)) << "never a platform administrator";
}

}  // namespace cityskills
