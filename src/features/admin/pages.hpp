#pragma once
// Inside the administration feature: each page file registers its own routes.
#include <string>
#include <string_view>
#include <vector>

#include "web/app.hpp"

namespace cityskills::admin {

void register_dashboard_routes(web::App& app);
void register_people_routes(web::App& app);
void register_audit_routes(web::App& app);
void register_settings_routes(web::App& app);

// "#rrggbb".
bool valid_colour(std::string_view c);

// The lines of a text area, trimmed, blank ones left out (footer links, sign-up domains).
std::vector<std::string> nonempty_lines(const std::string& text);

struct SiteSettings;
// The settings' time zone when it is one of the offered zones, otherwise the default.
std::string site_zone(const SiteSettings& s);

}  // namespace cityskills::admin
