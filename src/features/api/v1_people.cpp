// /api/v1/people: an organisation's people for its administrators (and platform admins), with
// the organisations feature's store and policy; accounts made, roles given and taken, and
// accounts blocked as the administration pages do it.
#include <algorithm>

#include "features/accounts/api.hpp"
#include "features/admin/api.hpp"
#include "features/api/kit.hpp"
#include "features/api/policy.hpp"
#include "features/api/routes.hpp"
#include "features/orgs/members_report.hpp"
#include "features/orgs/policy.hpp"
#include "features/orgs/store.hpp"
#include "jobs/jobs.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/validate.hpp"

namespace cityskills::api {
namespace {

using http::Response;
using web::Ctx;

constexpr const char* kAssignable[] = {"author", "moderator", "org_admin"};

// The organisation named by ?org= or a body's org_id, when the caller administers it; 404
// otherwise (another organisation's people are not revealed, nor whether it exists).
std::int64_t administered_org(Ctx& ctx, db::Connection& c, std::optional<std::int64_t> org) {
  if (!org || !orgs::store::find(c, *org) || !orgs::policy::may_administer(ctx.actor(), *org)) {
    log::warn("api organisation refused", "\"request_id\":\"" + ctx.req.request_id + "\",\"user_id\":" +
                                              std::to_string(ctx.user->id));
    throw Problem{404, "errors.not_found"};
  }
  return *org;
}

std::string person_json(std::int64_t id, const std::string& email, const std::string& name,
                        const std::vector<std::string>& roles, std::optional<std::int64_t> joined) {
  return Object().num("id", id).str("email", email).str("display_name", name).strs("roles", roles).time("joined_at", joined).done();
}

Response list_people(Ctx& ctx) {
  auto page = read_page(ctx, "people", 1, {"org"});
  std::optional<std::int64_t> org_param = required_id_param(ctx, "org");
  auto c = ctx.db().acquire();
  auto org = administered_org(ctx, *c, org_param);
  // One more than the page, to tell whether a next page exists.
  return list_page(
      ctx, "people", page, orgs::store::members_page(*c, org, page.after ? (*page.after)[0] : 0, page.limit + 1),
      [](const auto& m) { return std::vector<std::int64_t>{m.user_id}; },
      [](const auto& m) { return person_json(m.user_id, m.email, m.display_name, m.roles, m.joined_at); });
}

Response create_person(Ctx& ctx) {
  auto body = read_body(ctx, {{"email", Type::kString}, {"display_name", Type::kString}, {"org_id", Type::kInteger},
                              {"lang", Type::kString, false}});
  auto email = util::to_lower(util::trim(body.at("email").text));
  auto name = std::string(util::trim(body.at("display_name").text));
  auto lang = body.count("lang") ? body.at("lang").text : ctx.locale;
  if (auto bad = web::check_email(email)) throw Problem{422, *bad, {}, "\"field\":\"email\""};
  if (auto bad = web::check_name(name)) throw Problem{422, *bad, {{"max", "100"}}, "\"field\":\"display_name\""};
  if (!i18n::supported(lang)) throw Problem{422, "validation.choice.invalid", {}, "\"field\":\"lang\""};
  auto id = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    auto org = administered_org(ctx, c, body.at("org_id").integer);
    auto made = accounts::create_external_account(c, email, name, lang, false, org);
    if (!made) throw Problem{409, "api.errors.email_taken", {}, "\"field\":\"email\""};
    admin::audit(c, ctx.user->id, {"user.create", "user", *made, "", "org=" + std::to_string(org) + " via=api"});
    accounts::mail_verification_link(c, *made, ctx.svc.config.public_url);
    return *made;
  });
  if (ctx.svc.jobs) ctx.svc.jobs->wake();
  return json(201, person_json(id, email, name, {}, util::now_unix()));
}

Response change_role(Ctx& ctx, bool grant) {
  auto body = read_body(ctx, {{"org_id", Type::kInteger}, {"role", Type::kString}});
  auto person = ctx.path_id("id");
  const auto& role = body.at("role").text;
  if (std::find(std::begin(kAssignable), std::end(kAssignable), role) == std::end(kAssignable))
    throw Problem{422, "validation.choice.invalid", {}, "\"field\":\"role\""};
  ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    auto org = administered_org(ctx, c, body.at("org_id").integer);
    if (!accounts::account_by_id(c, person)) throw Problem{404, "errors.not_found"};
    auto standing = accounts::account_standing(c, person);
    std::vector<std::int64_t> orgs;
    for (const auto& [o, r] : standing.memberships) orgs.push_back(o);
    if (!policy::may_change_role(ctx.actor(), org, standing.org_id, orgs)) throw Problem{404, "errors.not_found"};
    // As on the organisation's page: an admin cannot take away their own admin role.
    if (!grant && person == ctx.user->id && role == "org_admin" && !ctx.actor().platform_admin)
      throw Problem{409, "orgs.cannot_revoke_self"};
    if (grant) orgs::store::grant(c, person, org, role);
    else orgs::store::revoke(c, person, org, role);
    admin::audit(c, ctx.user->id, {grant ? "role.grant" : "role.revoke", "user", person, "",
                                   "org=" + std::to_string(org) + " role=" + role + " via=api"});
  });
  return no_content();
}

Response grant_role(Ctx& ctx) { return change_role(ctx, true); }
Response revoke_role(Ctx& ctx) { return change_role(ctx, false); }

Response deactivate(Ctx& ctx) {
  auto body = read_body(ctx, {{"reason", Type::kString}});
  auto person = ctx.path_id("id");
  auto reason = std::string(util::trim(body.at("reason").text));
  if (auto bad = web::check_name(reason, 500)) throw Problem{422, *bad, {{"max", "500"}}, "\"field\":\"reason\""};
  auto outcome = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    if (!accounts::account_by_id(c, person)) throw Problem{404, "errors.not_found"};
    auto standing = accounts::account_standing(c, person);
    std::vector<std::int64_t> orgs;
    if (standing.org_id) orgs.push_back(*standing.org_id);
    for (const auto& [org, role] : standing.memberships) orgs.push_back(org);
    if (!policy::may_deactivate(ctx.actor(), person, standing.platform_admin, standing.org_id, orgs)) throw Problem{404, "errors.not_found"};
    return admin::block_person(c, ctx.user->id, person, reason + " (API)");
  });
  switch (outcome) {
    case admin::BlockOutcome::kGone: throw Problem{404, "errors.not_found"};
    case admin::BlockOutcome::kLastAdmin: throw Problem{409, "admin.people.last_admin"};
    case admin::BlockOutcome::kAlready:
    case admin::BlockOutcome::kDone: break;
  }
  return no_content();
}

}  // namespace

void register_people_routes(web::App& app) {
  token_route(app, "GET", "/api/v1/people", "people:read", list_people);
  token_route(app, "POST", "/api/v1/people", "people:write", create_person);
  token_route(app, "POST", "/api/v1/people/{id}/roles", "people:write", grant_role);
  token_route(app, "POST", "/api/v1/people/{id}/roles/remove", "people:write", revoke_role);
  token_route(app, "POST", "/api/v1/people/{id}/deactivate", "people:write", deactivate);
}

}  // namespace cityskills::api
