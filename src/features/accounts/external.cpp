// What single sign-on needs of accounts: look-ups by address, accounts created without a
// password, and roles given from the provider's claims.
#include <algorithm>

#include "features/accounts/api.hpp"
#include "features/accounts/model.hpp"
#include "features/accounts/store.hpp"
#include "util/strings.hpp"

namespace cityskills::accounts {
namespace {

AccountInfo info(const Account& a) {
  return {a.id, a.email, a.display_name, a.lang, a.verified, a.disabled, !a.password_hash.empty()};
}

}  // namespace

std::optional<AccountInfo> account_by_email(db::Connection& c, std::string_view email) {
  auto a = store::find_by_email(c, email);
  if (!a) return std::nullopt;
  return info(*a);
}

std::optional<AccountInfo> account_by_id(db::Connection& c, std::int64_t id) {
  auto a = store::find_by_id(c, id);
  if (!a) return std::nullopt;
  return info(*a);
}

AccountStanding account_standing(db::Connection& c, std::int64_t id) {
  AccountStanding s;
  if (auto r = c.one("SELECT platform_admin, org_id FROM users WHERE id = ?", {id})) {
    s.platform_admin = r->i64(0) != 0;
    if (!r->is_null(1)) s.org_id = r->i64(1);
  }
  for (const auto& r : c.query("SELECT org_id, role FROM memberships WHERE user_id = ?", {id}))
    s.memberships.emplace_back(r.i64(0), r.str(1));
  return s;
}

std::optional<std::int64_t> create_external_account(db::Connection& c, const std::string& email,
                                                    const std::string& display_name, const std::string& lang,
                                                    bool email_verified, std::optional<std::int64_t> org_id) {
  Account a;
  a.email = util::to_lower(email);
  a.display_name = display_name;
  a.lang = lang;
  a.verified = email_verified;
  a.org_id = org_id;
  // No password: an empty hash never verifies (login compares against a dummy hash instead).
  return store::create(c, a);
}

bool grant_role(db::Connection& c, std::int64_t user_id, std::int64_t org_id, const std::string& role) {
  if (std::find(kRoles.begin(), kRoles.end(), role) == kRoles.end()) return false;
  auto now = util::now_unix();
  return c.exec("INSERT INTO memberships (user_id, org_id, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
         "ON CONFLICT (user_id, org_id, role) DO NOTHING",
         {user_id, org_id, role, now, now}) > 0;
}

}  // namespace cityskills::accounts
