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
    using R = Resource;
    R r;
    r.org_id = orgs::by_slug(c, x.text("org"))->id;
    util::read_texts<R>(x, r,
                        {{"lang", &R::lang}, {"kind", &R::kind}, {"title", &R::title}, {"description", &R::description},
                         {"licence", &R::licence}, {"format", &R::format}, {"url", &R::url}});
    auto id = store::create(c, r, *accounts::user_id_by_email(c, x.text("author")));
    store::backdate(c, id, now - x.integer("age_days") * 86400);
  }
}

}  // namespace cityskills::resources
