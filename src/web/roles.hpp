#pragma once
// The roles a person holds in an organisation and what each allows: the one place that says
// which roles publish, moderate and administer. Admission, the organisations feature and every
// feature's policy file use it, so a role means the same everywhere.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cityskills::web {

// What a role in an organisation allows there.
enum class Can : std::uint8_t {
  kPublish,     // write courses, events, news, paths, resources; issue certificates
  kModerate,    // forum reports, practices and ideas awaiting review
  kAdminister,  // members and roles, the organisation's reports
};

inline constexpr std::string_view kRoles[] = {"author", "moderator", "org_admin"};

bool role_allows(std::string_view role, Can what);
// The roles that allow `what`, as an SQL list literal ("('author', 'org_admin')"). The text
// is a constant of this file, never user data.
std::string_view roles_sql(Can what);

struct Membership {
  std::int64_t org_id = 0;
  std::string role;
};

// Who is asking: signed in or not, the platform flag and every role the person holds. A
// request loads it once (Ctx::actor); policies are pure functions of it.
struct Actor {
  std::int64_t user_id = 0;  // 0: a visitor
  bool platform_admin = false;
  std::vector<Membership> roles;

  bool signed_in() const { return user_id != 0; }
  // Platform admins can everything everywhere.
  bool can(Can what, std::int64_t org_id) const;
  bool can_somewhere(Can what) const;
  // The organisations where the person can `what` (platform admins: only those they hold a
  // role in; callers that list every organisation check platform_admin themselves).
  std::vector<std::int64_t> orgs_where(Can what) const;
};

}  // namespace cityskills::web
