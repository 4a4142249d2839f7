#include "features/consent/store.hpp"

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
  std::vector<Feedback> out;
  for (const auto& r : c.query(kFeedback, {limit, offset})) {
    Feedback f;
    f.id = r.i64(0);
    if (!r.is_null(1)) f.user_id = r.i64(1);
    f.name = r.str(2);
    f.email = r.str(3);
    f.page = r.str(4);
    f.message = r.str(5);
    f.created_at = r.i64(6);
    out.push_back(std::move(f));
  }
  return out;
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

}  // namespace cityskills::consent::store
