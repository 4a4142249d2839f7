#pragma once
// The cookies the platform itself sets, shared by the request pipeline (app.cpp) and the
// request context (ctx.cpp). Internal to src/web.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "util/strings.hpp"
#include "web/app.hpp"

namespace cityskills::web::cookies {

// Every cookie the site sets starts with it (features too: cs_consent, cs_assessment, cs_sso).
inline constexpr std::string_view kCookiePrefix = "cs_";
inline constexpr std::int64_t kSessionLifetime = 30 * 24 * 3600;
inline constexpr std::string_view kSessionCookie = "cs_session";
inline constexpr std::string_view kPreCookie = "cs_pre";  // a visitor's id before sign-in (CSRF)
inline constexpr std::string_view kLangCookie = "cs_lang";
inline constexpr std::string_view kFlashCookie = "cs_flash";

// The cookies a request carries, by name (the first of a name that comes twice).
inline std::map<std::string, std::string> parse_cookies(std::string_view header) {
  std::map<std::string, std::string> out;
  for (auto part : util::split(header, ';')) {
    part = util::trim(part);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    out.emplace(std::string(util::trim(part.substr(0, eq))), std::string(util::trim(part.substr(eq + 1))));
  }
  return out;
}

// Cookies are marked Secure when people reach the site over https.
inline bool is_https(const Services& s) { return s.config.public_url.starts_with("https://"); }

}  // namespace cityskills::web::cookies
