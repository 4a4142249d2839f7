#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cityskills::accounts {

inline const std::vector<std::string> kAudiences = {"citizen", "business", "public_staff"};
inline const std::vector<std::string> kAgeBands = {"under_25", "25_44", "45_64", "65_74", "75_plus"};
inline const std::vector<std::string> kRoles = {"learner", "author", "moderator", "org_admin"};
// EU member states and the EEA/EFTA neighbours the network works with.
inline const std::vector<std::string> kCountries = {
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IS", "IE", "IT",
    "LV", "LI", "LT", "LU", "MT", "NL", "NO", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "CH", "GB"};

struct Account {
  std::int64_t id = 0;
  std::string email;
  std::string password_hash;
  std::string display_name;
  std::string audience;
  std::string age_band;
  std::optional<std::int64_t> org_id;
  std::string country;
  std::string lang;
  bool platform_admin = false;
  bool verified = false;
  bool disabled = false;
  std::int64_t created_at = 0;
};

}  // namespace cityskills::accounts
