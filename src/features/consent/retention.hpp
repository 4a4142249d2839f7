#pragma once
// Retention: personal data nobody can use any more is deleted by a daily job (a "privacy_retention"
// row in the job queue that schedules its own next run), at the periods the privacy notice
// states. Internal to the consent feature.
#include <cstdint>
#include <string_view>

#include "db/database.hpp"

namespace cityskills::consent {

inline constexpr std::string_view kRetentionJob = "privacy_retention";
inline constexpr std::int64_t kRetentionInterval = 24 * 3600;

struct RetentionResult {
  std::int64_t self_tests = 0;        // anonymous self-test attempts deleted (answers and results with them)
  std::int64_t visitor_choices = 0;   // cookie choices of visitors without an account, past their lifetime
};

// Deletes what is past its period at `now`: self-test attempts never attached to an account and
// unchanged for kAnonymousSelfTestRetentionDays, and visitors' cookie choices older than
// kChoiceLifetime (they are asked again anyway).
RetentionResult apply_retention(db::Connection& c, std::int64_t now);

// The job: applies retention and queues the next run a day later, in one transaction.
void run_retention_job(db::Database& db);
// Queues a run now unless one is already waiting (called when a server starts).
void schedule_retention(db::Database& db);

}  // namespace cityskills::consent
