#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace cityskills::orgs {

inline const std::vector<std::string> kKinds = {"city", "partner", "business", "school", "association"};

struct Organisation {
  std::int64_t id = 0;
  std::string name, slug, kind, country, website;
};

struct Member {
  std::int64_t user_id = 0;
  std::string email, display_name, role;
};

namespace store {
std::vector<Organisation> list(db::Connection& c);
std::optional<Organisation> find(db::Connection& c, std::int64_t id);
std::optional<Organisation> find_by_slug(db::Connection& c, std::string_view slug);
// nullopt when the slug is taken.
std::optional<std::int64_t> create(db::Connection& c, const Organisation& o);
bool update(db::Connection& c, const Organisation& o);  // false when the slug is taken
std::vector<Member> members(db::Connection& c, std::int64_t org_id);
bool has_role(db::Connection& c, std::int64_t user_id, std::int64_t org_id, std::string_view role);
// Organisations the user administers (role org_admin).
std::vector<std::int64_t> administered(db::Connection& c, std::int64_t user_id);
void grant(db::Connection& c, std::int64_t user_id, std::int64_t org_id, std::string_view role);
void revoke(db::Connection& c, std::int64_t user_id, std::int64_t org_id, std::string_view role);
}  // namespace store

}  // namespace cityskills::orgs
