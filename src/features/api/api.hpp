#pragma once
// The REST API under /api/v1 (decision note 0033): JSON over bearer tokens, with an OpenAPI
// 3.1 document at /api/v1/openapi.json, and the pages where people make and revoke tokens
// (/api-tokens). It answers with the other features' own stores and policies, so the API and
// the pages follow one set of rules.
#include "web/app.hpp"

namespace cityskills::api {

void register_routes(web::App& app);
// The tokens link on the profile (web/extensions.hpp).
void register_extensions();

}  // namespace cityskills::api
