#include "features/news/policy.hpp"

namespace cityskills::news::policy {

bool may_write(const web::Actor& a, std::int64_t org_id) { return a.can(web::Can::kPublish, org_id); }

bool may_view(const web::Actor& a, std::int64_t org_id, std::string_view status, std::int64_t publish_at,
              std::int64_t now) {
  return (status == "published" && publish_at <= now) || may_write(a, org_id);
}

}  // namespace cityskills::news::policy
