#include "features/manifest.hpp"

#include <cstdio>
#include <mutex>

#include "db/database.hpp"
#include "features/accounts/api.hpp"
#include "features/admin/api.hpp"
#include "features/api/api.hpp"
#include "features/assessment/api.hpp"
#include "features/catalog/api.hpp"
#include "features/consent/api.hpp"
#include "features/credentials/api.hpp"
#include "features/events/api.hpp"
#include "features/forum/api.hpp"
#include "features/home/api.hpp"
#include "features/ideas/api.hpp"
#include "features/news/api.hpp"
#include "features/orgs/api.hpp"
#include "features/orgs/branding.hpp"
#include "features/paths/api.hpp"
#include "features/practices/api.hpp"
#include "features/resources/api.hpp"
#include "features/search/api.hpp"
#include "features/sso/api.hpp"
#include "features/xapi/api.hpp"
#include "util/strings.hpp"

namespace cityskills::features {
namespace {

// A feature's demo rows written in one transaction, stamped with the seed's time (Seed takes
// the transaction or the plain connection it runs on).
template <auto Seed>
void rows(db::Database& db, SeedContext&) {
  db.tx(db::TxKind::kWrite, [](db::Tx& c) { Seed(c, util::now_unix()); });
}

std::string format(const char* pattern, auto... args) {
  char line[256];
  std::snprintf(line, sizeof line, pattern, args...);
  return line;
}

// The demo courses and their narrated videos (made outside any transaction: they take time).
void courses(db::Database& db, SeedContext& ctx) {
  auto r = catalog::seed_demo(db, ctx.data_dir);
  ctx.summary.push_back(r.courses == 0 ? "Courses: the catalogue already has courses, so no demo course was added."
                                       : format("Courses: %d demo courses added, %d covers drawn.", r.courses, r.covers));
  const auto& v = r.videos;
  ctx.summary.push_back(format("Narrated videos: %d made, %d from the cache, %d not made (%.1f MB, %.1f s).", v.made,
                               v.cached, v.failed, static_cast<double>(v.bytes) / 1e6, r.video_seconds));
}

// The demo articles, then their cover pictures (drawn outside the transaction).
void articles(db::Database& db, SeedContext& ctx) {
  rows<news::seed_demo>(db, ctx);
  ctx.summary.push_back(format("News: %d pictures added.", news::seed_demo_images(db, ctx.data_dir)));
}

void organisation_branding(db::Database& db, SeedContext& ctx) { orgs::seed_demo_certificates(db, ctx.data_dir); }

}  // namespace

const std::vector<Feature>& all() {
  static const std::vector<Feature> features = {
      {"home", home::register_routes},
      {"accounts", accounts::register_routes},
      // The issuers' logos and signatories, before the courses: the demo citizen's certificate shows them.
      {"orgs", orgs::register_routes, nullptr, organisation_branding},
      {"admin", admin::register_routes},
      {"events", events::register_routes, events::register_extensions, rows<events::seed_demo>, events::index_search},
      {"ideas", ideas::register_routes, nullptr, rows<ideas::seed_demo>, ideas::index_search},
      {"news", news::register_routes, nullptr, articles, news::index_search},
      {"catalog", catalog::register_routes, nullptr, courses, catalog::index_search},
      {"paths", paths::register_routes, paths::register_extensions, rows<paths::seed_demo>, paths::index_search},
      {"practices", practices::register_routes, nullptr, rows<practices::seed_demo>, practices::index_search},
      {"resources", resources::register_routes, nullptr, rows<resources::seed_demo>, resources::index_search},
      {"forum", forum::register_routes, nullptr, rows<forum::seed_demo>, forum::index_search},
      {"assessment", assessment::register_routes, nullptr, rows<assessment::seed_demo>},
      {"search", search_page::register_routes},
      {"credentials", credentials::register_routes},
      {"consent", consent::register_routes},
      {"sso", sso::register_routes, sso::register_extensions},
      {"xapi", xapi::register_routes, xapi::register_extensions},
      {"api", api::register_routes, api::register_extensions},
  };
  return features;
}

void register_extensions() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const auto& f : all())
      if (f.extensions) f.extensions();
  });
}

void register_routes(web::App& app) {
  register_extensions();
  for (const auto& f : all())
    if (f.routes) f.routes(app);
}

void seed_demo(db::Database& db, SeedContext& ctx) {
  for (const auto& f : all())
    if (f.seed) f.seed(db, ctx);
}

void index_search(db::Connection& c) {
  for (const auto& f : all())
    if (f.index) f.index(c);
}

}  // namespace cityskills::features
