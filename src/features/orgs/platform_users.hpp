#pragma once
// The platform administrators' list of accounts (/admin/users) and its platform-admin switch
// (store.cpp runs the SQL).
#include <cstdint>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::orgs::store {

struct Account {
  std::int64_t id = 0;
  std::string email, display_name;
  bool platform_admin = false, verified = false;
};
// The accounts whose e-mail or name contains `q` in any case, by id: `limit` from `offset`.
std::vector<Account> accounts_matching(db::Connection& c, const std::string& q, std::int64_t limit, std::int64_t offset);
void set_platform_admin(db::Connection& c, std::int64_t user_id, bool on);

}  // namespace cityskills::orgs::store
