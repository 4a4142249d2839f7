#include "features/paths/policy.hpp"

namespace cityskills::paths::policy {

bool may_manage(const web::Actor& a, std::int64_t org_id) { return a.can(web::Can::kPublish, org_id); }

bool may_view(const web::Actor& a, std::int64_t org_id, bool published) { return published || may_manage(a, org_id); }

}  // namespace cityskills::paths::policy
