#include "features/assessment/policy.hpp"

namespace cityskills::assessment::policy {

bool may_edit_framework(const web::Actor& a, const std::optional<std::int64_t>& framework_org_id) {
  if (a.platform_admin) return true;
  return framework_org_id && a.can(web::Can::kPublish, *framework_org_id);
}

bool may_see_org_results(const web::Actor& a, std::int64_t org_id) { return a.can(web::Can::kAdminister, org_id); }

}  // namespace cityskills::assessment::policy
