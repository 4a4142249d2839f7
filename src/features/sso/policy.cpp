#include "features/sso/policy.hpp"

#include "web/app.hpp"

namespace cityskills::sso::policy {

store::Identity find_own_identity(db::Connection& c, std::int64_t user_id, std::int64_t identity_id) {
  auto i = store::identity(c, identity_id);
  if (!i || i->user_id != user_id) throw web::Reject{404, "errors.not_found"};
  return *i;
}

bool may_remove(bool has_password, std::size_t identities) { return has_password || identities > 1; }

}  // namespace cityskills::sso::policy
