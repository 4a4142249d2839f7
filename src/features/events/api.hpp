#pragma once
#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::events {
void register_routes(web::App& app);
// Demo events for `seed --demo`, relative to `now` (idempotent).
void seed_demo(db::Connection& c, std::int64_t now);
}
