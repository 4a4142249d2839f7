#pragma once
// Inside the administration feature: each page file registers its own routes.
#include <string>
#include <string_view>

#include "web/app.hpp"

namespace cityskills::admin {

void register_dashboard_routes(web::App& app);
void register_people_routes(web::App& app);
void register_audit_routes(web::App& app);
void register_settings_routes(web::App& app);

// "#rrggbb".
bool valid_colour(std::string_view c);

// The zone administration pages show times in.
inline std::string site_zone(const web::Ctx&) { return "Europe/Rome"; }

}  // namespace cityskills::admin
