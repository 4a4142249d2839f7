#pragma once
// A person's rights over their data (GDPR art. 15, 17 and 20): everything the platform holds
// about them as JSON files in a zip that a background job prepares (exports.cpp), and the
// erasure of their account — personal rows deleted, content others rely on (forum posts,
// ideas, comments) kept without a name — each written to the privacy audit log. Internal to
// the consent feature.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "features/consent/store.hpp"
#include "web/app.hpp"

namespace cityskills::consent::rights {

// The person's data as files for the download zip: one JSON document per area ("account.json",
// "learning.json", ... format "cityskills-personal-data/2") and a README.txt in `lang` that
// says what each holds; empty when there is no such account. Secrets (password and token
// hashes) are never included, nor anything of another person.
std::vector<std::pair<std::string, std::string>> export_files(db::Connection& c, std::int64_t user_id,
                                                              const std::string& lang, std::int64_t now);

// Records an export or erasure request in the privacy audit log (`actor_id`: the
// administrator, or nullopt when the person asked).
void audit(db::Connection& c, std::optional<std::int64_t> actor_id, std::int64_t subject_id, const char* action,
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
// The download zips: the job that builds them and their downloads (exports.cpp).
inline constexpr std::string_view kExportJob = "privacy_export";
void register_exports(web::App& app);

// Queues an export of the person's data for whoever is signed in (the person, or an
// administrator: `actor_id`), audited with `reason`: refused while one is being prepared for
// the person, or when the one asking reached their hourly limit.
enum class Queued { kQueued, kPending, kTooMany };
Queued request_export(web::Ctx& ctx, std::int64_t user_id, std::optional<std::int64_t> actor_id,
                      const std::string& reason);
// The exports as the data pages list them: when asked, the status and, while offered, the
// download link (`base` followed by the export's id) and size.
view::List export_list(web::Ctx& ctx, const std::vector<store::Export>& exports, const std::string& base);

}  // namespace cityskills::consent::rights
