#pragma once
// API tokens (decision note 0033): what they may carry, how one is made, and the check every
// request to a token route passes (web::Services::bearer).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::api {

// The resources a token's scopes name; each is granted as "NAME:read" or "NAME:write".
inline const std::vector<std::string> kResources = {"people", "courses", "enrolments", "events", "awards", "figures"};
// Whether `scope` is one of the scopes above.
bool known_scope(std::string_view scope);
// The longest life a token may be given, in days, and the choices the form offers.
inline constexpr int kMaxDays = 366;
inline const std::vector<int> kDayChoices = {7, 30, 90, 366};
// Requests a token may make per minute (counted on every node).
inline constexpr int kPerMinute = 600;

// A new token's secret ("cs_" and 43 characters from 32 random bytes), its SHA-256 hex
// (what is stored) and its first characters (shown in lists).
struct NewSecret {
  std::string secret, hash, prefix;
};
NewSecret new_secret();

// The check behind Access::kToken routes (see web::Services::bearer).
std::optional<http::Response> authenticate(web::Ctx& ctx, std::string_view scope);

}  // namespace cityskills::api
