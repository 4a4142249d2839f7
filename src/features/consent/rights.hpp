#pragma once
// A person's rights over their data (GDPR art. 15, 17 and 20): everything the platform holds
// about them as one JSON document, and the erasure of their account — personal rows deleted,
// content others rely on (forum posts, ideas, comments) kept without a name — each written to
// the privacy audit log. Internal to the consent feature.
#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::consent::rights {

// The person's data as a JSON document (format "cityskills-personal-data/1"); nullopt when there
// is no such account. Records the export in the audit log (`actor_id`: the administrator, or
// nullopt when the person asked).
std::optional<std::string> export_json(db::Connection& c, std::int64_t user_id, std::optional<std::int64_t> actor_id,
                                       const std::string& reason, std::int64_t now);

enum class Erased { kDone, kNoSuchAccount, kLastAdministrator };
// Erases the account inside the caller's transaction: sessions, tokens, enrolments, progress,
// attempts, registrations, subscriptions, consents and the account row go; posts, threads,
// ideas, comments and practices stay with no author; throttle counters and queued mail that
// name the person go too. The last platform administrator cannot be erased.
Erased erase(db::Connection& c, std::int64_t user_id, std::optional<std::int64_t> actor_id, const std::string& reason,
             std::int64_t now);

// The personal-data pages (/my/data, /admin/users/{id}/data) and their actions.
void register_routes(web::App& app);

}  // namespace cityskills::consent::rights
