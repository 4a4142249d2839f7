#include "features/practices/policy.hpp"

namespace cityskills::practices::policy {

bool may_moderate(const web::Actor& a, std::int64_t org_id) { return a.can(web::Can::kModerate, org_id); }

bool is_author(const web::Actor& a, const std::optional<std::int64_t>& author_id) {
  return a.signed_in() && author_id && *author_id == a.user_id;
}

bool may_view(const web::Actor& a, std::int64_t org_id, std::string_view status,
              const std::optional<std::int64_t>& author_id) {
  return status == "published" || is_author(a, author_id) || may_moderate(a, org_id);
}

bool may_attach(const web::Actor& a, std::int64_t org_id, const std::optional<std::int64_t>& author_id) {
  return is_author(a, author_id) || may_moderate(a, org_id);
}

}  // namespace cityskills::practices::policy
