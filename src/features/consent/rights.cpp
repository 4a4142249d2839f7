#include "features/consent/rights.hpp"

#include <cstdio>
#include <vector>

#include "features/admin/api.hpp"
#include "i18n/i18n.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"
#include "web/throttle.hpp"

namespace cityskills::consent::rights {
namespace {

// One part of the export: the listed columns of `table`'s rows that `where` selects, with the
// person's id bound to its one '?'. Secrets (password and token hashes) are never listed.
struct Section {
  const char* area;  // the file it goes to
  const char* name;
  const char* table;
  std::vector<const char*> columns;
  const char* where;
};

constexpr const char* kOwnAttempts = "attempt_id IN (SELECT id FROM assessment_attempts WHERE user_id = ?)";

const std::vector<Section>& sections() {
  static const std::vector<Section> s = {
      {"account", "memberships", "memberships", {"org_id", "role", "created_at"}, "user_id = ?"},
      {"account", "sessions", "sessions", {"ip", "user_agent", "created_at", "expires_at"}, "user_id = ?"},
      {"account", "sign_in_identities", "sso_identities", {"issuer", "subject", "last_used_at", "created_at"}, "user_id = ?"},
      {"account", "api_tokens", "api_tokens",
       {"name", "prefix", "scopes", "org_id", "expires_at", "last_used_at", "revoked_at", "created_at"}, "user_id = ?"},
      {"learning", "enrolments", "enrolments", {"course_id", "last_lesson_id", "completed_at", "created_at", "updated_at"}, "user_id = ?"},
      {"learning", "lesson_progress", "lesson_progress", {"course_id", "lesson_id", "position_seconds", "completed_at", "updated_at"},
       "user_id = ?"},
      {"learning", "quiz_attempts", "quiz_attempts", {"id", "lesson_id", "number", "answers", "score", "passed", "created_at"},
       "user_id = ?"},
      {"self_tests", "self_test_attempts", "assessment_attempts",
       {"id", "framework_id", "lang", "current_area", "finished_at", "created_at", "updated_at"}, "user_id = ?"},
      {"self_tests", "self_test_answers", "assessment_answers", {"attempt_id", "question_id", "value", "created_at"}, kOwnAttempts},
      {"self_tests", "self_test_results", "assessment_results", {"attempt_id", "scope", "code", "score", "level", "answered", "total"},
       kOwnAttempts},
      {"events", "event_registrations", "registrations",
       {"id", "event_id", "status", "queue_seq", "attended", "checked_in_at", "reminded_at", "created_at", "updated_at"},
       "user_id = ?"},
      {"learning", "learning_paths_followed", "path_followers", {"path_id", "created_at"}, "user_id = ?"},
      {"learning", "learning_path_steps_met", "path_step_records", {"step_id", "evidence", "created_at"}, "user_id = ?"},
      {"learning", "learning_paths_completed", "path_completions", {"group_id", "path_id", "qualification", "title", "evidence",
                                                        "completed_at"},
       "user_id = ?"},
      {"learning", "certificates", "awards",
       {"public_id", "kind", "subject_id", "recipient_name", "lang", "title", "competences", "issuers", "evidence",
        "achieved_at", "expires_at", "private", "revoked_at", "revoke_reason", "created_at"},
       "user_id = ?"},
      {"forum", "forum_handle", "forum_handles", {"handle", "created_at"}, "user_id = ?"},
      {"forum", "forum_threads", "forum_threads", {"id", "category_id", "lang", "title", "created_at", "updated_at"}, "author_id = ?"},
      {"forum", "forum_posts", "forum_posts",
       {"id", "thread_id", "seq", "body", "edited_at", "hidden_at", "hidden_reason", "created_at", "updated_at"},
       "author_id = ?"},
      {"forum", "forum_subscriptions", "forum_subscriptions", {"thread_id", "created_at"}, "user_id = ?"},
      {"forum", "forum_notifications", "forum_notifications", {"id", "kind", "post_id", "read_at", "created_at"}, "user_id = ?"},
      {"forum", "forum_reports", "forum_reports", {"id", "post_id", "reason", "resolved_at", "created_at"}, "reporter_id = ?"},
      {"ideas", "ideas", "ideas",
       {"id", "org_id", "lang", "title", "body", "status", "status_note", "supports", "created_at", "updated_at"},
       "author_id = ?"},
      {"ideas", "idea_supports", "idea_supports", {"idea_id", "created_at"}, "user_id = ?"},
      {"ideas", "idea_comments", "idea_comments", {"id", "idea_id", "body", "created_at", "updated_at"}, "author_id = ?"},
      {"practices", "practices", "practices",
       {"id", "org_id", "lang", "title", "problem", "actions", "results", "figures", "lessons", "cost_band",
        "effort_band", "size_band", "country", "contact_name", "contact_email", "status", "moderation_note",
        "published_at", "created_at", "updated_at"},
       "author_id = ?"},
      {"practices", "practice_did_too", "practice_did_too", {"practice_id", "created_at"}, "user_id = ?"},
      {"practices", "practice_comments", "practice_comments", {"id", "practice_id", "body", "created_at", "updated_at"},
       "author_id = ?"},
      {"publications", "resources", "resources",
       {"id", "org_id", "lang", "kind", "title", "description", "licence", "format", "url", "created_at", "updated_at"},
       "author_id = ?"},
      {"publications", "news_articles", "news_articles",
       {"id", "org_id", "lang", "title", "summary", "status", "publish_at", "created_at", "updated_at"}, "author_id = ?"},
      {"publications", "uploads", "media", {"id", "kind", "mime", "size", "name", "created_at"}, "created_by = ?"},
      {"privacy", "accessibility_feedback", "accessibility_feedback", {"page", "message", "created_at"}, "user_id = ?"},
      {"privacy", "cookie_choices", "consent_records", {"policy_version", "analytics", "profiling", "created_at"}, "user_id = ?"},
      {"privacy", "privacy_notices_accepted", "privacy_acceptances a LEFT JOIN privacy_notices n ON n.id = a.notice_id",
       {"a.notice_id AS notice_id", "n.lang AS lang", "n.version AS version", "n.published_at AS published_at",
        "a.how AS how", "a.created_at AS created_at"},
       "a.user_id = ?"},
      {"privacy", "privacy_requests", "privacy_audit", {"action", "created_at"}, "subject_id = ?"},
  };
  return s;
}

const std::vector<const char*> kAccountColumns = {"id", "email", "display_name", "audience", "age_band", "org_id",
                                                  "country", "lang", "platform_admin", "email_verified_at",
                                                  "created_at", "updated_at"};

std::string select_sql(const char* table, const std::vector<const char*>& columns, const char* where) {
  std::string sql = "SELECT ";
  for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + std::string(columns[i]);
  return sql + " FROM " + table + " WHERE " + where + " ORDER BY 1";
}

std::string json_value(const db::Value& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) return "null";
  if (auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (auto* d = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", *d);
    return buf;
  }
  return "\"" + util::json_escape(std::get<std::string>(v)) + "\"";
}

// The key of a listed column: its alias when it has one ("n.lang AS lang").
std::string key_of(const char* column) {
  std::string_view c = column;
  auto as = c.rfind(" AS ");
  return std::string(as == std::string_view::npos ? c : c.substr(as + 4));
}

std::string json_object(const std::vector<const char*>& columns, const db::Row& row) {
  std::string out = "{";
  for (std::size_t i = 0; i < columns.size(); ++i)
    out += std::string(i ? ", " : "") + "\"" + key_of(columns[i]) + "\": " + json_value(row.cols.at(i));
  return out + "}";
}

// The areas in the order of the README, each a file of its own.
constexpr const char* kAreas[] = {"account", "learning", "self_tests", "events", "forum",
                                  "ideas", "practices", "publications", "privacy"};

// `text` as a LIKE pattern that matches it literally anywhere.
std::string contains_pattern(std::string_view text) {
  std::string p = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '\\') p += '\\';
    p += ch;
  }
  return p + "%";
}

}  // namespace


void audit(db::Connection& c, std::optional<std::int64_t> actor_id, std::int64_t subject_id, const char* action,
           const std::string& reason, std::int64_t now) {
  c.exec("INSERT INTO privacy_audit (actor_id, subject_id, action, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
         {actor_id, subject_id, action, reason, now, now});
}

std::vector<std::pair<std::string, std::string>> export_files(db::Connection& c, std::int64_t user_id,
                                                              const std::string& lang, std::int64_t now) {
  std::vector<std::pair<std::string, std::string>> files;
  auto account = c.one(select_sql("users", kAccountColumns, "id = ?"), {user_id});
  if (!account) return files;
  std::string readme = i18n::t(lang, "rights.zip.readme_intro", {{"date", i18n::format_datetime(lang, now, admin::site_time_zone(c))}}) +
                       "\n\n";
  for (const char* area : kAreas) {
    std::string out = "{\n\"format\": \"cityskills-personal-data/2\",\n\"area\": \"" + std::string(area) +
                      "\",\n\"exported_at\": " + std::to_string(now);
    if (std::string_view(area) == "account") out += ",\n\"account\": " + json_object(kAccountColumns, *account);
    for (const auto& s : sections()) {
      if (std::string_view(s.area) != area) continue;
      out += ",\n\"" + std::string(s.name) + "\": [";
      auto rows = c.query(select_sql(s.table, s.columns, s.where), {user_id});
      for (std::size_t i = 0; i < rows.size(); ++i)
        out += std::string(i ? ",\n  " : "\n  ") + json_object(s.columns, rows[i]);
      out += rows.empty() ? "]" : "\n]";
    }
    files.emplace_back(std::string(area) + ".json", out + "\n}\n");
    readme += std::string(area) + ".json: " + i18n::t(lang, std::string("rights.zip.area.") + area) + "\n";
  }
  readme += "\n" + i18n::t(lang, "rights.zip.readme_format") + "\n";
  files.emplace(files.begin(), "README.txt", readme);
  return files;
}

Erased erase(db::Connection& c, std::int64_t user_id, std::optional<std::int64_t> actor_id, const std::string& reason,
             std::int64_t now) {
  bool pg = c.dialect() == db::Dialect::kPostgres;
  // The platform administrators, locked on PostgreSQL so that two administrators erasing each
  // other at once cannot leave none (SQLite's write transaction already serialises this).
  auto admins = c.query(std::string("SELECT id FROM users WHERE platform_admin = 1 AND disabled_at IS NULL") +
                        (pg ? " FOR UPDATE" : ""));
  auto person = c.one("SELECT email, display_name, platform_admin FROM users WHERE id = ?", {user_id});
  if (!person) return Erased::kNoSuchAccount;
  if (person->i64(2) != 0 && admins.size() <= 1) return Erased::kLastAdministrator;
  auto email = person->str(0), name = person->str(1);

  // Throttle counters that name the person: by e-mail (hashed), by account, by the addresses
  // they signed in from.
  c.exec("DELETE FROM rate_events WHERE bucket LIKE ? ESCAPE '\\'",
         {contains_pattern(":email:" + crypto::sha256_hex(util::to_lower(util::trim(email))))});
  c.exec("DELETE FROM rate_events WHERE bucket = ?", {"mail:user:" + std::to_string(user_id)});
  for (const auto& r : c.query("SELECT DISTINCT ip FROM sessions WHERE user_id = ? AND ip IS NOT NULL", {user_id}))
    if (!r.str(0).empty())
      c.exec("DELETE FROM rate_events WHERE bucket LIKE ? ESCAPE '\\'", {contains_pattern(web::throttle_key(r.str(0)))});
  // Mail waiting for (or sent to) the person.
  c.exec("DELETE FROM jobs WHERE payload LIKE ? ESCAPE '\\'", {contains_pattern(util::json_escape(email))});
  // Accessibility feedback sent without signing in, with the person's address for the reply.
  c.exec("DELETE FROM accessibility_feedback WHERE LOWER(email) = ?", {util::to_lower(email)});
  // Practices keep their text, not the person's own contact details.
  c.exec("UPDATE practices SET contact_name = '', contact_email = '', updated_at = ? "
         "WHERE author_id = ? AND (LOWER(contact_email) = ? OR contact_name = ?)",
         {now, user_id, util::to_lower(email), name});
  // The rest follows the foreign keys: personal rows are deleted with the account, content
  // others rely on keeps no author (ON DELETE SET NULL).
  c.exec("DELETE FROM users WHERE id = ?", {user_id});
  audit(c, actor_id, user_id, "erase", reason, now);
  return Erased::kDone;
}

}  // namespace cityskills::consent::rights
