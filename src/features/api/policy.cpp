#include "features/api/policy.hpp"

#include <algorithm>

namespace cityskills::api::policy {

bool may_manage_token(const web::Actor& a, std::int64_t owner_id, std::optional<std::int64_t> org_id) {
  if (!a.signed_in()) return false;
  if (!org_id) return a.user_id == owner_id;
  return a.can(web::Can::kAdminister, *org_id);
}

bool may_make_service_token(const web::Actor& a, std::int64_t org_id) {
  return a.signed_in() && a.can(web::Can::kAdminister, org_id);
}

bool service_token_valid(bool maker_platform_admin, const std::vector<web::Membership>& maker_roles,
                         std::int64_t org_id) {
  web::Actor maker{1, maker_platform_admin, maker_roles};
  return maker.can(web::Can::kAdminister, org_id);
}

bool may_act_for(const web::Actor& a, std::int64_t person_id, const std::vector<std::int64_t>& person_orgs) {
  if (!a.signed_in()) return false;
  if (a.user_id == person_id || a.platform_admin) return true;
  return std::any_of(person_orgs.begin(), person_orgs.end(),
                     [&](std::int64_t org) { return a.can(web::Can::kAdminister, org); });
}

bool may_deactivate(const web::Actor& a, std::int64_t person_id, bool person_platform_admin,
                    std::optional<std::int64_t> home_org, const std::vector<std::int64_t>& person_orgs) {
  if (!a.signed_in() || a.user_id == person_id) return false;
  if (a.platform_admin) return true;
  if (person_platform_admin || !home_org || !a.can(web::Can::kAdminister, *home_org)) return false;
  return std::all_of(person_orgs.begin(), person_orgs.end(),
                     [&](std::int64_t org) { return a.can(web::Can::kAdminister, org); });
}

bool may_change_role(const web::Actor& a, std::int64_t org, std::optional<std::int64_t> home_org,
                     const std::vector<std::int64_t>& person_orgs) {
  if (!a.signed_in()) return false;
  if (a.platform_admin) return true;
  if (!a.can(web::Can::kAdminister, org)) return false;
  return home_org == org || std::find(person_orgs.begin(), person_orgs.end(), org) != person_orgs.end();
}

}  // namespace cityskills::api::policy
