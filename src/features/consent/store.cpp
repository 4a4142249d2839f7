#include "features/consent/store.hpp"

#include "db/rows.hpp"
#include "util/base64.hpp"

#include <algorithm>
#include <cstdlib>

namespace cityskills::consent::store {
namespace {

constexpr const char* kSettings = "SELECT name, value FROM settings WHERE name LIKE 'privacy.%'";
constexpr const char* kUpsertSetting =
    "INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) "
    "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";
constexpr const char* kForUser =
    "SELECT policy_version, analytics, profiling, created_at FROM consent_records WHERE user_id = ? "
    "ORDER BY id DESC LIMIT 1";
constexpr const char* kForVisitor =
    "SELECT policy_version, analytics, profiling, created_at FROM consent_records WHERE visitor_hash = ? "
    "ORDER BY id DESC LIMIT 1";
constexpr const char* kRecord =
    "INSERT INTO consent_records (user_id, visitor_hash, policy_version, analytics, profiling, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";

constexpr const char* kAddFeedback =
    "INSERT INTO accessibility_feedback (user_id, name, email, page, message, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?)";
// A signed-in sender's current name and address, else what the anonymous sender left.
constexpr const char* kFeedback =
    "SELECT f.id, f.user_id, COALESCE(u.display_name, f.name), COALESCE(u.email, f.email), f.page, f.message, "
    "f.created_at FROM accessibility_feedback f LEFT JOIN users u ON u.id = f.user_id ORDER BY f.id DESC LIMIT ? OFFSET ?";
constexpr const char* kPlatformAdmins =
    "SELECT email, lang FROM users WHERE platform_admin = 1 AND disabled_at IS NULL ORDER BY id";

std::optional<Recorded> to_recorded(const std::optional<db::Row>& r) {
  if (!r) return std::nullopt;
  return Recorded{static_cast<int>(r->i64(0)), Choice{r->i64(1) != 0, r->i64(2) != 0}, r->i64(3)};
}

}  // namespace

Settings settings(db::Connection& c) {
  Settings s;
  for (const auto& r : c.query(kSettings)) {
    auto name = r.str(0);
    if (name == "privacy.policy_version") s.policy_version = std::max(1, std::atoi(r.str(1).c_str()));
    else if (name == "privacy.analytics_url") s.analytics_url = r.str(1);
    else if (name == "privacy.analytics_site_id") s.analytics_site_id = r.str(1);
    else if (name == "privacy.controller") s.controller = r.str(1);
    else if (name == "privacy.contact_email") s.contact_email = r.str(1);
    else if (name == "privacy.dpo_email") s.dpo_email = r.str(1);
    else if (name == "privacy.a11y_reviewed") s.a11y_reviewed = std::atoll(r.str(1).c_str());
    else if (name == "privacy.a11y_issues") s.a11y_issues = r.str(1);
  }
  return s;
}

void put_setting(db::Connection& c, const std::string& name, const std::string& value, std::int64_t now) {
  c.exec(kUpsertSetting, {name, value, now});
}

void save_analytics(db::Connection& c, const std::string& url, const std::string& site_id, std::int64_t now) {
  c.exec(kUpsertSetting, {"privacy.analytics_url", url, now});
  c.exec(kUpsertSetting, {"privacy.analytics_site_id", site_id, now});
}

void save_contacts(db::Connection& c, const std::string& controller, const std::string& contact_email,
                   const std::string& dpo_email, std::int64_t now) {
  c.exec(kUpsertSetting, {"privacy.controller", controller, now});
  c.exec(kUpsertSetting, {"privacy.contact_email", contact_email, now});
  c.exec(kUpsertSetting, {"privacy.dpo_email", dpo_email, now});
}

void save_statement(db::Connection& c, std::int64_t reviewed, const std::string& issues, std::int64_t now) {
  c.exec(kUpsertSetting, {"privacy.a11y_reviewed", std::to_string(reviewed), now});
  c.exec(kUpsertSetting, {"privacy.a11y_issues", issues, now});
}

void add_feedback(db::Connection& c, const Feedback& f, std::int64_t now) {
  c.exec(kAddFeedback, {f.user_id, f.name, f.email, f.page, f.message, now, now});
}

std::vector<Feedback> feedback(db::Connection& c, int limit, int offset) {
  return db::read_all(c.query(kFeedback, {limit, offset}), [](const db::Row& r) {
    using F = Feedback;
    return db::read_as<F>(r, &F::id, &F::user_id, &F::name, &F::email, &F::page, &F::message, &F::created_at);
  });
}

std::int64_t feedback_count(db::Connection& c) { return c.one("SELECT COUNT(*) FROM accessibility_feedback")->i64(0); }

std::vector<Recipient> platform_admins(db::Connection& c) {
  std::vector<Recipient> out;
  for (const auto& r : c.query(kPlatformAdmins)) out.push_back({r.str(0), r.str(1)});
  return out;
}

int bump_policy_version(db::Connection& c, std::int64_t now) {
  int next = settings(c).policy_version + 1;
  c.exec(kUpsertSetting, {"privacy.policy_version", std::to_string(next), now});
  return next;
}

std::optional<Recorded> for_user(db::Connection& c, std::int64_t user_id) { return to_recorded(c.one(kForUser, {user_id})); }

std::optional<Recorded> for_visitor(db::Connection& c, const std::string& visitor_hash) {
  return to_recorded(c.one(kForVisitor, {visitor_hash}));
}

void record(db::Connection& c, std::optional<std::int64_t> user_id, const std::string& visitor_hash, int version,
            const Choice& choice, std::int64_t now) {
  c.exec(kRecord, {user_id, visitor_hash.empty() ? db::Param(nullptr) : db::Param(visitor_hash), version,
                   choice.analytics, choice.profiling, now, now});
}

// ---- the privacy notice ----------------------------------------------------------------

namespace {

constexpr const char* kNoticeColumns = "SELECT id, lang, version, body, published_at FROM privacy_notices ";
constexpr const char* kNoticeVersions =
    "SELECT id, lang, version, published_at FROM privacy_notices WHERE lang = ? ORDER BY version DESC";
constexpr const char* kNoticeDraft = "SELECT body FROM privacy_notice_drafts WHERE lang = ?";
constexpr const char* kSaveDraft =
    "INSERT INTO privacy_notice_drafts (lang, body, updated_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
    "ON CONFLICT (lang) DO UPDATE SET body = excluded.body, updated_by = excluded.updated_by, "
    "updated_at = excluded.updated_at";
constexpr const char* kPublish =
    "INSERT INTO privacy_notices (lang, version, body, published_by, published_at, created_at, updated_at) "
    "VALUES (?, (SELECT COALESCE(MAX(version), 0) + 1 FROM privacy_notices WHERE lang = ?), ?, ?, ?, ?, ?) RETURNING id";
constexpr const char* kNewestAccepted =
    "SELECT MAX(COALESCE(notice_id, 0)) FROM privacy_acceptances WHERE user_id = ?";
constexpr const char* kAddAcceptance =
    "INSERT INTO privacy_acceptances (user_id, notice_id, how, created_at, updated_at) VALUES (?, ?, ?, ?, ?)";
// The advisory lock key of publishing a version ("csnot" in ASCII): two administrators
// publishing at once get consecutive versions.
constexpr std::int64_t kPublishLock = 0x63736e6f74;

Notice to_notice(const db::Row& r) {
  return Notice{r.i64(0), r.str(1), static_cast<int>(r.i64(2)), r.str(3), r.i64(4)};
}

}  // namespace

std::optional<Notice> newest_notice(db::Connection& c, std::string_view lang) {
  auto r = lang.empty() ? c.one(std::string(kNoticeColumns) + "ORDER BY id DESC LIMIT 1")
                        : c.one(std::string(kNoticeColumns) + "WHERE lang = ? ORDER BY version DESC LIMIT 1",
                                {std::string(lang)});
  if (!r) return std::nullopt;
  return to_notice(*r);
}

std::optional<Notice> notice(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kNoticeColumns) + "WHERE id = ?", {id}), to_notice);
}

std::vector<Notice> notice_versions(db::Connection& c, std::string_view lang) {
  std::vector<Notice> out;
  for (const auto& r : c.query(kNoticeVersions, {std::string(lang)}))
    out.push_back(Notice{r.i64(0), r.str(1), static_cast<int>(r.i64(2)), "", r.i64(3)});
  return out;
}

std::optional<std::string> notice_draft(db::Connection& c, std::string_view lang) {
  auto r = c.one(kNoticeDraft, {std::string(lang)});
  if (!r) return std::nullopt;
  return r->str(0);
}

void save_notice_draft(db::Connection& c, std::string_view lang, const std::string& body, std::int64_t user_id,
                       std::int64_t now) {
  if (body.empty()) {
    c.exec("DELETE FROM privacy_notice_drafts WHERE lang = ?", {std::string(lang)});
    return;
  }
  c.exec(kSaveDraft, {std::string(lang), body, user_id, now, now});
}

Notice publish_notice(db::Tx& c, std::string_view lang, const std::string& body, std::int64_t user_id,
                      std::int64_t now) {
  if (c.dialect() == db::Dialect::kPostgres) c.query("SELECT pg_advisory_xact_lock(?)", {kPublishLock});
  auto id = c.insert(kPublish, {std::string(lang), std::string(lang), body, user_id, now, now, now});
  c.exec("DELETE FROM privacy_notice_drafts WHERE lang = ?", {std::string(lang)});
  return *notice(c, id);
}

std::optional<std::int64_t> newest_accepted(db::Connection& c, std::int64_t user_id) {
  auto r = c.one(kNewestAccepted, {user_id});
  if (!r || r->is_null(0)) return std::nullopt;
  return r->i64(0);
}

void add_acceptance(db::Tx& c, std::int64_t user_id, std::int64_t notice_id, std::string_view how, std::int64_t now) {
  std::optional<std::int64_t> id;
  if (notice_id > 0) id = notice_id;
  c.exec(kAddAcceptance, {user_id, id, std::string(how), now, now});
}

// ---- data exports ------------------------------------------------------------------------

namespace {

constexpr const char* kExportColumns =
    "SELECT id, user_id, requested_by, status, size, ready_at, expires_at, created_at FROM privacy_exports ";
// The partial unique index refuses a second queued export of the person: no row comes back.
constexpr const char* kQueueExport =
    "INSERT INTO privacy_exports (user_id, requested_by, status, created_at, updated_at) VALUES (?, ?, 'queued', ?, ?) "
    "ON CONFLICT DO NOTHING RETURNING id";
constexpr const char* kFinishExport =
    "UPDATE privacy_exports SET status = 'ready', data = ?, size = ?, ready_at = ?, expires_at = ?, updated_at = ? "
    "WHERE id = ? AND status = 'queued'";

// An export not ready yet has no ready_at and expires_at (NULL): 0.
Export to_export(const db::Row& r) {
  using E = Export;
  return db::read_as<E>(r, &E::id, &E::user_id, &E::requested_by, &E::status, &E::size, &E::ready_at, &E::expires_at,
                        &E::created_at);
}

}  // namespace

bool export_pending(db::Connection& c, std::int64_t user_id, std::optional<std::int64_t> requested_by) {
  return c.one("SELECT 1 FROM privacy_exports WHERE user_id = ? AND COALESCE(requested_by, 0) = ? AND status = 'queued'",
               {user_id, requested_by.value_or(0)})
      .has_value();
}

std::optional<std::int64_t> queue_export(db::Tx& c, std::int64_t user_id, std::optional<std::int64_t> requested_by,
                                         std::int64_t now) {
  auto rows = c.query(kQueueExport, {user_id, requested_by, now, now});
  if (rows.empty()) return std::nullopt;
  return rows[0].i64(0);
}

std::optional<Export> export_row(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kExportColumns) + "WHERE id = ?", {id}), to_export);
}

std::vector<Export> exports_of(db::Connection& c, std::int64_t user_id, bool by_admin, int limit) {
  std::vector<Export> out;
  auto sql = std::string(kExportColumns) + "WHERE user_id = ? AND requested_by IS " + (by_admin ? "NOT NULL" : "NULL") +
             " ORDER BY id DESC LIMIT ?";
  for (const auto& r : c.query(sql, {user_id, std::int64_t{limit}})) out.push_back(to_export(r));
  return out;
}

std::optional<std::string> export_zip(db::Connection& c, std::int64_t id) {
  auto r = c.one("SELECT data FROM privacy_exports WHERE id = ? AND status = 'ready'", {id});
  if (!r || r->is_null(0)) return std::nullopt;
  return util::unbase64(r->str(0));
}

void finish_export(db::Connection& c, std::int64_t id, const std::string& zip, std::int64_t now, std::int64_t expires_at) {
  c.exec(kFinishExport, {util::base64(zip), static_cast<std::int64_t>(zip.size()), now, expires_at, now, id});
}

void fail_export(db::Connection& c, std::int64_t id, std::int64_t now) {
  c.exec("UPDATE privacy_exports SET status = 'failed', updated_at = ? WHERE id = ? AND status = 'queued'", {now, id});
}

}  // namespace cityskills::consent::store
