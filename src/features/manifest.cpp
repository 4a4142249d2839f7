#include "features/manifest.hpp"

#include <mutex>

#include "features/accounts/api.hpp"
#include "features/admin/api.hpp"
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
#include "features/paths/api.hpp"
#include "features/practices/api.hpp"
#include "features/resources/api.hpp"
#include "features/search/api.hpp"

namespace cityskills::features {

void register_extensions() {
  static std::once_flag once;
  std::call_once(once, [] {
    paths::register_extensions();
    events::register_extensions();
  });
}

void register_routes(web::App& app) {
  register_extensions();
  home::register_routes(app);
  accounts::register_routes(app);
  orgs::register_routes(app);
  admin::register_routes(app);
  events::register_routes(app);
  ideas::register_routes(app);
  news::register_routes(app);
  catalog::register_routes(app);
  paths::register_routes(app);
  practices::register_routes(app);
  resources::register_routes(app);
  forum::register_routes(app);
  assessment::register_routes(app);
  search_page::register_routes(app);
  credentials::register_routes(app);
  consent::register_routes(app);
}

}  // namespace cityskills::features
