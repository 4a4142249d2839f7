#pragma once
// The cookie centre's SQL: choices (append-only, see migrations/0070_consent.sql) and the
// privacy settings administrators change (the settings table, names "privacy.*").
#include <cstdint>
#include <optional>
#include <string>
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

}  // namespace cityskills::consent::store
