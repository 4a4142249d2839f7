#pragma once
// Handlers shared between the assessment's source files (not for other features).
#include <optional>
#include <string>
#include <string_view>

#include "features/assessment/api.hpp"
#include "features/assessment/store.hpp"
#include "http/message.hpp"
#include "web/app.hpp"

namespace cityskills::assessment {

// The person's current attempt from the assessment cookie, claimed for them when they are
// signed in and it was anonymous.
struct Current {
  Attempt attempt;
  std::string token;
};
std::optional<Current> current_attempt(web::Ctx& ctx, db::Connection& c);

// The node-cache key of the introduction's frameworks and bank in `locale` (routes.cpp),
// dropped when a question is saved (manage.cpp).
inline std::string intro_cache_key(std::string_view locale) { return "assessment.intro." + std::string(locale); }
// The node-cache key of the result page's framework and areas (routes.cpp), dropped with it.
inline std::string result_cache_key(std::string_view locale, std::int64_t framework_id) {
  return "assessment.result." + std::string(locale) + "." + std::to_string(framework_id);
}

// Frameworks whose question bank the user may edit.
std::vector<Framework> editable(db::Connection& c, const web::Actor& actor, const std::string& lang);

// Sets the result page's path: the weak competences, the next step, and the suggested
// courses, events and practices (docs/assessment-recommendations.md).
void add_suggestions(web::Ctx& ctx, db::Connection& c, const Bank& b, const Outcome& o, view::Data& d);

// The learning paths registered by set_path_source (none when no source is registered).
std::vector<PathCandidate> path_candidates(db::Connection& c, const std::string& lang, int limit);

http::Response manage_list(web::Ctx& ctx);
http::Response manage_framework(web::Ctx& ctx);
http::Response question_form(web::Ctx& ctx);
http::Response question_save(web::Ctx& ctx);
http::Response org_figures(web::Ctx& ctx);
http::Response org_figures_csv(web::Ctx& ctx);

}  // namespace cityskills::assessment
