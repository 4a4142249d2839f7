#pragma once
// The cookies the platform itself sets, shared by the request pipeline (app.cpp) and the
// request context (ctx.cpp). Internal to src/web.
#include <cstdint>
#include <string_view>

#include "web/app.hpp"

namespace cityskills::web::cookies {

inline constexpr std::int64_t kSessionLifetime = 30 * 24 * 3600;
inline constexpr std::string_view kSessionCookie = "cs_session";
inline constexpr std::string_view kPreCookie = "cs_pre";  // a visitor's id before sign-in (CSRF)
inline constexpr std::string_view kLangCookie = "cs_lang";
inline constexpr std::string_view kFlashCookie = "cs_flash";

// Cookies are marked Secure when people reach the site over https.
inline bool is_https(const Services& s) { return s.config.public_url.starts_with("https://"); }

}  // namespace cityskills::web::cookies
