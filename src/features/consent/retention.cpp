#include "features/consent/retention.hpp"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "features/consent/rights.hpp"
#include "features/consent/store.hpp"
#include "jobs/jobs.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::consent {
namespace {

constexpr std::int64_t kDay = 24 * 3600;
constexpr const char* kSettingPrefix = "privacy.retention.";

// Accounts never confirmed, older than the period, untouched and without a sign-in during it,
// holding no role anywhere and not administering the platform.
constexpr const char* kStaleUnverified =
    "SELECT id FROM users u WHERE u.email_verified_at IS NULL AND u.platform_admin = 0 AND u.created_at < ? "
    "AND u.updated_at < ? AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.user_id = u.id AND s.updated_at >= ?) "
    "AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = u.id) ORDER BY id";

// The advisory lock key of the daily job's scheduling ("csret" in ASCII).
constexpr std::int64_t kScheduleLock = 0x6373726574;

std::int64_t days(int n) { return static_cast<std::int64_t>(n) * kDay; }

}  // namespace

const std::vector<RetentionField>& retention_fields() {
  static const std::vector<RetentionField> f = {
      {"self_tests", &RetentionPeriods::self_tests, 1, 3650},
      {"unverified_accounts", &RetentionPeriods::unverified_accounts, 7, 3650},
      {"tokens", &RetentionPeriods::tokens, 1, 365},
      {"sessions", &RetentionPeriods::sessions, 1, 365},
      {"jobs", &RetentionPeriods::jobs, 1, 3650},
      {"feedback", &RetentionPeriods::feedback, 30, 3650},
      {"exports", &RetentionPeriods::exports, 1, 30},
  };
  return f;
}

RetentionPeriods retention_periods(db::Connection& c) {
  RetentionPeriods p;
  auto rows = c.query("SELECT name, value FROM settings WHERE name LIKE 'privacy.retention.%'");
  for (const auto& field : retention_fields()) {
    auto key = std::string(kSettingPrefix) + field.name;
    for (const auto& r : rows) {
      if (r.str(0) != key) continue;
      int v = std::atoi(r.str(1).c_str());
      if (v >= field.min_days && v <= field.max_days) p.*field.days = v;
    }
  }
  return p;
}

void save_retention_periods(db::Connection& c, const RetentionPeriods& p, std::int64_t now) {
  for (const auto& field : retention_fields())
    store::put_setting(c, std::string(kSettingPrefix) + field.name, std::to_string(p.*field.days), now);
}

RetentionResult apply_retention(db::Connection& c, std::int64_t now) {
  auto p = retention_periods(c);
  RetentionResult r;
  r.self_tests = c.exec("DELETE FROM assessment_attempts WHERE user_id IS NULL AND updated_at < ?",
                        {now - days(p.self_tests)});
  r.visitor_choices = c.exec("DELETE FROM consent_records WHERE user_id IS NULL AND created_at < ?", {now - kChoiceLifetime});
  auto cutoff = now - days(p.unverified_accounts);
  for (const auto& row : c.query(kStaleUnverified, {cutoff, cutoff, cutoff}))
    if (rights::erase(c, row.i64(0), std::nullopt, "retention", now) == rights::Erased::kDone) ++r.unverified_accounts;
  r.tokens = c.exec("DELETE FROM tokens WHERE expires_at < ? OR used_at < ?", {now - days(p.tokens), now - days(p.tokens)});
  r.sessions = c.exec("DELETE FROM sessions WHERE expires_at < ?", {now - days(p.sessions)});
  r.jobs = c.exec("DELETE FROM jobs WHERE (done_at IS NOT NULL AND done_at < ?) OR (failed_at IS NOT NULL AND failed_at < ?)",
                  {now - days(p.jobs), now - days(p.jobs)});
  r.rate_events = c.exec("DELETE FROM rate_events WHERE created_at < ?", {now - kRateEventsKept});
  r.feedback = c.exec("DELETE FROM accessibility_feedback WHERE created_at < ?", {now - days(p.feedback)});
  r.exports = c.exec("DELETE FROM privacy_exports WHERE expires_at <= ? OR (expires_at IS NULL AND created_at < ?)",
                     {now, now - days(p.exports)});
  return r;
}

void run_retention_job(db::Database& db) {
  auto now = util::now_unix();
  auto r = db.tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto result = apply_retention(c, now);
    // The next run, once: if two copies of the job ever ran (two nodes queued one each before
    // scheduling took the lock), the second finds the first's next run and ends its chain.
    if (c.dialect() == db::Dialect::kPostgres) c.query("SELECT pg_advisory_xact_lock(?)", {kScheduleLock});
    if (!c.one("SELECT 1 FROM jobs WHERE kind = ? AND done_at IS NULL AND failed_at IS NULL AND run_at > ?",
               {kRetentionJob, now}))
      jobs::enqueue(c, kRetentionJob, "{}", now + kRetentionInterval);
    return result;
  });
  log::info("retention applied",
            "\"self_tests\":" + std::to_string(r.self_tests) + ",\"visitor_choices\":" + std::to_string(r.visitor_choices) +
                ",\"unverified_accounts\":" + std::to_string(r.unverified_accounts) + ",\"tokens\":" +
                std::to_string(r.tokens) + ",\"sessions\":" + std::to_string(r.sessions) + ",\"jobs\":" +
                std::to_string(r.jobs) + ",\"rate_events\":" + std::to_string(r.rate_events) + ",\"feedback\":" +
                std::to_string(r.feedback) + ",\"exports\":" + std::to_string(r.exports));
}

void schedule_retention(db::Database& db) {
  db.tx(db::TxKind::kWrite, [&](db::Connection& c) {
    // Nodes starting together take turns here (SQLite's write transaction already does), so
    // only one of them queues the daily job.
    if (c.dialect() == db::Dialect::kPostgres) c.query("SELECT pg_advisory_xact_lock(?)", {kScheduleLock});
    if (c.one("SELECT 1 FROM jobs WHERE kind = ? AND done_at IS NULL AND failed_at IS NULL", {kRetentionJob})) return;
    jobs::enqueue(c, kRetentionJob, "{}");
  });
}

}  // namespace cityskills::consent
