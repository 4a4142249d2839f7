#pragma once
#include <string>
#include <vector>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::news {

void register_routes(web::App& app);
void seed_demo(db::Connection& c, std::int64_t now);

struct Headline {
  std::int64_t id;
  std::string title, summary, org;
  std::int64_t published;
};
// The newest published articles in a language (for the home page).
std::vector<Headline> latest(db::Connection& c, const std::string& lang, int n);
// Puts every published article in the search index (rebuilding it).
void index_search(db::Connection& c);

}  // namespace cityskills::news
