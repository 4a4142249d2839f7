#pragma once
// Who may do what with linked identities: only their owner sees or removes them, and never the
// last way into an account.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "features/sso/store.hpp"

namespace cityskills::sso::policy {

// The identity when it is the person's own; Reject 404 otherwise (another's is not revealed).
store::Identity find_own_identity(db::Connection& c, std::int64_t user_id, std::int64_t identity_id);
// Whether removing one of `identities` leaves a way in: a password, or another identity.
bool may_remove(bool has_password, std::size_t identities);
// Whether a provider (restricted to `provider_org`, or to none) may link an identity by e-mail
// address to an existing account: never to a platform administrator or to staff (author,
// moderator, org_admin) of another organisation; a restricted provider only to members of its
// organisation (home organisation or any membership there). The rest link from the profile.
bool may_auto_link(bool platform_admin, std::optional<std::int64_t> home_org,
                   const std::vector<std::pair<std::int64_t, std::string>>& memberships,
                   std::optional<std::int64_t> provider_org);
// Whether a signed-in person may link a provider from the profile: any provider open to every
// organisation; one restricted to an organisation only for its members (home organisation or
// any membership there) who are not platform administrators — an organisation's provider
// never holds a door into the whole site.
bool may_link_from_profile(bool platform_admin, std::optional<std::int64_t> home_org,
                           const std::vector<std::pair<std::int64_t, std::string>>& memberships,
                           std::optional<std::int64_t> provider_org);

}  // namespace cityskills::sso::policy
