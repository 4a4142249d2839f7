#pragma once
// The e-mails accounts sends about an account (internal to the feature; other features use
// api.hpp): each is queued as a durable job, in the person's language when it is one of the
// five, else `fallback_lang`. Links carry a single-use token.
#include <string>

#include "db/database.hpp"
#include "features/accounts/model.hpp"

namespace cityskills::accounts {

inline constexpr std::int64_t kVerifyTtl = 48 * 3600;
inline constexpr std::int64_t kResetTtl = 3600;

// A new e-mail verification link, unless mail to the person is being held back (decision note
// 0012); true when queued.
bool send_verification_mail(db::Connection& c, const Account& a, const std::string& fallback_lang,
                            const std::string& base_url);
// A password-reset link, under the same rule.
bool send_reset_mail(db::Connection& c, const Account& a, const std::string& fallback_lang, const std::string& base_url);
// To the owner of an address someone tried to sign up with again: how to sign in or reset.
void send_already_registered_mail(db::Connection& c, const Account& a, const std::string& fallback_lang,
                                  const std::string& base_url);

}  // namespace cityskills::accounts
