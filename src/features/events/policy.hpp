#pragma once
// Who may do what with events: pure functions of the person asking and the event's facts,
// tested without a server (tests/unit/policy_test.cpp).
#include <cstdint>
#include <string_view>

#include "web/roles.hpp"

namespace cityskills::events::policy {

// Organisers: authors and organisation admins of the event's organisation, and platform
// admins. They edit, cancel, duplicate, export registrants, mark attendance, show check-in codes.
bool may_manage(const web::Actor& a, std::int64_t org_id);
// A draft is its organisers' only (not listed, not open for registration); every other event,
// cancelled ones included, is everyone's.
bool may_view(const web::Actor& a, std::int64_t org_id, std::string_view status);

}  // namespace cityskills::events::policy
