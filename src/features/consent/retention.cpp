#include "features/consent/retention.hpp"

#include <string>

#include "features/consent/policy.hpp"
#include "jobs/jobs.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::consent {

RetentionResult apply_retention(db::Connection& c, std::int64_t now) {
  RetentionResult r;
  r.self_tests = c.exec("DELETE FROM assessment_attempts WHERE user_id IS NULL AND updated_at < ?",
                        {now - static_cast<std::int64_t>(kAnonymousSelfTestRetentionDays) * 24 * 3600});
  r.visitor_choices = c.exec("DELETE FROM consent_records WHERE user_id IS NULL AND created_at < ?", {now - kChoiceLifetime});
  return r;
}

void run_retention_job(db::Database& db) {
  auto now = util::now_unix();
  auto r = db.tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto result = apply_retention(c, now);
    jobs::enqueue(c, kRetentionJob, "{}", now + kRetentionInterval);
    return result;
  });
  log::info("retention applied", "\"self_tests\":" + std::to_string(r.self_tests) +
                                     ",\"visitor_choices\":" + std::to_string(r.visitor_choices));
}

void schedule_retention(db::Database& db) {
  db.tx(db::TxKind::kWrite, [&](db::Connection& c) {
    if (c.one("SELECT 1 FROM jobs WHERE kind = ? AND done_at IS NULL AND failed_at IS NULL", {kRetentionJob})) return;
    jobs::enqueue(c, kRetentionJob, "{}");
  });
}

}  // namespace cityskills::consent
