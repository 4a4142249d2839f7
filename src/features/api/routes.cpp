// The API feature's registration: the OpenAPI document, the token check behind every token
// route, the token pages and the resource routes.
#include "features/api/api.hpp"
#include "features/api/kit.hpp"
#include "features/api/routes.hpp"
#include "features/api/store.hpp"
#include "features/api/tokens.hpp"
#include "util/embedded.hpp"
#include "web/extensions.hpp"

namespace cityskills::api {
namespace {

http::Response openapi(web::Ctx&) {
  static const auto doc = embedded::find("src/features/api/openapi.json");
  http::Response r;
  r.status = 200;
  r.body = doc ? std::string(*doc) : "{}";
  r.set("content-type", "application/json");
  r.set("cache-control", "public, max-age=300");
  return r;
}

void declare_processing() {
  web::declare_personal_data({"api", "tokens", "processing.api.tokens.purpose", "processing.api.tokens.data",
                              web::LegalBasis::kPublicTask, "processing.retention.account", "", {"staff"},
                              {"api_tokens"}});
}

}  // namespace

void token_route(web::App& app, std::string method, std::string pattern, std::string scope,
                 std::function<http::Response(web::Ctx&)> handler, std::size_t body_limit) {
  web::RouteOptions opt;
  opt.csrf = false;  // no cookies on token routes: nothing a cross-site page could ride on
  opt.body_limit = body_limit;
  opt.scope = std::move(scope);
  app.route(std::move(method), std::move(pattern), web::Access::kToken, json_handler(std::move(handler)), std::move(opt));
}

void register_extensions() {
  register_profile_section();
  // A password reset signs the person out everywhere: their API tokens end with the sessions.
  web::on_credentials_reset([](db::Tx& c, std::int64_t user_id) { store::revoke_all_of(c, user_id); });
}

void register_routes(web::App& app) {
  declare_processing();
  app.services().bearer = authenticate;
  app.route("GET", "/api/v1/openapi.json", web::Access::kAnyone, openapi);
  register_token_pages(app);
  register_catalog_routes(app);
  register_people_routes(app);
  register_event_routes(app);
  register_award_routes(app);
  register_figure_routes(app);
}

}  // namespace cityskills::api
