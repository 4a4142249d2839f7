#pragma once
// Learning paths and qualifications: what other features may use.
#include <cstdint>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/assessment/api.hpp"
#include "web/app.hpp"

namespace cityskills::paths {

void register_routes(web::App& app);
// Listeners and page sections the feature adds to others (once per process).
void register_extensions();
// Demo paths: the Digital City Expert qualification and a citizens' path (after the demo
// courses and events exist; idempotent).
void seed_demo(db::Connection& c, std::int64_t now);
// Puts every published path in the search index (rebuilding it).
void index_search(db::Connection& c);

// Checks every path the person follows against what they achieved, records the steps met and
// awards each completed path once (inside the caller's transaction, on its connection).
void refresh(db::Tx& c, std::int64_t user_id);

// Every published path (all translations), those in `lang` first, at most `limit`, with what
// its courses teach and the areas its level steps name (the self-test's result page offers them).
std::vector<assessment::PathCandidate> published_paths(db::Connection& c, const std::string& lang, int limit);

}  // namespace cityskills::paths
