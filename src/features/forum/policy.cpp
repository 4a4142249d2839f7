#include "features/forum/policy.hpp"

namespace cityskills::forum::policy {

bool may_moderate(const web::Actor& a, const std::optional<std::int64_t>& category_org_id) {
  if (a.platform_admin) return true;
  return category_org_id && a.can(web::Can::kModerate, *category_org_id);
}

bool may_manage_categories(const web::Actor& a) { return a.platform_admin; }

bool may_edit_post(const web::Actor& a, std::int64_t author_id) {
  return a.signed_in() && a.user_id == author_id;
}

}  // namespace cityskills::forum::policy
