#pragma once
#include <string>
#include <vector>

#include "db/database.hpp"
#include "web/app.hpp"

namespace cityskills::news {

void register_routes(web::App& app);
void seed_demo(db::Connection& c, std::int64_t now);
// Gives each demo article still without a picture its cover, drawn locally (cached) and
// described in the article's language; returns how many it gave. Runs outside the seed's
// transaction (ffmpeg draws the pictures).
int seed_demo_images(db::Database& db, const std::string& data_dir);

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
