// /api/v1/figures: an organisation's aggregated self-test figures for its admins, by the
// self-test's own rule (no figures about fewer than assessment::kMinGroup people).
#include "features/api/kit.hpp"
#include "features/api/routes.hpp"
#include "features/assessment/api.hpp"
#include "features/assessment/policy.hpp"
#include "features/orgs/store.hpp"
#include "util/strings.hpp"

namespace cityskills::api {
namespace {

using http::Response;
using web::Ctx;

Response org_figures(Ctx& ctx) {
  read_page(ctx, "figures", 0, {"org"});
  std::optional<std::int64_t> org = required_id_param(ctx, "org");
  auto c = ctx.db().acquire();
  if (!orgs::store::find(*c, *org) || !assessment::policy::may_see_org_results(ctx.actor(), *org))
    throw Problem{404, "errors.not_found"};
  auto f = assessment::org_skill_figures(*c, *org, ctx.locale);
  if (!f) throw Problem{404, "errors.not_found"};
  Object o;
  o.num("organisation_id", *org).str("framework", f->framework).num("people", f->people).num("min_group", assessment::kMinGroup);
  if (f->people < assessment::kMinGroup) {
    o.null("areas");
  } else {
    std::vector<std::string> areas;
    for (const auto& a : f->areas) {
      std::vector<std::string> bands;
      for (int band = 1; band <= 4; ++band) bands.push_back(std::to_string(a.bands[band]));
      areas.push_back(Object().str("code", a.code).str("name", a.name).raw("bands", array(bands)).num("not_assessed", a.bands[0]).done());
    }
    o.raw("areas", array(areas));
  }
  return json(200, o.done());
}

}  // namespace

void register_figure_routes(web::App& app) { token_route(app, "GET", "/api/v1/figures", "figures:read", org_figures); }

}  // namespace cityskills::api
