// The API feature's pure rules: who manages which token, whom a token may act for, who may be
// deactivated, and the token form's check.
#include <gtest/gtest.h>

#include "features/api/forms.hpp"
#include "features/api/policy.hpp"
#include "features/api/tokens.hpp"

namespace cityskills::api {
namespace {

web::Actor person(std::int64_t id, std::vector<web::Membership> roles = {}, bool platform = false) {
  return web::Actor{id, platform, std::move(roles)};
}

TEST(ApiPolicy, PersonalTokensAreTheirOwnersServiceTokensTheirOrganisations) {
  auto owner = person(1);
  auto admin_a = person(2, {{10, "org_admin"}});
  auto author_a = person(3, {{10, "author"}});
  auto platform = person(4, {}, true);
  EXPECT_TRUE(policy::may_manage_token(owner, 1, std::nullopt));
  EXPECT_FALSE(policy::may_manage_token(admin_a, 1, std::nullopt));
  EXPECT_FALSE(policy::may_manage_token(platform, 1, std::nullopt));
  EXPECT_TRUE(policy::may_manage_token(admin_a, 9, 10));
  EXPECT_FALSE(policy::may_manage_token(admin_a, 9, 11));
  EXPECT_FALSE(policy::may_manage_token(author_a, 9, 10));
  EXPECT_TRUE(policy::may_manage_token(platform, 9, 11));
  EXPECT_FALSE(policy::may_manage_token(web::Actor{}, 0, std::nullopt));
  EXPECT_TRUE(policy::may_make_service_token(admin_a, 10));
  EXPECT_FALSE(policy::may_make_service_token(author_a, 10));
  EXPECT_FALSE(policy::may_make_service_token(admin_a, 11));
}

TEST(ApiPolicy, AServiceTokenLivesWhileItsMakerAdministers) {
  EXPECT_TRUE(policy::service_token_valid(false, {{10, "org_admin"}}, 10));
  EXPECT_FALSE(policy::service_token_valid(false, {{10, "author"}}, 10));
  EXPECT_FALSE(policy::service_token_valid(false, {{11, "org_admin"}}, 10));
  EXPECT_TRUE(policy::service_token_valid(true, {}, 10));
}

TEST(ApiPolicy, ActingForSomeoneNeedsTheirOrganisation) {
  auto admin_a = person(2, {{10, "org_admin"}});
  EXPECT_TRUE(policy::may_act_for(admin_a, 2, {}));
  EXPECT_TRUE(policy::may_act_for(admin_a, 5, {10}));
  EXPECT_TRUE(policy::may_act_for(admin_a, 5, {11, 10}));
  EXPECT_FALSE(policy::may_act_for(admin_a, 5, {11}));
  EXPECT_FALSE(policy::may_act_for(admin_a, 5, {}));
  EXPECT_FALSE(policy::may_act_for(person(3, {{10, "author"}}), 5, {10}));
  EXPECT_TRUE(policy::may_act_for(person(4, {}, true), 5, {}));
}

TEST(ApiPolicy, DeactivationStaysInsideTheAdministeredOrganisations) {
  auto admin_a = person(2, {{10, "org_admin"}});
  EXPECT_TRUE(policy::may_deactivate(admin_a, 5, false, 10, {10}));
  EXPECT_FALSE(policy::may_deactivate(admin_a, 5, false, 10, {10, 11}));  // also belongs elsewhere
  EXPECT_FALSE(policy::may_deactivate(admin_a, 5, false, std::nullopt, {}));  // belongs nowhere
  EXPECT_FALSE(policy::may_deactivate(admin_a, 5, true, 10, {10}));  // a platform admin
  EXPECT_FALSE(policy::may_deactivate(admin_a, 2, false, 10, {10}));  // oneself
  EXPECT_TRUE(policy::may_deactivate(person(4, {}, true), 5, true, std::nullopt, {}));
  EXPECT_FALSE(policy::may_deactivate(person(4, {}, true), 4, true, std::nullopt, {}));
  // A role that organisation gave an outsider does not make the outsider theirs to block.
  EXPECT_FALSE(policy::may_deactivate(admin_a, 5, false, std::nullopt, {10}));
  EXPECT_FALSE(policy::may_deactivate(admin_a, 5, false, 11, {10, 11}));
  // Roles: only for people who already belong to the organisation, unless a platform admin asks.
  EXPECT_TRUE(policy::may_change_role(admin_a, 10, 10, {}));
  EXPECT_TRUE(policy::may_change_role(admin_a, 10, std::nullopt, {10}));
  EXPECT_FALSE(policy::may_change_role(admin_a, 10, std::nullopt, {}));
  EXPECT_FALSE(policy::may_change_role(admin_a, 10, 11, {11}));
  EXPECT_FALSE(policy::may_change_role(admin_a, 11, 11, {}));  // not their organisation
  EXPECT_TRUE(policy::may_change_role(person(4, {}, true), 10, std::nullopt, {}));
}

TEST(ApiTokenForm, ChecksNameOwnerScopesAndLifetime) {
  TokenForm ok{"HR system", "me", {"courses:read", "people:write"}, "30"};
  EXPECT_TRUE(check(ok, {}).empty());
  auto service = ok;
  service.owner = "10";
  EXPECT_TRUE(check(service, {10}).empty());
  EXPECT_EQ(owner_org(service), 10);
  EXPECT_EQ(check(service, {11}).key("owner"), "validation.choice.invalid");
  auto bad = ok;
  bad.name = "";
  bad.scopes = {};
  bad.days = "3650";
  auto e = check(bad, {});
  EXPECT_EQ(e.key("name"), "validation.text.required");
  EXPECT_EQ(e.key("scope"), "api.tokens.no_scope");
  EXPECT_EQ(e.key("days"), "validation.choice.invalid");
  auto unknown = ok;
  unknown.scopes = {"courses:read", "admin:write"};
  EXPECT_EQ(check(unknown, {}).key("scope"), "validation.choice.invalid");
  EXPECT_EQ(normalised_scopes({"people:write", "courses:read", "people:write"}), "courses:read people:write");
}

TEST(ApiTokens, SecretsAreLongRandomAndOnlyTheirHashIsKept) {
  auto a = new_secret(), b = new_secret();
  EXPECT_EQ(a.secret.size(), 46u);
  EXPECT_TRUE(a.secret.starts_with("cs_"));
  EXPECT_NE(a.secret, b.secret);
  EXPECT_EQ(a.hash.size(), 64u);
  EXPECT_EQ(a.prefix, a.secret.substr(0, 9));
  EXPECT_TRUE(known_scope("awards:read"));
  EXPECT_FALSE(known_scope("awards:delete"));
  EXPECT_FALSE(known_scope("awards"));
}

}  // namespace
}  // namespace cityskills::api
