#pragma once
// Who may do what with awards: pure functions, tested without a server
// (tests/unit/policy_test.cpp).
#include <cstdint>
#include <vector>

#include "web/roles.hpp"

namespace cityskills::credentials::policy {

// Issuers: authors and organisation admins of any organisation that issued the award, and
// platform admins; they revoke (and see the issued list).
bool may_revoke(const web::Actor& a, const std::vector<std::int64_t>& issuer_org_ids);
// A public award's verification page is everyone's; a private one only its holder's.
bool may_view(const web::Actor& a, std::int64_t holder_id, bool is_private);
// Downloading, sharing and making private: the holder only.
bool is_holder(const web::Actor& a, std::int64_t holder_id);

}  // namespace cityskills::credentials::policy
