#pragma once
// The organisation's members report: everyone who belongs to it, by a role in it, by having
// chosen it in their profile, or both (store.cpp runs the SQL).
#include <cstdint>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::orgs::store {

struct ReportMember {
  std::int64_t user_id = 0;
  std::string email, display_name;
  std::vector<std::string> roles;  // in the organisation, sorted
  bool in_profile = false;         // chose the organisation in their profile
  std::int64_t joined_at = 0;      // when the account was made
};
// Everyone who belongs to the organisation, by name.
std::vector<ReportMember> report_members(db::Connection& c, std::int64_t org_id);
// The next `limit` of them by account id, after the id `after_id` (0: from the first): read
// from the indexes a page at a time, whatever the organisation's size.
std::vector<ReportMember> members_page(db::Connection& c, std::int64_t org_id, std::int64_t after_id, int limit);

}  // namespace cityskills::orgs::store
