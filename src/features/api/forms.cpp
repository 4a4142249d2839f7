#include "features/api/forms.hpp"

#include <algorithm>
#include <set>

#include "features/api/tokens.hpp"
#include "util/strings.hpp"

namespace cityskills::api {

void TokenForm::read(web::FormInput& in) {
  name = in.trimmed("name");
  owner = in.trimmed("owner");
  scopes = in.all("scope");
  days = in.trimmed("days");
}

web::FormErrors check(const TokenForm& f, const std::vector<std::int64_t>& orgs) {
  web::FormErrors e;
  web::check_text(e, "name", f.name, 80, "validation.text.too_long");
  if (f.owner != "me") {
    auto id = util::parse_id(f.owner);
    if (!id || std::find(orgs.begin(), orgs.end(), *id) == orgs.end()) e.add("owner", "validation.choice.invalid");
  }
  if (f.scopes.empty()) e.add("scope", "api.tokens.no_scope");
  for (const auto& s : f.scopes)
    if (!known_scope(s)) {
      e.add("scope", "validation.choice.invalid");
      break;
    }
  std::vector<std::string> days;
  for (int d : kDayChoices) days.push_back(std::to_string(d));
  web::check_choice(e, "days", f.days, days);
  return e;
}

std::optional<std::int64_t> owner_org(const TokenForm& f) {
  if (f.owner == "me") return std::nullopt;
  return util::parse_id(f.owner);
}

std::string normalised_scopes(const std::vector<std::string>& scopes) {
  std::set<std::string> known;
  for (const auto& s : scopes)
    if (known_scope(s)) known.insert(s);
  std::string out;
  for (const auto& s : known) out += (out.empty() ? "" : " ") + s;
  return out;
}

}  // namespace cityskills::api
