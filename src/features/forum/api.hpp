#pragma once
#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::forum {
void register_routes(web::App& app);
// Demo categories (one per theme and one for a bootcamp) with threads in several languages.
void seed_demo(db::Connection& c, std::int64_t now);
}  // namespace cityskills::forum
