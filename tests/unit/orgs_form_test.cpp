// The organisation forms' checks (an organisation, a member's role), without a server.
#include <gtest/gtest.h>

#include "features/orgs/forms.hpp"

namespace cityskills::orgs {
namespace {

OrgForm org() {
  OrgForm f;
  f.name = "Comune di Bologna";
  f.slug = "bologna";
  f.kind = "city";
  f.country = "IT";
  f.website = "https://www.comune.bologna.it";
  return f;
}

TEST(OrgForm, Valid_NoErrorsAndTheOrganisationAsEntered) {
  auto f = org();
  EXPECT_TRUE(check(f).empty());
  auto o = f.organisation();
  EXPECT_EQ(o.id, 0);
  EXPECT_EQ(o.name, "Comune di Bologna");
  EXPECT_EQ(o.slug, "bologna");
  EXPECT_EQ(o.website, "https://www.comune.bologna.it");
  f.website.clear();
  EXPECT_TRUE(check(f).empty()) << "the website is optional";
}

TEST(OrgForm, BadSlugsKindsCountriesAndLinks_AreRefused) {
  for (const char* slug : {"b", "-bologna", "bologna-", "bo logna", "bolögna"}) {
    auto f = org();
    f.slug = slug;
    EXPECT_EQ(check(f).key("slug"), "orgs.validation.slug") << slug;
  }
  auto f = org();
  f.name.clear();
  f.kind = "empire";
  f.country = "US";
  f.website = "https://user@example.org";
  auto errors = check(f);
  EXPECT_TRUE(errors.has("name"));
  EXPECT_EQ(errors.key("kind"), "validation.choice.invalid");
  EXPECT_EQ(errors.key("country"), "validation.choice.invalid");
  EXPECT_EQ(errors.key("website"), "validation.url.invalid");
}

TEST(MemberForm, AKnownRoleForAnExistingAccount) {
  MemberForm f{"anna@example.se", "author"};
  EXPECT_TRUE(check(f, true).empty());
  EXPECT_EQ(check(f, false).key("member_email"), "orgs.validation.no_such_user");
  f.role = "platform_admin";  // not a role within an organisation
  EXPECT_EQ(check(f, true).key("role"), "validation.choice.invalid");
}

}  // namespace
}  // namespace cityskills::orgs
