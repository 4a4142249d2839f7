// Ctx::actor, apart from the rest of the request context so that code which only needs to ask
// "who may do this" (the features' policies, the fuzz build) links without the whole web layer.
#include "web/app.hpp"

namespace cityskills::web {

const Actor& Ctx::actor() const {
  if (actor_) return *actor_;
  Actor a;
  if (user) {
    a.user_id = user->id;
    a.platform_admin = user->platform_admin;
    auto c = svc.db->acquire();
    for (const auto& r : c->query("SELECT org_id, role FROM memberships WHERE user_id = ? ORDER BY org_id, role", {user->id}))
      a.roles.push_back(Membership{r.i64(0), r.str(1)});
  }
  actor_ = std::move(a);
  return *actor_;
}

}  // namespace cityskills::web
