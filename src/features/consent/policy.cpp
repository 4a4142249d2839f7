#include "features/consent/policy.hpp"

#include "util/strings.hpp"
#include "web/validate.hpp"

namespace cityskills::consent {

bool needs_asking(const std::optional<Recorded>& r, int current_version, std::int64_t now) {
  if (!r) return true;
  if (r->policy_version < current_version) return true;
  return now - r->created_at >= kChoiceLifetime;
}

std::optional<std::string> analytics_origin(std::string_view url) {
  if (!web::is_http_url(url)) return std::nullopt;
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return std::nullopt;
  auto scheme = util::to_lower(url.substr(0, scheme_end));
  if (scheme != "http" && scheme != "https") return std::nullopt;
  auto rest = url.substr(scheme_end + 3);
  auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty()) return std::nullopt;
  bool port = false;
  for (char c : authority) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
    if (c == ':' && !port) {
      port = true;
      continue;
    }
    if (!ok || (port && !(c >= '0' && c <= '9'))) return std::nullopt;
  }
  if (authority.front() == '.' || authority.front() == '-' || authority.back() == ':') return std::nullopt;
  return scheme + "://" + util::to_lower(authority);
}

std::vector<CookieInfo> cookie_catalogue(bool analytics_registered) {
  std::vector<CookieInfo> out = {
      {"cs_session", "technical", "consent.cookie.session", "consent.duration.days", 30, false},
      {"cs_pre", "technical", "consent.cookie.pre", "consent.duration.browser", 0, false},
      {"cs_lang", "technical", "consent.cookie.lang", "consent.duration.days", 365, false},
      {"cs_flash", "technical", "consent.cookie.flash", "consent.duration.seconds", 60, false},
      {"cs_assessment", "technical", "consent.cookie.assessment", "consent.duration.days", 90, false},
      {std::string(kVisitorCookie), "technical", "consent.cookie.consent", "consent.duration.days",
       kVisitorCookieLifetime / (24 * 3600), false},
  };
  if (analytics_registered) {
    out.push_back({"_pk_id", "analytics", "consent.cookie.pk_id", "consent.duration.months", 13, true});
    out.push_back({"_pk_ses", "analytics", "consent.cookie.pk_ses", "consent.duration.minutes", 30, true});
  }
  return out;
}

}  // namespace cityskills::consent
