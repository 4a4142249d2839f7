#pragma once
// "How digital are you?": competence frameworks (DigComp 2.2 built in), the self-assessment,
// results with recommendations, history, authoring and organisation figures.
#include <cstdint>
#include <optional>
#include <string>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::assessment {

void register_routes(web::App& app);
// Loads the frameworks shipped in the binary (DigComp 2.2) unless already present; run after
// migrations, by serve, migrate and seed.
void install_builtin(db::Database& db);
// Demo data: nothing beyond the built-in framework (courses are tagged by the catalogue).
void seed_demo(db::Connection& c, std::int64_t now);

// `cityskills framework load FILE [--default] [--org ID]`: returns 0, or prints the problem
// and returns 2.
int load_framework_file(db::Database& db, const std::string& path, bool make_default,
                        std::optional<std::int64_t> org_id);

}  // namespace cityskills::assessment
