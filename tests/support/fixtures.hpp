#pragma once
// Test data shared by the HTTP tests: organisations and people with a role in them.
#include <cstdint>
#include <string>

#include "features/orgs/store.hpp"
#include "support/harness.hpp"

namespace cityskills::test {

// A new organisation "Org SLUG".
inline std::int64_t make_org(TestServer& s, const std::string& slug) {
  auto c = s.db().acquire();
  return *orgs::store::create(*c, {0, "Org " + slug, slug, "city", "IT", ""});
}

// A signed-in person (a fresh address tagged `role`), with `role` in `org_id` when it is not 0,
// and the display name `name` when one is given.
struct Member {
  Client client;
  std::int64_t id = 0;
};
inline Member make_member(TestServer& s, std::int64_t org_id, const std::string& role, const std::string& name = "") {
  auto email = unique_email(role);
  auto id = s.add_user(email, kPassword);
  {
    auto c = s.db().acquire();
    if (!name.empty()) c->exec("UPDATE users SET display_name = ? WHERE id = ?", {name, id});
    if (org_id) orgs::store::grant(*c, id, org_id, role);
  }
  return {s.signed_in(email, kPassword), id};
}

}  // namespace cityskills::test
