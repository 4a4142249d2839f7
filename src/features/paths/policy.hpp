#pragma once
// Who may do what with learning paths: pure functions, tested without a server
// (tests/unit/policy_test.cpp).
#include <cstdint>

#include "web/roles.hpp"

namespace cityskills::paths::policy {

// Authors and organisation admins of the issuing organisation, and platform admins.
bool may_manage(const web::Actor& a, std::int64_t org_id);
// A published path is everyone's; an unpublished one only its managers'.
bool may_view(const web::Actor& a, std::int64_t org_id, bool published);

}  // namespace cityskills::paths::policy
