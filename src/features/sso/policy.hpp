#pragma once
// Who may do what with linked identities: only their owner sees or removes them, and never the
// last way into an account.
#include <cstdint>

#include "db/database.hpp"
#include "features/sso/store.hpp"

namespace cityskills::sso::policy {

// The identity when it is the person's own; Reject 404 otherwise (another's is not revealed).
store::Identity find_own_identity(db::Connection& c, std::int64_t user_id, std::int64_t identity_id);
// Whether removing one of `identities` leaves a way in: a password, or another identity.
bool may_remove(bool has_password, std::size_t identities);

}  // namespace cityskills::sso::policy
