#pragma once
// Who may do what with courses (decision note 0011): pure functions of the person asking and
// the course's facts, tested without a server (tests/unit/policy_test.cpp).
#include <cstdint>

#include "web/roles.hpp"

namespace cityskills::catalog::policy {

// Authors and organisation admins of the course's organisation, and platform admins: write,
// publish, upload, see reports.
bool may_author(const web::Actor& a, std::int64_t org_id);
// A published course is everyone's; a draft is seen only by those who may author it.
bool may_view(const web::Actor& a, std::int64_t org_id, bool published);

}  // namespace cityskills::catalog::policy
