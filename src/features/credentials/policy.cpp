#include "features/credentials/policy.hpp"

namespace cityskills::credentials::policy {

bool may_revoke(const web::Actor& a, const std::vector<std::int64_t>& issuer_org_ids) {
  for (auto id : issuer_org_ids)
    if (a.can(web::Can::kPublish, id)) return true;
  return false;
}

bool is_holder(const web::Actor& a, std::int64_t holder_id) { return a.signed_in() && a.user_id == holder_id; }

bool may_view(const web::Actor& a, std::int64_t holder_id, bool is_private) { return !is_private || is_holder(a, holder_id); }

}  // namespace cityskills::credentials::policy
