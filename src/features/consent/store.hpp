#pragma once
// The cookie centre's SQL: choices (append-only, see migrations/0070_consent.sql) and the
// privacy settings administrators change (the settings table, names "privacy.*").
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "features/consent/policy.hpp"

namespace cityskills::consent::store {

struct Settings {
  int policy_version = 1;
  std::string analytics_url;  // e.g. https://stats.example.org/ ("" when none registered)
  std::string analytics_site_id;
  std::string controller, contact_email, dpo_email;  // shown on /privacy, /legal, /accessibility
  std::int64_t a11y_reviewed = 0;  // the statement's last review (UTC midnight); 0: the text's own date
  std::string a11y_issues;         // known non-conformities beyond the built-in ones (Markdown)
};

Settings settings(db::Connection& c);
// Sets one privacy setting (a name "privacy.*"), adding it when it is new.
void put_setting(db::Connection& c, const std::string& name, const std::string& value, std::int64_t now);
void save_analytics(db::Connection& c, const std::string& url, const std::string& site_id, std::int64_t now);
void save_contacts(db::Connection& c, const std::string& controller, const std::string& contact_email,
                   const std::string& dpo_email, std::int64_t now);
void save_statement(db::Connection& c, std::int64_t reviewed, const std::string& issues, std::int64_t now);

// A message from the accessibility statement's feedback form.
struct Feedback {
  std::int64_t id = 0;
  std::optional<std::int64_t> user_id;
  std::string name, email, page, message;
  std::int64_t created_at = 0;
};
void add_feedback(db::Connection& c, const Feedback& f, std::int64_t now);
// The newest first, `limit` from `offset`.
std::vector<Feedback> feedback(db::Connection& c, int limit, int offset);
std::int64_t feedback_count(db::Connection& c);

// Whom the platform's mail to its administrators goes to.
struct Recipient {
  std::string email, lang;
};
std::vector<Recipient> platform_admins(db::Connection& c);

// Raises the cookie policy version, so that everyone is asked again; returns the new version.
int bump_policy_version(db::Connection& c, std::int64_t now);

// The newest choice of an account, or of a visitor (by the hash of its cookie value).
std::optional<Recorded> for_user(db::Connection& c, std::int64_t user_id);
std::optional<Recorded> for_visitor(db::Connection& c, const std::string& visitor_hash);
// Records one choice; exactly one of user_id / visitor_hash is usually set (both when a
// signed-in person has a visitor cookie, so the choice holds after signing out too).
void record(db::Connection& c, std::optional<std::int64_t> user_id, const std::string& visitor_hash, int version,
            const Choice& choice, std::int64_t now);

// ---- the privacy notice (migrations/0125_privacy_notices.sql) ------------------------------

struct Notice {
  std::int64_t id = 0;
  std::string lang;
  int version = 0;
  std::string body;  // Markdown
  std::int64_t published_at = 0;
};
// The newest version published in `lang` ("": in any language).
std::optional<Notice> newest_notice(db::Connection& c, std::string_view lang);
std::optional<Notice> notice(db::Connection& c, std::int64_t id);
// Every version published in `lang`, the newest first (bodies left empty).
std::vector<Notice> notice_versions(db::Connection& c, std::string_view lang);
std::optional<std::string> notice_draft(db::Connection& c, std::string_view lang);
// Keeps `body` as the language's draft; an empty body discards the draft.
void save_notice_draft(db::Connection& c, std::string_view lang, const std::string& body, std::int64_t user_id,
                       std::int64_t now);
// Publishes `body` as the language's next version and discards its draft.
Notice publish_notice(db::Tx& c, std::string_view lang, const std::string& body, std::int64_t user_id,
                      std::int64_t now);
// The newest notice the person accepted (0: the built-in one); nullopt when none.
std::optional<std::int64_t> newest_accepted(db::Connection& c, std::int64_t user_id);
void add_acceptance(db::Tx& c, std::int64_t user_id, std::int64_t notice_id, std::string_view how, std::int64_t now);

// ---- data exports (migrations/0126_privacy_exports.sql) -----------------------------------

struct Export {
  std::int64_t id = 0, user_id = 0;
  std::optional<std::int64_t> requested_by;  // the administrator; nullopt: the person
  std::string status;                        // queued, ready, failed
  std::int64_t size = 0, ready_at = 0, expires_at = 0, created_at = 0;
};
// Whether an export of the person's data asked by `requested_by` (nullopt: by the person) is
// still being prepared. The person's own request and an administrator's do not block each other.
bool export_pending(db::Connection& c, std::int64_t user_id, std::optional<std::int64_t> requested_by);
// Queues an export of the person's data; nullopt when one of the same asker is being prepared.
std::optional<std::int64_t> queue_export(db::Tx& c, std::int64_t user_id, std::optional<std::int64_t> requested_by,
                                         std::int64_t now);
std::optional<Export> export_row(db::Connection& c, std::int64_t id);
// The person's own exports (`by_admin` false) or those administrators produced for them, the
// newest first.
std::vector<Export> exports_of(db::Connection& c, std::int64_t user_id, bool by_admin, int limit);
// The zip of a ready export (decoded).
std::optional<std::string> export_zip(db::Connection& c, std::int64_t id);
void finish_export(db::Connection& c, std::int64_t id, const std::string& zip, std::int64_t now, std::int64_t expires_at);
void fail_export(db::Connection& c, std::int64_t id, std::int64_t now);

}  // namespace cityskills::consent::store
