#pragma once
#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::forum {
void register_routes(web::App& app);
// Demo categories (one per theme and one for a bootcamp) with threads in several languages.
void seed_demo(db::Connection& c, std::int64_t now);
// Puts every visible post of every visible thread in the search index (rebuilding it).
void index_search(db::Connection& c);
}  // namespace cityskills::forum
