// Each feature's policy file, as pure functions of the person asking (web::Actor) and the
// object's facts: the rules the HTTP access matrix exercises through the server, here one by one.
#include <gtest/gtest.h>

#include "features/assessment/policy.hpp"
#include "features/catalog/policy.hpp"
#include "features/credentials/policy.hpp"
#include "features/events/policy.hpp"
#include "features/forum/policy.hpp"
#include "features/ideas/policy.hpp"
#include "features/news/policy.hpp"
#include "features/orgs/policy.hpp"
#include "features/paths/policy.hpp"
#include "features/practices/policy.hpp"
#include "features/resources/policy.hpp"
#include "web/roles.hpp"

namespace cs = cityskills;
using cs::web::Actor;
using cs::web::Can;

namespace {

constexpr std::int64_t kA = 1, kB = 2;  // two organisations

Actor visitor() { return Actor{}; }
Actor citizen() { return Actor{10, false, {}}; }
Actor with(std::int64_t id, std::string role, std::int64_t org = kA) { return Actor{id, false, {{org, std::move(role)}}}; }
Actor author() { return with(11, "author"); }
Actor moderator() { return with(12, "moderator"); }
Actor org_admin() { return with(13, "org_admin"); }
Actor platform_admin() { return Actor{14, true, {}}; }

}  // namespace

TEST(Roles, EachRoleAllowsWhatItSays) {
  EXPECT_TRUE(cs::web::role_allows("author", Can::kPublish));
  EXPECT_FALSE(cs::web::role_allows("author", Can::kModerate));
  EXPECT_FALSE(cs::web::role_allows("author", Can::kAdminister));
  EXPECT_TRUE(cs::web::role_allows("moderator", Can::kModerate));
  EXPECT_FALSE(cs::web::role_allows("moderator", Can::kPublish));
  for (auto what : {Can::kPublish, Can::kModerate, Can::kAdminister}) {
    EXPECT_TRUE(cs::web::role_allows("org_admin", what));
    EXPECT_FALSE(cs::web::role_allows("", what));
    EXPECT_FALSE(cs::web::role_allows("Author", what));  // exact names only
  }
  EXPECT_EQ(cs::web::roles_sql(Can::kPublish), "('author', 'org_admin')");
  EXPECT_EQ(cs::web::roles_sql(Can::kModerate), "('moderator', 'org_admin')");
  EXPECT_EQ(cs::web::roles_sql(Can::kAdminister), "('org_admin')");
}

TEST(Roles, ActorHoldsRolesPerOrganisation) {
  Actor a{20, false, {{kA, "moderator"}, {kB, "author"}, {kB, "org_admin"}}};
  EXPECT_TRUE(a.can(Can::kModerate, kA));
  EXPECT_FALSE(a.can(Can::kPublish, kA));
  EXPECT_TRUE(a.can(Can::kPublish, kB));
  EXPECT_TRUE(a.can(Can::kAdminister, kB));
  EXPECT_FALSE(a.can(Can::kAdminister, kA));
  EXPECT_FALSE(a.can(Can::kPublish, 99));
  EXPECT_EQ(a.orgs_where(Can::kPublish), (std::vector<std::int64_t>{kB}));
  EXPECT_EQ(a.orgs_where(Can::kModerate), (std::vector<std::int64_t>{kA, kB}));
  EXPECT_TRUE(a.can_somewhere(Can::kAdminister));
  EXPECT_FALSE(citizen().can_somewhere(Can::kPublish));
  EXPECT_FALSE(visitor().signed_in());
  EXPECT_TRUE(platform_admin().can(Can::kAdminister, 99));
  EXPECT_TRUE(platform_admin().can_somewhere(Can::kModerate));
}

TEST(Policy, CoursesAreWrittenInTheirOrganisationOnly) {
  namespace p = cs::catalog::policy;
  EXPECT_TRUE(p::may_author(author(), kA));
  EXPECT_TRUE(p::may_author(org_admin(), kA));
  EXPECT_TRUE(p::may_author(platform_admin(), kB));
  EXPECT_FALSE(p::may_author(author(), kB));
  EXPECT_FALSE(p::may_author(moderator(), kA));
  EXPECT_FALSE(p::may_author(citizen(), kA));
  EXPECT_FALSE(p::may_author(visitor(), kA));
  EXPECT_TRUE(p::may_view(visitor(), kA, true));
  EXPECT_FALSE(p::may_view(visitor(), kA, false));
  EXPECT_FALSE(p::may_view(author(), kB, false));
  EXPECT_TRUE(p::may_view(author(), kA, false));
}

TEST(Policy, EventsPathsAndResourcesAreManagedByTheirPublishers) {
  for (auto f : {&cs::events::policy::may_manage, &cs::resources::policy::may_manage, &cs::paths::policy::may_manage}) {
    EXPECT_TRUE(f(author(), kA));
    EXPECT_TRUE(f(org_admin(), kA));
    EXPECT_TRUE(f(platform_admin(), kB));
    EXPECT_FALSE(f(author(), kB));
    EXPECT_FALSE(f(moderator(), kA));
    EXPECT_FALSE(f(citizen(), kA));
    EXPECT_FALSE(f(visitor(), kA));
  }
  EXPECT_TRUE(cs::events::policy::may_view(visitor(), kA, "published"));
  EXPECT_TRUE(cs::events::policy::may_view(visitor(), kA, "cancelled"));
  EXPECT_FALSE(cs::events::policy::may_view(citizen(), kA, "draft"));
  EXPECT_FALSE(cs::events::policy::may_view(author(), kB, "draft"));
  EXPECT_TRUE(cs::events::policy::may_view(author(), kA, "draft"));
  EXPECT_TRUE(cs::events::policy::may_view(platform_admin(), kB, "draft"));
  EXPECT_TRUE(cs::paths::policy::may_view(citizen(), kB, true));
  EXPECT_FALSE(cs::paths::policy::may_view(citizen(), kA, false));
  EXPECT_FALSE(cs::paths::policy::may_view(author(), kB, false));
  EXPECT_TRUE(cs::paths::policy::may_view(author(), kA, false));
}

TEST(Policy, NewsIsSeenWhenPublishedAndDue) {
  namespace p = cs::news::policy;
  const std::int64_t now = 1'000'000;
  EXPECT_TRUE(p::may_view(visitor(), kA, "published", now, now));
  EXPECT_FALSE(p::may_view(visitor(), kA, "published", now + 1, now));  // scheduled
  EXPECT_FALSE(p::may_view(citizen(), kA, "draft", 0, now));
  EXPECT_TRUE(p::may_view(author(), kA, "draft", 0, now));
  EXPECT_TRUE(p::may_view(author(), kA, "published", now + 3600, now));
  EXPECT_FALSE(p::may_view(author(), kB, "draft", 0, now));
  EXPECT_FALSE(p::may_write(moderator(), kA));
  EXPECT_TRUE(p::may_write(platform_admin(), kB));
}

TEST(Policy, PracticesAreSeenByTheirAuthorAndModeratorsUntilPublished) {
  namespace p = cs::practices::policy;
  const std::optional<std::int64_t> by_citizen = 10, by_other = 99, nobody;
  EXPECT_TRUE(p::may_view(visitor(), kA, "published", by_other));
  EXPECT_FALSE(p::may_view(visitor(), kA, "pending", by_citizen));
  EXPECT_TRUE(p::may_view(citizen(), kA, "pending", by_citizen));
  EXPECT_TRUE(p::may_view(citizen(), kA, "rejected", by_citizen));
  EXPECT_FALSE(p::may_view(citizen(), kA, "pending", by_other));
  EXPECT_TRUE(p::may_view(moderator(), kA, "pending", by_other));
  EXPECT_FALSE(p::may_view(with(12, "moderator", kB), kA, "pending", by_other));
  EXPECT_FALSE(p::may_view(author(), kA, "pending", by_other));  // authoring is not moderating
  EXPECT_FALSE(p::is_author(visitor(), nobody));
  EXPECT_FALSE(p::is_author(Actor{0, false, {}}, std::optional<std::int64_t>{0}));
  EXPECT_TRUE(p::may_attach(citizen(), kA, by_citizen));
  EXPECT_TRUE(p::may_attach(org_admin(), kA, by_other));
  EXPECT_FALSE(p::may_attach(citizen(), kA, by_other));
}

TEST(Policy, IdeasAreModeratedByTheirOrganisation) {
  namespace p = cs::ideas::policy;
  EXPECT_TRUE(p::may_moderate(moderator(), kA));
  EXPECT_TRUE(p::may_moderate(org_admin(), kA));
  EXPECT_FALSE(p::may_moderate(moderator(), kB));
  EXPECT_FALSE(p::may_moderate(author(), kA));
  EXPECT_FALSE(p::may_moderate(citizen(), kA));
}

TEST(Policy, ForumCategoriesWithoutOrganisationArePlatformAdminsOnly) {
  namespace p = cs::forum::policy;
  EXPECT_TRUE(p::may_moderate(moderator(), kA));
  EXPECT_FALSE(p::may_moderate(moderator(), kB));
  EXPECT_FALSE(p::may_moderate(moderator(), std::nullopt));
  EXPECT_FALSE(p::may_moderate(org_admin(), std::nullopt));
  EXPECT_TRUE(p::may_moderate(platform_admin(), std::nullopt));
  EXPECT_FALSE(p::may_moderate(visitor(), kA));
  EXPECT_TRUE(p::may_manage_categories(platform_admin()));
  EXPECT_FALSE(p::may_manage_categories(org_admin()));
  EXPECT_TRUE(p::may_edit_post(citizen(), 10));
  EXPECT_FALSE(p::may_edit_post(citizen(), 11));
  EXPECT_FALSE(p::may_edit_post(moderator(), 10));  // moderators hide, they do not rewrite
  EXPECT_FALSE(p::may_edit_post(visitor(), 0));     // a deleted author's post is nobody's
}

TEST(Policy, AwardsAreRevokedByAnyIssuerAndPrivateOnesSeenByTheirHolder) {
  namespace p = cs::credentials::policy;
  EXPECT_TRUE(p::may_revoke(author(), {kB, kA}));
  EXPECT_FALSE(p::may_revoke(author(), {kB}));
  EXPECT_FALSE(p::may_revoke(moderator(), {kA}));
  EXPECT_FALSE(p::may_revoke(citizen(), {}));
  EXPECT_TRUE(p::may_revoke(platform_admin(), {kB}));
  EXPECT_TRUE(p::may_view(visitor(), 10, false));
  EXPECT_FALSE(p::may_view(visitor(), 10, true));
  EXPECT_TRUE(p::may_view(citizen(), 10, true));
  EXPECT_FALSE(p::may_view(platform_admin(), 10, true));  // private means private
  EXPECT_FALSE(p::is_holder(visitor(), 0));
}

TEST(Policy, FrameworksAndOrganisationResults) {
  namespace p = cs::assessment::policy;
  EXPECT_TRUE(p::may_edit_framework(author(), kA));
  EXPECT_FALSE(p::may_edit_framework(author(), kB));
  EXPECT_FALSE(p::may_edit_framework(org_admin(), std::nullopt));
  EXPECT_TRUE(p::may_edit_framework(platform_admin(), std::nullopt));
  EXPECT_TRUE(p::may_see_org_results(org_admin(), kA));
  EXPECT_FALSE(p::may_see_org_results(author(), kA));
  EXPECT_FALSE(p::may_see_org_results(with(13, "org_admin", kB), kA));
  EXPECT_TRUE(cs::orgs::policy::may_administer(org_admin(), kA));
  EXPECT_FALSE(cs::orgs::policy::may_administer(moderator(), kA));
  EXPECT_TRUE(cs::orgs::policy::may_read_reports(author(), kA));
  EXPECT_FALSE(cs::orgs::policy::may_read_reports(author(), kB));
  EXPECT_FALSE(cs::orgs::policy::may_read_reports(moderator(), kA));
  EXPECT_TRUE(cs::orgs::policy::may_edit_certificates(org_admin(), kA));
  EXPECT_FALSE(cs::orgs::policy::may_edit_certificates(org_admin(), kB));
  EXPECT_FALSE(cs::orgs::policy::may_edit_certificates(author(), kA));
  EXPECT_FALSE(cs::orgs::policy::may_edit_certificates(moderator(), kA));
  EXPECT_FALSE(cs::orgs::policy::may_edit_certificates(citizen(), kA));
  EXPECT_TRUE(cs::orgs::policy::may_edit_certificates(platform_admin(), kB));
  EXPECT_TRUE(cs::orgs::policy::may_manage_platform(platform_admin()));
  EXPECT_FALSE(cs::orgs::policy::may_manage_platform(org_admin()));
}
