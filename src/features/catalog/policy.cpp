#include "features/catalog/policy.hpp"

namespace cityskills::catalog::policy {

bool may_author(const web::Actor& a, std::int64_t org_id) { return a.can(web::Can::kPublish, org_id); }

bool may_view(const web::Actor& a, std::int64_t org_id, bool published) { return published || may_author(a, org_id); }

}  // namespace cityskills::catalog::policy
