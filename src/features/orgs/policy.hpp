#pragma once
// Who may do what with organisations: pure functions, tested without a server
// (tests/unit/policy_test.cpp).
#include <cstdint>

#include "web/roles.hpp"

namespace cityskills::orgs::policy {

// Organisation admins of the organisation, and platform admins: members, roles, reports.
bool may_administer(const web::Actor& a, std::int64_t org_id);
// The organisation's reports (events, and the index of reports): its publishers (authors and
// organisation admins) and platform admins; members and the skills map need may_administer.
bool may_read_reports(const web::Actor& a, std::int64_t org_id);
// The logo and signatory the organisation's certificates show: its admins and platform admins
// (not its authors, who issue certificates but do not sign for the organisation).
bool may_edit_certificates(const web::Actor& a, std::int64_t org_id);
// Creating, renaming and deleting organisations, and the platform-admin flag.
bool may_manage_platform(const web::Actor& a);

}  // namespace cityskills::orgs::policy
