#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cityskills::accounts {

inline constexpr std::size_t kPasswordMin = 8;
inline constexpr std::size_t kPasswordMax = 128;

// The translation key of what is wrong with a new password, or nullopt. Length counts
// characters (not bytes); no character-class rules (ASVS 5.0 6.2.5). `personal` holds
// values the password must not equal: e-mail, its local part, display name, organisation.
std::optional<std::string> check_password(std::string_view password, const std::vector<std::string>& personal);
// True when the password is on the list of common or breached passwords.
bool is_common_password(std::string_view password);
std::size_t common_password_count();

}  // namespace cityskills::accounts
