#pragma once
// Who may do what in the forum: pure functions, tested without a server
// (tests/unit/policy_test.cpp).
#include <cstdint>
#include <optional>

#include "web/roles.hpp"

namespace cityskills::forum::policy {

// A category of an organisation is moderated by its moderators and organisation admins; a
// platform-wide category (no organisation) by platform admins only, who moderate everywhere.
bool may_moderate(const web::Actor& a, const std::optional<std::int64_t>& category_org_id);
// Categories themselves are the platform admins'.
bool may_manage_categories(const web::Actor& a);
// A post is edited by its author only (moderators hide it with a reason instead).
bool may_edit_post(const web::Actor& a, std::int64_t author_id);

}  // namespace cityskills::forum::policy
