// Demo shared resources: the rows of demo/resources.json, created in their order by their
// author and dated `age_days` ago.
#include <string>

#include "features/accounts/api.hpp"
#include "features/orgs/api.hpp"
#include "features/resources/api.hpp"
#include "features/resources/store.hpp"
#include "util/json_rows.hpp"

namespace cityskills::resources {

void seed_demo(db::Connection& c, std::int64_t now) {
  if (store::any(c)) return;
  for (const auto& x : util::json_rows("src/features/resources/demo/resources.json")) {
    Resource r;
    r.org_id = orgs::by_slug(c, x.text("org"))->id;
    r.lang = x.text("lang");
    r.kind = x.text("kind");
    r.title = x.text("title");
    r.description = x.text("description");
    r.licence = x.text("licence");
    r.format = x.text("format");
    r.url = x.text("url");
    auto id = store::create(c, r, *accounts::user_id_by_email(c, x.text("author")));
    store::backdate(c, id, now - x.integer("age_days") * 86400);
  }
}

}  // namespace cityskills::resources
