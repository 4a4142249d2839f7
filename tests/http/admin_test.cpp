// Organisations, roles and the access checks between organisations.
#include <gtest/gtest.h>

#include "features/orgs/store.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {
std::int64_t partner(TestServer& s, const std::string& slug) { return test::make_org(s, slug, "", "partner"); }
using test::grant;
}  // namespace

TEST(Admin, LearnersAndAnonymousCannotEnter) {
  TestServer s;
  EXPECT_EQ(s.client().get("/admin").status, 303);
  auto email = test::unique_email("learner");
  s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  EXPECT_EQ(c.get("/admin").status, 403);
  EXPECT_EQ(c.get("/admin/organisations").status, 403);
  EXPECT_EQ(c.get("/admin/users").status, 403);
  c.get("/profile");
  EXPECT_EQ(c.post("/admin/organisations", {{"name", "X"}, {"slug", "x-org"}, {"kind", "city"}, {"country", "IT"}}).status, 403);
}

TEST(Admin, PlatformAdminCreatesOrganisationAndDuplicateSlugIsRefused) {
  TestServer s;
  auto email = test::unique_email("padmin");
  s.add_user(email, test::kPassword, true);
  Client c = s.signed_in(email, test::kPassword);
  c.get("/admin/organisations");
  auto r = c.post("/admin/organisations", {{"name", "Città di Prova"}, {"slug", "prova"}, {"kind", "city"},
                                           {"country", "IT"}, {"website", "https://prova.example.it"}});
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_NE(c.get(r.header("location")).body.find("Città di Prova"), std::string::npos);
  c.get("/admin/organisations");
  auto dup = c.post("/admin/organisations", {{"name", "Other"}, {"slug", "prova"}, {"kind", "city"}, {"country", "IT"}});
  EXPECT_EQ(dup.status, 422);
  EXPECT_NE(dup.body.find("value=\"Other\""), std::string::npos);
  auto bad = c.post("/admin/organisations", {{"name", "Y"}, {"slug", "Bad Slug"}, {"kind", "castle"}, {"country", "ZZ"},
                                             {"website", "javascript:alert(1)"}});
  EXPECT_EQ(bad.status, 422);
  for (auto f : {"#slug", "#kind", "#country", "#website"}) EXPECT_NE(bad.body.find(std::string("href=\"") + f), std::string::npos) << f;
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM organisations")->i64(0), 1);
}

TEST(Admin, OrgAdminManagesOwnOrganisationOnly) {
  TestServer s;
  auto a = partner(s, "org-a"), b = partner(s, "org-b");
  auto admin_email = test::unique_email("orgadmin");
  auto admin = s.add_user(admin_email, test::kPassword);
  grant(s, admin, a, "org_admin");
  auto member_email = test::unique_email("member");
  auto member = s.add_user(member_email, test::kPassword);
  Client c = s.signed_in(admin_email, test::kPassword);

  EXPECT_EQ(c.get("/admin").status, 200);
  ASSERT_EQ(c.get("/admin/organisations/" + std::to_string(a)).status, 200);
  auto g = c.post("/admin/organisations/" + std::to_string(a) + "/members", {{"email", member_email}, {"role", "author"}});
  EXPECT_EQ(g.status, 303);
  {
    auto db = s.db().acquire();
    EXPECT_TRUE(orgs::store::has_role(*db, member, a, "author"));
  }
  // Organisation B: not found, exactly like an organisation that does not exist.
  auto other = c.get("/admin/organisations/" + std::to_string(b));
  auto missing = c.get("/admin/organisations/999999");
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(missing.status, 404);
  auto cross = c.post("/admin/organisations/" + std::to_string(b) + "/members", {{"email", member_email}, {"role", "org_admin"}});
  EXPECT_EQ(cross.status, 404);
  auto revoke = c.post("/admin/organisations/" + std::to_string(b) + "/members/revoke",
                       {{"user_id", std::to_string(member)}, {"role", "author"}});
  EXPECT_EQ(revoke.status, 404);
  {
    auto db = s.db().acquire();
    EXPECT_FALSE(orgs::store::has_role(*db, member, b, "org_admin"));
  }
  // Editing the organisation's details and platform-level pages stay with platform admins.
  EXPECT_EQ(c.post("/admin/organisations/" + std::to_string(a), {{"name", "Hijack"}, {"slug", "org-a"}, {"kind", "city"}, {"country", "IT"}}).status, 403);
  EXPECT_EQ(c.get("/admin/users").status, 403);
  // Bad ids.
  EXPECT_EQ(c.get("/admin/organisations/abc").status, 404);
  EXPECT_EQ(c.get("/admin/organisations/-1").status, 404);
  EXPECT_EQ(c.get("/admin/organisations/99999999999999999999").status, 404);
}

TEST(Admin, GrantingToUnknownPersonOrBadRoleIs422) {
  TestServer s;
  auto a = partner(s, "org-c");
  auto email = test::unique_email("padmin2");
  s.add_user(email, test::kPassword, true);
  Client c = s.signed_in(email, test::kPassword);
  c.get("/admin/organisations/" + std::to_string(a));
  auto r = c.post("/admin/organisations/" + std::to_string(a) + "/members", {{"email", "nobody@example.org"}, {"role", "author"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("href=\"#member_email\""), std::string::npos);
  auto role = c.post("/admin/organisations/" + std::to_string(a) + "/members", {{"email", email}, {"role", "emperor"}});
  EXPECT_EQ(role.status, 422);
}

TEST(Admin, PlatformAdminPromotesUsersButCannotDemoteSelf) {
  TestServer s;
  auto email = test::unique_email("padmin3");
  auto me = s.add_user(email, test::kPassword, true);
  auto other = s.add_user(test::unique_email("promote"), test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  auto list = c.get("/admin/users?q=promote");
  EXPECT_EQ(list.status, 200);
  EXPECT_EQ(c.post("/admin/users/" + std::to_string(other) + "/platform-admin", {{"platform_admin", "1"}}).status, 303);
  EXPECT_EQ(c.post("/admin/users/" + std::to_string(me) + "/platform-admin", {{"platform_admin", "0"}}).status, 409);
  EXPECT_EQ(c.post("/admin/users/" + std::to_string(other) + "/platform-admin", {{"platform_admin", "yes"}}).status, 400);
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT platform_admin FROM users WHERE id = ?", {other})->i64(0), 1);
  EXPECT_EQ(db->one("SELECT platform_admin FROM users WHERE id = ?", {me})->i64(0), 1);
}

}  // namespace cityskills
