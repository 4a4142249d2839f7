#pragma once
// What other features may use of an organisation's certificate branding (decision note 0022):
// its logo and signatory, which credentials copies into each award and draws on certificates.
// Kept apart from api.hpp so that the many users of api.hpp do not depend on it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"

namespace cityskills::orgs {

struct Branding {
  std::string name, website;
  std::optional<std::int64_t> logo_id;         // a media row (PNG or JPEG), when it has a logo
  std::string signatory_name, signatory_role;  // the role in the language asked for, else another
};
// nullopt for an organisation that does not exist. The role is the one in `lang`, else in the
// default language, else any one given.
std::optional<Branding> branding(db::Connection& c, std::int64_t org_id, std::string_view lang);
// The public address (a path) of the organisation's logo `media_id`, current or earlier.
std::string logo_path(std::int64_t org_id, std::int64_t media_id);
// The demo organisations' logos (drawn) and signatories, before any award is given; an
// organisation that has a logo already is left as it is.
void seed_demo_certificates(db::Database& db, const std::string& data_dir);

}  // namespace cityskills::orgs
