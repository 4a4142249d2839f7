#pragma once
// Who may do what with shared resources: pure functions, tested without a server
// (tests/unit/policy_test.cpp).
#include <cstdint>

#include "web/roles.hpp"

namespace cityskills::resources::policy {

// Authors and organisation admins of the resource's organisation, and platform admins.
bool may_manage(const web::Actor& a, std::int64_t org_id);

}  // namespace cityskills::resources::policy
