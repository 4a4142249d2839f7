#pragma once
// Who may do what with self-test frameworks and results: pure functions, tested without a
// server (tests/unit/policy_test.cpp).
#include <cstdint>
#include <optional>

#include "web/roles.hpp"

namespace cityskills::assessment::policy {

// A framework of an organisation is edited by its authors and organisation admins; the
// platform's own (no organisation) by platform admins, who edit every framework.
bool may_edit_framework(const web::Actor& a, const std::optional<std::int64_t>& framework_org_id);
// An organisation's aggregated skills map: its organisation admins and platform admins.
bool may_see_org_results(const web::Actor& a, std::int64_t org_id);

}  // namespace cityskills::assessment::policy
