#include "features/accounts/passwords.hpp"

#include <unordered_set>

#include "util/embedded.hpp"
#include "util/strings.hpp"

namespace cityskills::accounts {
namespace {

// John the Ripper's list of common passwords (Debian's john-data), embedded at build time.
const std::unordered_set<std::string>& common() {
  static const std::unordered_set<std::string> set = [] {
    std::unordered_set<std::string> s;
    auto data = embedded::find("password.lst");
    if (!data) return s;
    for (auto line : util::split(*data, '\n')) {
      line = util::trim(line);
      if (line.empty() || line.starts_with("#!comment:")) continue;
      s.insert(util::to_lower(line));
    }
    return s;
  }();
  return set;
}

}  // namespace

bool is_common_password(std::string_view password) { return common().count(util::to_lower(password)) > 0; }

std::size_t common_password_count() { return common().size(); }

std::optional<std::string> check_password(std::string_view password, const std::vector<std::string>& personal) {
  if (!util::valid_utf8(password)) return "validation.password.invalid";
  auto n = util::utf8_length(password);
  if (n < kPasswordMin) return "validation.password.too_short";
  if (n > kPasswordMax) return "validation.password.too_long";
  auto lower = util::to_lower(password);
  for (const auto& p : personal)
    if (!p.empty() && util::to_lower(p) == lower) return "validation.password.personal";
  if (is_common_password(password)) return "validation.password.common";
  return std::nullopt;
}

}  // namespace cityskills::accounts
