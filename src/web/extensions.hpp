#pragma once
// Extension points between features, so that a feature can react to, or add to, another one's
// work without that feature depending on it (features depend on the platform, never in a circle).
// Listeners and sections are registered once, at start-up, before requests are served.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"

namespace cityskills::web {

class Ctx;

// Something a person achieved changed: a course completed, attendance at an event recorded, a
// self-test finished. Called on the connection (and inside the transaction) that recorded it, so
// what a listener derives (a learning path completed) is written together with it, or not at all.
using AchievementListener = std::function<void(db::Tx&, std::int64_t user_id)>;
void on_achievement(AchievementListener listener);
void achievement_changed(db::Tx& c, std::int64_t user_id);

// A person's password was reset (by an e-mailed link or by an operator): every capability the
// account holds in a feature (the private calendar feed address) is revoked, inside the
// transaction that ends the sessions and e-mailed links.
using CredentialsResetListener = std::function<void(db::Tx&, std::int64_t user_id)>;
void on_credentials_reset(CredentialsResetListener listener);
void credentials_reset(db::Tx& c, std::int64_t user_id);

// Signing out: a feature that also signed the person in somewhere else (single sign-on) names
// the page to show once the local session has ended ("sign out at the provider too"), or "".
// Called before the session ends; the first page named wins.
using SignOutPage = std::function<std::string(Ctx&)>;
void on_sign_out(SignOutPage page);
std::string sign_out_page(Ctx& ctx);

// A section that a feature adds to a page owned by another one ("My learning" shows the learning
// paths beside the courses): rendered HTML, or "" to add nothing.
using Section = std::function<std::string(Ctx&)>;
void add_section(std::string page, Section section);
std::vector<std::string> sections(std::string_view page, Ctx& ctx);

// What personal data a feature keeps, why, on what legal basis, for how long and who sees it
// (GDPR art. 30): one declaration per processing activity, made by the feature that owns the
// tables, so that the records of processing (/admin/privacy/records) are generated from the code.
// A test checks that every table holding a person's id is named by some declaration.
enum class LegalBasis { kPublicTask, kContract, kConsent, kLegalObligation, kLegitimateInterest };
struct PersonalData {
  std::string feature;                  // the feature folder, e.g. "events"
  std::string activity;                 // a name unique within the feature, e.g. "registrations"
  std::string purpose_key, data_key;    // translation keys: why, and which categories of data
  LegalBasis basis = LegalBasis::kPublicTask;
  std::string retention_key;            // translation key; {days} is `retention_period`'s days
  std::string retention_period;         // a retention period's name ("sessions"), or ""
  std::vector<std::string> recipients;  // "staff", "organisation", "public", "processors"
  std::vector<std::string> tables;      // every table holding this activity's personal rows
};
// Declares (or, for the same feature and activity, replaces) one activity.
void declare_personal_data(PersonalData d);
// Every declaration, ordered by feature and activity.
std::vector<PersonalData> personal_data();

}  // namespace cityskills::web
