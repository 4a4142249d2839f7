#pragma once
#include "web/app.hpp"

namespace cityskills::home {
// "/", "/healthz" (process up) and "/readyz" (database reachable).
void register_routes(web::App& app);
}
