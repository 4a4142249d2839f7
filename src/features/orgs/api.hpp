#pragma once
// What other features may use of organisations.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "web/app.hpp"
#include "web/list_params.hpp"

namespace cityskills::orgs {

void register_routes(web::App& app);

struct OrgRef {
  std::int64_t id = 0;
  std::string name, slug;
};

std::vector<OrgRef> all(db::Connection& c);
std::optional<OrgRef> by_slug(db::Connection& c, std::string_view slug);
// Organisations in which a person may publish content (events, news): where they are
// author or organisation admin; platform admins may publish everywhere.
std::vector<OrgRef> publishable(db::Connection& c, const web::User& user);
bool can_publish(db::Connection& c, const web::User& user, std::int64_t org_id);
// Moderators and organisation admins of the organisation, and platform admins.
bool can_moderate(db::Connection& c, const web::User& user, std::int64_t org_id);
// Organisation admins of the organisation, and platform admins.
bool can_admin(db::Connection& c, const web::User& user, std::int64_t org_id);
// Organisations the person administers (all of them for platform admins).
std::vector<OrgRef> administered(db::Connection& c, const web::User& user);
// A list page's organisation filter (?org=SLUG): the organisation's id, nullopt when none was
// chosen, the list's 400 for an unknown slug; and the filter's menu of every organisation.
std::optional<std::int64_t> org_filter(db::Connection& c, web::ListParams& p, std::string& slug);
view::List org_menu(db::Connection& c, const web::Ctx& ctx, const std::string& selected);
// People who belong to the organisation: by their profile or by a role in it.
std::vector<std::int64_t> member_ids(db::Connection& c, std::int64_t org_id);

}  // namespace cityskills::orgs
