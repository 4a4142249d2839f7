#include "features/resources/policy.hpp"

namespace cityskills::resources::policy {

bool may_manage(const web::Actor& a, std::int64_t org_id) { return a.can(web::Can::kPublish, org_id); }

}  // namespace cityskills::resources::policy
