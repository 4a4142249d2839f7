#pragma once
// The rules of the cookie centre, pure so that they are unit-tested without a server: which
// categories exist, when a visitor must be asked (again), and which origin the analytics tool
// may use in the Content-Security-Policy.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cityskills::consent {

// A choice asked for again after this long (the Italian Garante's guidelines of 2021 suggest
// not asking more often than every six months, and a choice does not last for ever).
inline constexpr std::int64_t kChoiceLifetime = 180L * 24 * 3600;
// Lifetime of the technical cookie that holds the visitor id.
inline constexpr std::int64_t kVisitorCookieLifetime = kChoiceLifetime;
inline constexpr std::string_view kVisitorCookie = "cs_consent";

// Self-test attempts never attached to an account are deleted this long after their last
// change: as long as the cookie that lets the visitor come back to them lives.
inline constexpr int kAnonymousSelfTestRetentionDays = 90;

// When the accessibility statement was last reviewed and the privacy notice last changed
// (UTC); change them with the texts.
inline constexpr std::int64_t kAccessibilityReviewed = 1'796'515'200;  // 2026-12-06
inline constexpr std::int64_t kPrivacyNoticeUpdated = 1'796'515'200;   // 2026-12-06

// Non-technical categories a person chooses; technical cookies are always on.
struct Choice {
  bool analytics = false;
  bool profiling = false;
};

// The choice in force for a person, as recorded.
struct Recorded {
  int policy_version = 0;
  Choice choice;
  std::int64_t created_at = 0;
};

// Whether the notice must be shown: no choice yet, one made under an older cookie policy, or
// one older than kChoiceLifetime.
bool needs_asking(const std::optional<Recorded>& r, int current_version, std::int64_t now);

// The origin (scheme://host[:port]) of the analytics tool's address, which the CSP names; nullopt
// when the address is not a plain http(s) URL with a host made of letters, digits, dots and
// hyphens (nothing that could widen or break the policy).
std::optional<std::string> analytics_origin(std::string_view url);

// One cookie or storage item the instance sets, for the /cookies list.
struct CookieInfo {
  std::string name;
  std::string category;      // technical, analytics, profiling
  std::string purpose_key;   // translation key
  std::string duration_key;  // translation key (args: {n})
  std::int64_t duration_n = 0;
  bool third_party = false;  // set by the analytics tool, not by this site
};

// Every cookie this instance can set; the analytics tool's only when one is registered.
std::vector<CookieInfo> cookie_catalogue(bool analytics_registered);

}  // namespace cityskills::consent
