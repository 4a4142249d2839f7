// /admin: the platform administrator's dashboard (people, content, queues, background jobs,
// outgoing mail, storage, version, database health); organisation admins see the tools of
// their organisations.
#include <boost/json.hpp>
#include <chrono>

#include "features/admin/api.hpp"
#include "features/admin/pages.hpp"
#include "features/orgs/api.hpp"
#include "i18n/bytes.hpp"
#include "i18n/i18n.hpp"
#include "jobs/jobs.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/forms.hpp"

#ifndef CITYSKILLS_VERSION
#define CITYSKILLS_VERSION "unknown"
#endif

namespace cityskills::admin {
namespace {

using http::Response;
using web::Ctx;

constexpr std::int64_t kListed = 20;
constexpr std::int64_t kNewDays = 30;

std::string n(std::int64_t v) { return std::to_string(v); }

constexpr const char* kCounts =
    "SELECT (SELECT COUNT(*) FROM users), "
    "(SELECT COUNT(*) FROM users WHERE email_verified_at IS NOT NULL), "
    "(SELECT COUNT(*) FROM users WHERE created_at >= ?), "
    "(SELECT COUNT(*) FROM users WHERE disabled_at IS NOT NULL), "
    "(SELECT COUNT(*) FROM courses WHERE published = 1), "
    "(SELECT COUNT(*) FROM courses WHERE published = 0), "
    "(SELECT COUNT(*) FROM events WHERE status = 'published' AND starts_at >= ?), "
    "(SELECT COUNT(*) FROM news_articles WHERE status = 'published'), "
    "(SELECT COUNT(*) FROM practices WHERE status = 'pending'), "
    "(SELECT COUNT(*) FROM forum_reports WHERE resolved_at IS NULL), "
    "(SELECT COUNT(*) FROM organisations)";

constexpr const char* kJobCounts =
    "SELECT COALESCE(SUM(CASE WHEN done_at IS NULL AND failed_at IS NULL AND (locked_until IS NULL OR locked_until < ?) "
    "THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN done_at IS NULL AND failed_at IS NULL AND locked_until >= ? THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN failed_at IS NOT NULL THEN 1 ELSE 0 END), 0) FROM jobs";

constexpr const char* kFailedJobs =
    "SELECT id, kind, attempts, failed_at, COALESCE(last_error, '') FROM jobs WHERE failed_at IS NOT NULL "
    "ORDER BY failed_at DESC, id DESC LIMIT ?";

constexpr const char* kMailJobs =
    "SELECT id, payload, created_at, done_at, failed_at, COALESCE(last_error, ''), attempts FROM jobs "
    "WHERE kind = 'mail' ORDER BY id DESC LIMIT ?";

constexpr const char* kMedia =
    "SELECT COUNT(*), COALESCE(SUM(size), 0) FROM (SELECT sha256, MAX(size) AS size FROM media GROUP BY sha256) f";

std::string job_state(const Ctx& ctx, const db::Row& r, std::int64_t now, int done_col, int failed_col, int error_col) {
  (void)now;
  if (!r.is_null(failed_col)) return ctx.t("admin.jobs.state.failed");
  if (!r.is_null(done_col)) return ctx.t("admin.jobs.state.done");
  if (!r.str(error_col).empty()) return ctx.t("admin.jobs.state.retrying");
  return ctx.t("admin.jobs.state.queued");
}

void people_and_content(Ctx& ctx, db::Connection& c, view::Data& d, std::int64_t now) {
  auto r = c.one(kCounts, {now - kNewDays * 86400, now});
  view::Data s;
  const char* names[] = {"users", "verified", "new_users", "blocked", "courses_published", "courses_draft",
                         "upcoming_events", "news", "pending_practices", "open_reports", "organisations"};
  for (int i = 0; i < 11; ++i) s.set(names[i], n(r->i64(i)));
  d.set("stats", std::move(s));
  (void)ctx;
}

void jobs_and_mail(Ctx& ctx, db::Connection& c, view::Data& d, std::int64_t now) {
  auto jc = c.one(kJobCounts, {now, now});
  d.set("jobs_queued", n(jc->i64(0)));
  d.set("jobs_running", n(jc->i64(1)));
  d.set("jobs_failed", n(jc->i64(2)));
  auto zone = ctx.zone();
  view::List failed;
  for (const auto& r : c.query(kFailedJobs, {kListed})) {
    view::Data j;
    j.set("id", n(r.i64(0)));
    j.set("kind", r.str(1));
    j.set("attempts", n(r.i64(2)));
    j.set("failed_at", i18n::format_datetime(ctx.locale, r.i64(3), zone));
    j.set("error", r.str(4));
    failed.push_back(std::move(j));
  }
  d.set("has_failed_jobs", !failed.empty());
  d.set("failed_jobs", failed);
  view::List mails;
  for (const auto& r : c.query(kMailJobs, {kListed})) {
    view::Data m;
    std::string to, subject;
    try {
      auto o = boost::json::parse(r.str(1)).as_object();
      if (auto* v = o.if_contains("to"); v && v->is_string()) to = std::string(v->as_string());
      if (auto* v = o.if_contains("subject"); v && v->is_string()) subject = std::string(v->as_string());
    } catch (const std::exception&) {
      subject = "?";
    }
    m.set("to", std::move(to));
    m.set("subject", subject);
    m.set("queued_at", i18n::format_datetime(ctx.locale, r.i64(2), zone));
    m.set("state", job_state(ctx, r, now, 3, 4, 5));
    m.set("failed", !r.is_null(4));
    m.set("error", r.str(5));
    m.set("attempts", n(r.i64(6)));
    mails.push_back(std::move(m));
  }
  d.set("has_mails", !mails.empty());
  d.set("mails", std::move(mails));
}

void storage_and_health(Ctx& ctx, db::Connection& c, view::Data& d) {
  auto media = c.one(kMedia);
  d.set("media_files", n(media->i64(0)));
  d.set("media_bytes", i18n::format_bytes(ctx.locale, media->i64(1)));
  auto start = std::chrono::steady_clock::now();
  bool pg = c.dialect() == db::Dialect::kPostgres;
  std::int64_t db_bytes = 0;
  if (pg) {
    db_bytes = c.one("SELECT pg_database_size(current_database())")->i64(0);
  } else {
    auto pages = c.one("PRAGMA page_count")->i64(0);
    auto size = c.one("PRAGMA page_size")->i64(0);
    db_bytes = pages * size;
  }
  auto ms = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start).count() / 1000.0;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", ms);
  d.set("db_kind", pg ? "PostgreSQL" : "SQLite");
  d.set("db_bytes", i18n::format_bytes(ctx.locale, db_bytes));
  d.set("db_latency", std::string(buf));
  auto schema = c.one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  d.set("schema_version", n(schema->i64(0)));
  d.set("version", CITYSKILLS_VERSION);
  (void)ctx;
}

Response dashboard(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto mine = orgs::administered(*c, *ctx.user);
  if (!ctx.user->platform_admin && mine.empty()) return ctx.error(403, "errors.forbidden");
  view::Data d;
  view::List orgs;
  if (!ctx.user->platform_admin)
    for (const auto& o : mine) {
      view::Data item;
      item.set("id", n(o.id));
      item.set("name", o.name);
      orgs.push_back(std::move(item));
    }
  d.set("has_orgs", !orgs.empty());
  d.set("my_orgs", std::move(orgs));
  if (ctx.user->platform_admin) {
    d.set("platform_admin", true);
    auto now = util::now_unix();
    people_and_content(ctx, *c, d, now);
    jobs_and_mail(ctx, *c, d, now);
    try {
      storage_and_health(ctx, *c, d);
      d.set("db_ok", true);
    } catch (const db::Error& e) {
      log::warn("database health check failed", "\"request_id\":\"" + ctx.req.request_id + "\",\"error\":\"" +
                                                    util::json_escape(e.what()) + "\"");
    }
  }
  return ctx.page(ctx.t("admin.title"), "admin/dashboard", std::move(d));
}

// A failed job runs again from its first attempt; its last error stays until it runs.
Response retry_job(Ctx& ctx) {
  web::allow_fields(ctx, {});
  auto id = ctx.path_id("id");
  auto retried = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto now = util::now_unix();
    auto job = c.one("SELECT kind FROM jobs WHERE id = ? AND failed_at IS NOT NULL", {id});
    if (!job) return false;
    c.exec("UPDATE jobs SET failed_at = NULL, attempts = 0, run_at = ?, locked_until = NULL, updated_at = ? WHERE id = ?",
           {now, now, id});
    audit(c, ctx.user->id, {"job.retry", "job", id, "", job->str(0)});
    return true;
  });
  if (!retried) {
    auto c = ctx.db().acquire();
    if (!c->one("SELECT 1 FROM jobs WHERE id = ?", {id})) return ctx.error(404, "errors.not_found");
    return ctx.error(409, "admin.jobs.not_failed");
  }
  if (ctx.svc.jobs) ctx.svc.jobs->wake();
  ctx.flash("admin.jobs.retried");
  return ctx.redirect("/admin#jobs");
}

}  // namespace

void register_dashboard_routes(web::App& app) {
  app.route("GET", "/admin", web::Access::kOrgAdmin, dashboard);
  app.route("POST", "/admin/jobs/{id}/retry", web::Access::kPlatformAdmin, retry_job);
}

}  // namespace cityskills::admin
