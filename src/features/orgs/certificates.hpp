#pragma once
// What an organisation puts on the certificates it issues: its logo and signatory, changed by
// its own administrators (and platform admins) on the organisation's page.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "web/forms.hpp"

namespace cityskills::orgs {

// What the organisation puts on its certificates (migration 0120).
struct Certificates {
  std::optional<std::int64_t> logo_id;       // a media row: PNG or JPEG
  std::string signatory_name;                // "" when no signatory is named
  std::map<std::string, std::string> roles;  // the signatory's role by language
};

namespace store {
Certificates certificates(db::Connection& c, std::int64_t org_id);
// Makes `media_id` the logo (remembered among the organisation's logos), or none.
void set_logo(db::Connection& c, std::int64_t org_id, std::optional<std::int64_t> media_id);
// Replaces the signatory: the name and the roles given (empty roles are dropped).
void set_signatory(db::Tx& c, std::int64_t org_id, const std::string& name,
                   const std::map<std::string, std::string>& roles);
// Whether `media_id` is or was one of the organisation's logos.
bool had_logo(db::Connection& c, std::int64_t org_id, std::int64_t media_id);
}  // namespace store

inline constexpr std::size_t kSignatoryNameMax = 100;
inline constexpr std::size_t kSignatoryRoleMax = 120;

// The signatory: a name (not translated) and a role per language. Both empty: no signatory.
struct SignatoryForm {
  std::string name;
  std::map<std::string, std::string> roles;  // language -> role, every language read
  void read(web::FormInput& in);
};
// A name needs a role in at least one language, and a role needs a name; each a single line of
// at most kSignatoryNameMax / kSignatoryRoleMax characters.
web::FormErrors check(const SignatoryForm& form);

struct Organisation;
// The organisation's page (routes.cpp) with these errors and, when given, the signatory as entered.
http::Response organisation_page(web::Ctx& ctx, const Organisation& o, const web::FormErrors& errors, int status,
                                 const SignatoryForm* entered);

void register_certificate_routes(web::App& app);

}  // namespace cityskills::orgs
