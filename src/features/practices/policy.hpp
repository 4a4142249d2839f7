#pragma once
// Who may do what with good practices: pure functions, tested without a server
// (tests/unit/policy_test.cpp).
#include <cstdint>
#include <optional>
#include <string_view>

#include "web/roles.hpp"

namespace cityskills::practices::policy {

// Moderators and organisation admins of the practice's organisation, and platform admins:
// approve, reject, hide.
bool may_moderate(const web::Actor& a, std::int64_t org_id);
// The person who submitted it.
bool is_author(const web::Actor& a, const std::optional<std::int64_t>& author_id);
// Published practices are everyone's; the others only their author's and moderators'.
// Anything else is indistinguishable from a practice that does not exist.
bool may_view(const web::Actor& a, std::int64_t org_id, std::string_view status,
              const std::optional<std::int64_t>& author_id);
// Attachments: the author and moderators.
bool may_attach(const web::Actor& a, std::int64_t org_id, const std::optional<std::int64_t>& author_id);

}  // namespace cityskills::practices::policy
