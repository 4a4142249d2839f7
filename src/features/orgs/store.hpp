#pragma once
#include <map>
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

// What the organisation puts on the certificates it issues (migration 0120).
struct Certificates {
  std::optional<std::int64_t> logo_id;          // a media row: PNG or JPEG
  std::string signatory_name;                   // "" when no signatory is named
  std::map<std::string, std::string> roles;     // the signatory's role by language
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
Certificates certificates(db::Connection& c, std::int64_t org_id);
// Makes `media_id` the logo (remembered among the organisation's logos), or none.
void set_logo(db::Connection& c, std::int64_t org_id, std::optional<std::int64_t> media_id);
// Replaces the signatory: the name and the roles given (empty roles are dropped).
void set_signatory(db::Tx& c, std::int64_t org_id, const std::string& name,
                   const std::map<std::string, std::string>& roles);
// Whether `media_id` is or was one of the organisation's logos.
bool had_logo(db::Connection& c, std::int64_t org_id, std::int64_t media_id);
}  // namespace store

}  // namespace cityskills::orgs
