#pragma once
// The API feature's route groups (internal to the feature).
#include "web/app.hpp"

namespace cityskills::api {

void register_token_pages(web::App& app);
void register_profile_section();
void register_catalog_routes(web::App& app);
void register_people_routes(web::App& app);
void register_event_routes(web::App& app);
void register_award_routes(web::App& app);
void register_figure_routes(web::App& app);

// A token route: its scope declared with it, its errors problem details, a JSON body of at
// most `body_limit` bytes.
void token_route(web::App& app, std::string method, std::string pattern, std::string scope,
                 std::function<http::Response(web::Ctx&)> handler, std::size_t body_limit = 16 * 1024);

}  // namespace cityskills::api
