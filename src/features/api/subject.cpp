#include "features/api/subject.hpp"

#include "features/accounts/api.hpp"
#include "features/api/kit.hpp"
#include "features/api/policy.hpp"

namespace cityskills::api {

std::int64_t subject(web::Ctx& ctx, db::Connection& c, std::optional<std::int64_t> person) {
  bool service = ctx.bearer && ctx.bearer->org_id;
  if (!person) {
    if (service) throw Problem{400, "api.errors.person_required"};
    return ctx.user->id;
  }
  if (*person == ctx.user->id && !service) return *person;
  if (!accounts::account_by_id(c, *person)) throw Problem{404, "errors.not_found"};
  auto standing = accounts::account_standing(c, *person);
  std::vector<std::int64_t> orgs;
  if (standing.org_id) orgs.push_back(*standing.org_id);
  for (const auto& [org, role] : standing.memberships) orgs.push_back(org);
  if (!policy::may_act_for(ctx.actor(), *person, orgs)) throw Problem{404, "errors.not_found"};
  return *person;
}

}  // namespace cityskills::api
