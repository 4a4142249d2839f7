#pragma once
// The form that makes an API token: fields named once, `check` pure (tests/unit/api_test.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "web/form_input.hpp"
#include "web/forms.hpp"

namespace cityskills::api {

struct TokenForm {
  std::string name;
  std::string owner;                // "me" (a personal token) or an organisation's id
  std::vector<std::string> scopes;  // each "resource:read" or "resource:write"
  std::string days;                 // one of kDayChoices
  void read(web::FormInput& in);
};

// `orgs`: the organisations the person may make service tokens for.
web::FormErrors check(const TokenForm& f, const std::vector<std::int64_t>& orgs);
// The organisation of a service token, nullopt for a personal one (after check passed).
std::optional<std::int64_t> owner_org(const TokenForm& f);
// The scopes as stored: known ones, sorted, once each, single spaces.
std::string normalised_scopes(const std::vector<std::string>& scopes);

}  // namespace cityskills::api
