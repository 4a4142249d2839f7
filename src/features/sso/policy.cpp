#include "features/sso/policy.hpp"

#include <algorithm>

#include "web/app.hpp"

namespace cityskills::sso::policy {

store::Identity find_own_identity(db::Connection& c, std::int64_t user_id, std::int64_t identity_id) {
  auto i = store::identity(c, identity_id);
  if (!i || i->user_id != user_id) throw web::Reject{404, "errors.not_found"};
  return *i;
}

bool may_remove(bool has_password, std::size_t identities) { return has_password || identities > 1; }

bool may_auto_link(bool platform_admin, std::optional<std::int64_t> home_org,
                   const std::vector<std::pair<std::int64_t, std::string>>& memberships,
                   std::optional<std::int64_t> provider_org) {
  if (platform_admin) return false;
  bool member = provider_org && home_org == provider_org;
  for (const auto& [org, role] : memberships) {
    if (role != "learner" && org != provider_org) return false;
    member = member || (provider_org && org == *provider_org);
  }
  return !provider_org || member;
}

bool may_link_from_profile(bool platform_admin, std::optional<std::int64_t> home_org,
                           const std::vector<std::pair<std::int64_t, std::string>>& memberships,
                           std::optional<std::int64_t> provider_org) {
  if (!provider_org) return true;
  if (platform_admin) return false;
  if (home_org == provider_org) return true;
  return std::any_of(memberships.begin(), memberships.end(), [&](const auto& m) { return m.first == *provider_org; });
}

}  // namespace cityskills::sso::policy
