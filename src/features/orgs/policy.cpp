#include "features/orgs/policy.hpp"

namespace cityskills::orgs::policy {

bool may_administer(const web::Actor& a, std::int64_t org_id) { return a.can(web::Can::kAdminister, org_id); }

bool may_read_reports(const web::Actor& a, std::int64_t org_id) { return a.can(web::Can::kPublish, org_id); }

bool may_edit_certificates(const web::Actor& a, std::int64_t org_id) { return a.can(web::Can::kAdminister, org_id); }

bool may_manage_platform(const web::Actor& a) { return a.platform_admin; }

}  // namespace cityskills::orgs::policy
