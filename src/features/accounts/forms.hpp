#pragma once
// The account forms: sign-up, sign-in, an address to mail a link to, a new password and the
// profile. Each reads its fields once (which makes them the form's allow-list); the checks are
// pure — what needs the database (the administrators' sign-up rule for the address, the notice
// in force, whether an organisation exists) comes in as plain data — and unit-tested without
// a server.
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "features/accounts/model.hpp"
#include "features/accounts/passwords.hpp"
#include "web/forms.hpp"

namespace cityskills::accounts {

// The arguments of the password messages.
inline const i18n::Args kPasswordLimits = {{"min", std::to_string(kPasswordMin)}, {"max", std::to_string(kPasswordMax)}};

struct SignupForm {
  std::string email, display_name, password;
  bool privacy_accept = false;
  std::string notice_id;  // the privacy notice shown ("" or "0": the built-in one)
  void read(web::FormInput& in);
};

// Why sign-up refuses an address (a domain the administrators did not list): the message's key
// and arguments.
using Refusal = std::pair<std::string, i18n::Args>;

// `refusal`: the administrators' answer for a well-formed address; `notice_id`: the notice in
// force now (0: the built-in one) — one published while the form was open is accepted again.
web::FormErrors check(const SignupForm& form, const std::optional<Refusal>& refusal, std::int64_t notice_id);

// Sign-in: whether the address and password match is the database's to say.
struct LoginForm {
  std::string email;  // trimmed and in lower case
  std::string password, next;
  void read(web::FormInput& in);
};

// One address to send a link to (a new verification link, a password reset).
struct EmailForm {
  std::string email;  // trimmed, as typed
  void read(web::FormInput& in);
};
web::FormErrors check(const EmailForm& form);

// A new password, with the link's token.
struct ResetForm {
  std::string token, password;
  void read(web::FormInput& in);
};
// The password may not be the account's address, its local part or the person's name.
web::FormErrors check(const ResetForm& form, const Account& account);

struct ProfileForm {
  std::string display_name, audience, age_band, country, lang;
  std::string org_id;  // "" for none
  void read(web::FormInput& in);
  // The organisation chosen, when its id is well-formed (nullopt for none or a bad one).
  std::optional<std::int64_t> org() const;
  // Copies the fields into `a`; the organisation only when `org_exists`, else none.
  void apply(Account& a, bool org_exists) const;
};
// `org_exists`: whether org() names an organisation (read only when one was chosen).
web::FormErrors check(const ProfileForm& form, bool org_exists);

}  // namespace cityskills::accounts
