#pragma once
#include "web/app.hpp"

namespace cityskills::orgs {
void register_routes(web::App& app);
}
