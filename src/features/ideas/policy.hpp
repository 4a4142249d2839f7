#pragma once
// Who may do what with idea proposals: pure functions, tested without a server
// (tests/unit/policy_test.cpp).
#include <cstdint>

#include "web/roles.hpp"

namespace cityskills::ideas::policy {

// Moderators and organisation admins of the organisation the idea is addressed to, and
// platform admins: change its status with a note.
bool may_moderate(const web::Actor& a, std::int64_t org_id);

}  // namespace cityskills::ideas::policy
