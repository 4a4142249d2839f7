#pragma once
#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::practices {
void register_routes(web::App& app);
void seed_demo(db::Connection& c, std::int64_t now);
// Puts every public practice in the search index (rebuilding it).
void index_search(db::Connection& c);
}
