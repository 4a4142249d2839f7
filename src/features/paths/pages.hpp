#pragma once
// Helpers the paths' page files share (routes.cpp, authoring.cpp). Internal to the feature.
#include <cstdint>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/paths/model.hpp"
#include "features/paths/progress.hpp"
#include "view/view.hpp"
#include "web/app.hpp"

namespace cityskills::paths::detail {

// Whether the signed-in person may author the path: a publisher in its organisation.
bool can_manage(db::Connection& c, const web::Ctx& ctx, const Path& p);
// The path when the reader may see it: published, or a draft of an organisation they publish
// in; otherwise Reject 404 (a draft's existence is not disclosed).
Path find_visible(db::Connection& c, const web::Ctx& ctx, std::int64_t id);
// The path when the signed-in person may author it; otherwise Reject 404 (unknown) or 403.
Path find_managed(db::Connection& c, const web::Ctx& ctx, std::int64_t id);

// Card and facts of a path (list, show, author pages).
view::Data card(const web::Ctx& ctx, const Path& p);
// The steps with what each requirement names, and the person's progress when `progress` is given.
view::List step_items(const web::Ctx& ctx, db::Connection& c, const std::vector<Step>& steps,
                      const PathProgress* progress, bool authoring);
// "Reach Intermediate in 4. Safety" for a level requirement.
std::string level_label(const web::Ctx& ctx, db::Connection& c, const Requirement& r);

}  // namespace cityskills::paths::detail
