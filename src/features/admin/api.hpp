#pragma once
// Platform administration: the dashboard, people pages and the audit log of every
// administrative action. Other features write to the log through `audit`.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "i18n/zones.hpp"
#include "web/app.hpp"

namespace cityskills::admin {

void register_routes(web::App& app);

// One administrative action: what was done (e.g. "user.block"), to what ("user", "org",
// "job", "setting", "award") and why. A person as target is the row's subject, so the
// person's data export lists it.
struct Action {
  std::string action;
  std::string target_kind = "user";
  std::int64_t target_id = 0;
  std::string reason;
  std::string detail;  // what changed, in plain words or a short key=value list; no personal data
};
// Records the action in the caller's transaction (the log and the change commit together).
void audit(db::Connection& c, std::optional<std::int64_t> actor_id, const Action& a);

// Blocks an account (the people pages and the API): it cannot sign in, its sessions end on every
// node, the action is audited with `reason`; the last active platform administrator is kept.
// Whether the actor may block this person is the caller's policy.
enum class BlockOutcome { kDone, kAlready, kLastAdmin, kGone };
BlockOutcome block_person(db::Tx& c, std::int64_t actor_id, std::int64_t person_id, const std::string& reason);

// The site settings administrators choose (/admin/settings); defaults when none is stored.
struct SiteSettings {
  std::string site_name;                 // empty: the translated default name
  std::optional<std::int64_t> logo_id;   // a media row (image)
  std::string logo_alt;
  std::string primary_colour;            // "#rrggbb" with at least 4.5:1 against white; empty: the design system's
  std::vector<std::pair<std::string, std::string>> footer_links;  // label, http(s) address
  std::string contact_email, contact_phone, contact_address;
  std::string mail_from_name, mail_from_address;  // empty: the server's configured sender
  std::string default_language;          // empty: negotiated from the browser only
  std::string time_zone{i18n::kDefaultZone};  // pages show times in it; new events and articles start in it
  std::string signup = "open";           // open, closed, domains
  std::vector<std::string> signup_domains;  // lower-case, for "domains"
  std::int64_t updated_at = 0;
};
// Reads the settings now (one small query).
SiteSettings site_settings(db::Connection& c);
// This node's copy of the settings, at most a second old (web::NodeCache; decision note 0029):
// what pages show. A save through this node drops it (settings_changed).
std::shared_ptr<const SiteSettings> site_settings(web::Services& svc);
// Drops this node's copy after the settings were written (call it after the commit).
void settings_changed(web::Services& svc);
// The site's time zone read now: the administrators' choice when it is one of the offered
// zones, otherwise the default (i18n::kDefaultZone). For work outside a request (mail, jobs);
// pages use web::Ctx::zone().
std::string site_time_zone(db::Connection& c);
// The From header outgoing mail uses ("Name <address>", the name encoded when not ASCII), or
// `fallback` when the administrators set no sender address.
std::string mail_from(const SiteSettings& s, const std::string& fallback);
// Whether sign-up accepts this (lower-case, syntactically valid) address: nullopt when it
// does, otherwise the translation key of the refusal.
std::optional<std::string> signup_refusal(const SiteSettings& s, std::string_view email);
// Makes the image (a media row) the site logo, described by `alt`, unless administrators have
// already chosen one (the demo seed never replaces a real logo). True when it did.
bool set_logo_unless_set(db::Connection& c, std::int64_t media_id, const std::string& alt);
// WCAG 2.x contrast ratio of two "#rrggbb" colours (1 to 21).
double contrast_ratio(std::string_view colour_a, std::string_view colour_b);

}  // namespace cityskills::admin
