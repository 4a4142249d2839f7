#include "web/roles.hpp"

namespace cityskills::web {

bool role_allows(std::string_view role, Can what) {
  switch (what) {
    case Can::kPublish: return role == "author" || role == "org_admin";
    case Can::kModerate: return role == "moderator" || role == "org_admin";
    case Can::kAdminister: return role == "org_admin";
  }
  return false;
}

std::string_view roles_sql(Can what) {
  switch (what) {
    case Can::kPublish: return "('author', 'org_admin')";
    case Can::kModerate: return "('moderator', 'org_admin')";
    case Can::kAdminister: return "('org_admin')";
  }
  return "('')";
}

bool Actor::can(Can what, std::int64_t org_id) const {
  if (platform_admin) return true;
  for (const auto& m : roles)
    if (m.org_id == org_id && role_allows(m.role, what)) return true;
  return false;
}

bool Actor::can_somewhere(Can what) const {
  if (platform_admin) return true;
  for (const auto& m : roles)
    if (role_allows(m.role, what)) return true;
  return false;
}

std::vector<std::int64_t> Actor::orgs_where(Can what) const {
  std::vector<std::int64_t> out;
  for (const auto& m : roles) {
    if (!role_allows(m.role, what)) continue;
    bool seen = false;
    for (auto id : out) seen = seen || id == m.org_id;
    if (!seen) out.push_back(m.org_id);
  }
  return out;
}

}  // namespace cityskills::web
