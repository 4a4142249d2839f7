#pragma once
// Who may do what with news: pure functions of the person asking and the article's facts,
// tested without a server (tests/unit/policy_test.cpp).
#include <cstdint>
#include <string_view>

#include "web/roles.hpp"

namespace cityskills::news::policy {

// Authors and organisation admins of the article's organisation, and platform admins.
bool may_write(const web::Actor& a, std::int64_t org_id);
// Published articles are everyone's once their time has come; drafts and scheduled articles
// only their writers'.
bool may_view(const web::Actor& a, std::int64_t org_id, std::string_view status, std::int64_t publish_at,
              std::int64_t now);

}  // namespace cityskills::news::policy
