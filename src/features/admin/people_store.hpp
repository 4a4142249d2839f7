#pragma once
// The SQL of the people pages (/admin/users/{id}): one person as an administrator sees them, and
// unblocking; blocking is `block_person` (api.hpp), which the API shares.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::admin::people {

struct Person {
  std::int64_t id = 0;
  std::string email, display_name, lang, country, audience;
  bool platform_admin = false;
  std::optional<std::int64_t> verified_at, disabled_at;
  std::int64_t created_at = 0;
};
std::optional<Person> find(db::Connection& c, std::int64_t id);

struct Role {
  std::int64_t org_id = 0;
  std::string org_name, role;
};
// The person's roles, by organisation name and role.
std::vector<Role> roles(db::Connection& c, std::int64_t id);

struct ProfileOrg {
  std::int64_t id = 0;
  std::string name;
};
// The organisation the person chose in their profile, if any.
std::optional<ProfileOrg> profile_org(db::Connection& c, std::int64_t id);

struct Sessions {
  std::int64_t open = 0;                // not expired at `now`
  std::optional<std::int64_t> last_seen;  // the latest use of any of them
};
Sessions sessions(db::Connection& c, std::int64_t id, std::int64_t now);

struct LogEntry {
  std::int64_t created_at = 0;
  std::string action, reason, actor_name;
};
// The last ten administrative actions about the person, the latest first.
std::vector<LogEntry> recent_actions(db::Connection& c, std::int64_t id);

// Lifts a block, audited with `reason`; false, with nothing written, when the person was not
// blocked.
bool unblock(db::Connection& c, std::int64_t actor_id, std::int64_t id, const std::string& reason);

}  // namespace cityskills::admin::people
