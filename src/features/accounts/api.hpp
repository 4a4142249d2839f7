#pragma once
// What other features may use of accounts.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::accounts {

void register_routes(web::App& app);
// Queues an e-mail (durable job) in the recipient's language.
void queue_mail(db::Connection& c, const std::string& to, const std::string& subject, const std::string& text,
                const std::vector<mail::Attachment>& attachments = {});
// Handler for the "mail" job kind.
void deliver_mail_job(const web::Config& config, const std::string& payload_json);
// Account look-ups for other features.
std::optional<std::int64_t> user_id_by_email(db::Connection& c, std::string_view email);
bool user_exists(db::Connection& c, std::int64_t id);
// Queues a new e-mail verification link (or a password-reset link) for the person, as if they
// had asked for it; false when there is no such active account, it is already verified (for
// verification), or mail to the person is being held back (decision note 0012).
bool mail_verification_link(db::Connection& c, std::int64_t user_id, const std::string& base_url);
bool mail_reset_link(db::Connection& c, std::int64_t user_id, const std::string& base_url);
// Ends every session of the person on every node (the next request is anonymous).
void end_sessions(db::Connection& c, std::int64_t user_id);
// Sliding-window limit shared by all nodes: true (and the attempt counted) while fewer than
// `max` attempts fell in the last `window_seconds`; false when the limit is reached. Checking and
// counting are one step: concurrent attempts on any node cannot pass the limit together (on
// PostgreSQL a lock per bucket held until the transaction ends, on SQLite the write lock).
// Inside the caller's transaction:
bool rate_allow(db::Tx& t, const std::string& bucket, std::int64_t window_seconds, int max);
// In a transaction of its own:
bool rate_allow(db::Database& db, const std::string& bucket, std::int64_t window_seconds, int max);
// ---- for sign-in through another service (single sign-on), in external.cpp ----
struct AccountInfo {
  std::int64_t id = 0;
  std::string email, display_name, lang;
  bool verified = false, disabled = false;
  bool has_password = false;  // false: the account can only be entered through a linked identity
};
std::optional<AccountInfo> account_by_email(db::Connection& c, std::string_view email);
std::optional<AccountInfo> account_by_id(db::Connection& c, std::int64_t id);
// Where the account stands, for deciding whether an identity may be linked to it by address.
struct AccountStanding {
  bool platform_admin = false;
  std::optional<std::int64_t> org_id;                            // the home organisation
  std::vector<std::pair<std::int64_t, std::string>> memberships;  // (organisation, role)
};
AccountStanding account_standing(db::Connection& c, std::int64_t id);
// A new account without a password (the identity provider vouches for the person), its
// address verified when the provider said so; nullopt when the address is already taken.
std::optional<std::int64_t> create_external_account(db::Connection& c, const std::string& email,
                                                    const std::string& display_name, const std::string& lang,
                                                    bool email_verified, std::optional<std::int64_t> org_id);
// Gives the person `role` (one of kRoles) in the organisation, if not already held; true when
// it was given now.
bool grant_role(db::Connection& c, std::int64_t user_id, std::int64_t org_id, const std::string& role);
// Localised country names, sorted for the locale.
std::vector<std::pair<std::string, std::string>> country_options(std::string_view locale);

}  // namespace cityskills::accounts
