#pragma once
// Delivery of the outbox to the Learning Record Store: the job `xapi.deliver`, run by the
// durable job queue (src/jobs). One run sends every due statement in batches and schedules the
// next run when some are left to retry.
#include <string>

#include "db/database.hpp"

namespace cityskills::xapi {

inline constexpr const char* kJobKind = "xapi.deliver";
inline constexpr int kBatchSize = 50;
inline constexpr int kLeaseSeconds = 60;  // longer than one POST may take (connect 5 s + 15 s)

// What the store answered to one POST: its status (0 when none came) and a short error.
struct Answer {
  long status = 0;
  std::string error;
};
// POSTs `body` (a JSON array of statements) to {endpoint}/statements with Basic auth and
// X-Experience-API-Version: 1.0.3. No redirects followed; bounded in time.
Answer post_statements(const std::string& endpoint, const std::string& key, const std::string& secret,
                       const std::string& body);

// One run of the job. `owner` names this runner's leases; `site_url` is the platform's address.
void deliver(db::Database& db, const std::string& site_url, const std::string& owner);

// Asks for a run now (after the settings changed or the administrator asked to try again).
void schedule(db::Connection& c, bool sooner);

}  // namespace cityskills::xapi
