#include "features/events/policy.hpp"

namespace cityskills::events::policy {

bool may_manage(const web::Actor& a, std::int64_t org_id) { return a.can(web::Can::kPublish, org_id); }

bool may_view(const web::Actor& a, std::int64_t org_id, std::string_view status) {
  return status != "draft" || may_manage(a, org_id);
}

}  // namespace cityskills::events::policy
