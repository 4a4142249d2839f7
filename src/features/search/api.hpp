#pragma once
// The search page (/search) over every feature's public content, and rebuilding the index.
#include <cstdint>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::search_page {
void register_routes(web::App& app);
// Empties the index and puts every public document of every feature back, in one transaction.
// Returns the number of documents.
std::int64_t rebuild(db::Database& db);
// Rebuilds when the index was never built or was built with other rules (search::kIndexVersion);
// serve, migrate and seed call it after the migrations.
void rebuild_if_needed(db::Database& db);
}  // namespace cityskills::search_page
