#pragma once
// Retention: personal data nobody can use any more is deleted by a daily job (a "privacy_retention"
// row in the job queue that schedules its own next run), at the periods the privacy notice
// states. Administrators may change each period within bounds (settings "privacy.retention.*");
// the defaults are the safe ones. Internal to the consent feature.
#include <cstdint>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "features/consent/policy.hpp"

namespace cityskills::consent {

inline constexpr std::string_view kRetentionJob = "privacy_retention";
inline constexpr std::int64_t kRetentionInterval = 24 * 3600;

// Throttle counters are deleted after this long: the longest window any limit counts over is a
// day, so an older attempt never counts again (not configurable: the code's windows decide it).
inline constexpr std::int64_t kRateEventsKept = 2 * 24 * 3600;

// A zip of a person's data is offered this many days after it is ready, then deleted (not
// configurable: the pages and the e-mail promise it).
inline constexpr int kExportDays = 7;  // the default; administrators choose 1 to 30

// The periods, in days.
struct RetentionPeriods {
  int self_tests = kAnonymousSelfTestRetentionDays;  // anonymous self-test attempts, after their last change
  int unverified_accounts = 30;  // accounts never confirmed and unused, after sign-up
  int tokens = 7;               // e-mailed links, after they expired or were used
  int sessions = 7;             // sign-in sessions, after they expired
  int jobs = 30;                // finished background jobs (sent mail), after they finished
  int feedback = 365;           // accessibility feedback messages, after they arrived
  int exports = kExportDays;    // a person's data export offered for download, after it is ready
};

// One period as administrators see it: its name (the form field and the setting's suffix),
// where it is kept in the struct, and its bounds.
struct RetentionField {
  const char* name;
  int RetentionPeriods::*days;
  int min_days, max_days;
};
const std::vector<RetentionField>& retention_fields();

// The periods in force: the stored ones within bounds, the defaults for the rest.
RetentionPeriods retention_periods(db::Connection& c);
void save_retention_periods(db::Connection& c, const RetentionPeriods& p, std::int64_t now);

struct RetentionResult {
  std::int64_t self_tests = 0;           // anonymous self-test attempts deleted (answers and results with them)
  std::int64_t visitor_choices = 0;      // cookie choices of visitors without an account, past their lifetime
  std::int64_t unverified_accounts = 0;  // accounts erased (through the same erasure as a person's own)
  std::int64_t tokens = 0;
  std::int64_t sessions = 0;
  std::int64_t jobs = 0;
  std::int64_t rate_events = 0;
  std::int64_t feedback = 0;
  std::int64_t exports = 0;  // data exports past their period (or never finished within it)
};

// Deletes what is past its period at `now`: self-test attempts never attached to an account,
// visitors' cookie choices older than kChoiceLifetime (they are asked again anyway), accounts
// whose address was never confirmed and that nobody used during the period (never a platform
// administrator or a member of an organisation), expired or used e-mailed links, expired
// sessions, finished jobs, throttle counters, accessibility feedback and data exports.
RetentionResult apply_retention(db::Connection& c, std::int64_t now);

// The job: applies retention and queues the next run a day later, in one transaction.
void run_retention_job(db::Database& db);
// Queues a run now unless one is already waiting (called when a server starts).
void schedule_retention(db::Database& db);

}  // namespace cityskills::consent
