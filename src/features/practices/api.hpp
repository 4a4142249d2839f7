#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::practices {
void register_routes(web::App& app);
void seed_demo(db::Connection& c, std::int64_t now);
// Puts every public practice in the search index (rebuilding it).
void index_search(db::Connection& c);

struct PracticeRef {
  std::int64_t id = 0;
  std::string title, lang, org_name;
  std::vector<std::string> areas;  // DigComp area codes, "1" ... "5"
  std::string url() const { return "/practices/" + std::to_string(id); }
};
// Published practices on any of `areas` (DigComp area codes), those in `lang` first, then the
// newest; at most `limit` (for the assessment's recommendations, which order them).
std::vector<PracticeRef> published_in_areas(db::Connection& c, const std::vector<std::string>& areas,
                                            const std::string& lang, int limit);
}
