#pragma once
// The cookie centre's SQL: choices (append-only, see migrations/0070_consent.sql) and the
// privacy settings administrators change (the settings table, names "privacy.*").
#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "features/consent/policy.hpp"

namespace cityskills::consent::store {

struct Settings {
  int policy_version = 1;
  std::string analytics_url;  // e.g. https://stats.example.org/ ("" when none registered)
  std::string analytics_site_id;
  std::string controller, contact_email, dpo_email;  // shown on /privacy, /legal, /accessibility
};

Settings settings(db::Connection& c);
void save_analytics(db::Connection& c, const std::string& url, const std::string& site_id, std::int64_t now);
void save_contacts(db::Connection& c, const std::string& controller, const std::string& contact_email,
                   const std::string& dpo_email, std::int64_t now);
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
