// Ctx::actor and Ctx::zone, apart from the rest of the request context so that code which only
// needs to ask "who may do this" (the features' policies, the fuzz build) links without the
// whole web layer.
#include "i18n/zones.hpp"
#include "web/app.hpp"

namespace cityskills::web {

// The roles came with the session (one statement, App::load_session).
const Actor& Ctx::actor() const {
  if (actor_) return *actor_;
  Actor a;
  if (user) {
    a.user_id = user->id;
    a.platform_admin = user->platform_admin;
    a.roles = user->roles;
  }
  actor_ = std::move(a);
  return *actor_;
}

const std::string& Ctx::zone() const {
  if (!zone_) {
    auto z = svc.time_zone ? svc.time_zone() : std::string();
    zone_ = z.empty() ? std::string(i18n::kDefaultZone) : z;
  }
  return *zone_;
}

}  // namespace cityskills::web
