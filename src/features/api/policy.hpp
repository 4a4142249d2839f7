#pragma once
// Who may do what with API tokens, and the object rules the API adds to those of the pages
// (which it calls: catalog::policy, orgs::policy). Pure functions, unit-tested in
// tests/unit/policy_test.cpp.
#include <cstdint>
#include <optional>
#include <vector>

#include "web/roles.hpp"

namespace cityskills::api::policy {

// A personal token is managed (listed, revoked) by its owner only; an organisation's service
// token by that organisation's admins and platform admins.
bool may_manage_token(const web::Actor& a, std::int64_t owner_id, std::optional<std::int64_t> org_id);
// Making an organisation's service token: its admins and platform admins.
bool may_make_service_token(const web::Actor& a, std::int64_t org_id);
// A service token keeps working only while its maker may still make it (an admin who loses
// the role takes the organisation's tokens they made with them).
bool service_token_valid(bool maker_platform_admin, const std::vector<web::Membership>& maker_roles,
                         std::int64_t org_id);
// Acting on another person's enrolment or registration through the API: an administrator of
// an organisation the person belongs to (`person_orgs`), or a platform admin. Oneself: always.
bool may_act_for(const web::Actor& a, std::int64_t person_id, const std::vector<std::int64_t>& person_orgs);

// Deactivating (blocking) an account through the API: platform admins, anyone but themselves;
// an organisation admin, a person who is no platform admin, whose home organisation the admin
// administers, and who belongs only to organisations (home organisation and roles:
// `person_orgs`) that the admin administers. A role alone never makes a person someone's to
// block: an organisation can give a role to an outsider.
bool may_deactivate(const web::Actor& a, std::int64_t person_id, bool person_platform_admin,
                    std::optional<std::int64_t> home_org, const std::vector<std::int64_t>& person_orgs);

// Giving or taking a role in organisation `org` through the API (the caller administers it):
// platform admins for anyone; an organisation admin only for a person who already belongs to
// that organisation (home organisation or a role there), so an account id cannot be pulled in.
bool may_change_role(const web::Actor& a, std::int64_t org, std::optional<std::int64_t> home_org,
                     const std::vector<std::int64_t>& person_orgs);

}  // namespace cityskills::api::policy
