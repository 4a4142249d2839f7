#include "features/ideas/policy.hpp"

namespace cityskills::ideas::policy {

bool may_moderate(const web::Actor& a, std::int64_t org_id) { return a.can(web::Can::kModerate, org_id); }

}  // namespace cityskills::ideas::policy
