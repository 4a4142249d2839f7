// /api/v1/awards: a person's certificates and badges with their public verification links,
// from the credentials feature's store.
#include "features/api/kit.hpp"
#include "features/api/routes.hpp"
#include "features/api/subject.hpp"
#include "features/credentials/model.hpp"
#include "features/credentials/store.hpp"
#include "util/strings.hpp"

namespace cityskills::api {
namespace {

using http::Response;
using web::Ctx;

const char* status_name(credentials::Status s) {
  switch (s) {
    case credentials::Status::kValid: return "valid";
    case credentials::Status::kExpired: return "expired";
    case credentials::Status::kRevoked: return "revoked";
  }
  return "valid";
}

// Oneself: every award. Someone else (their organisation's admin): the awards the person has
// not made private, as the public verification page would show them.
Response list_awards(Ctx& ctx) {
  read_page(ctx, "awards", 0, {"person"});
  auto person = id_param(ctx, "person");
  auto c = ctx.db().acquire();
  auto who = subject(ctx, *c, person);
  bool own = who == ctx.user->id && !(ctx.bearer && ctx.bearer->org_id);
  auto now = util::now_unix();
  std::vector<std::string> items;
  for (const auto& a : credentials::store::of_user(*c, who)) {
    if (a.is_private && !own) continue;
    items.push_back(Object()
                        .str("id", a.public_id)
                        .num("person_id", who)
                        .str("kind", a.kind)
                        .str("title", a.title)
                        .str("lang", a.lang)
                        .time("achieved_at", a.achieved_at)
                        .time("expires_at", a.expires_at)
                        .str("status", status_name(credentials::status_at(a, now)))
                        .str("verification_url", ctx.svc.config.public_url + "/verify/" + a.public_id)
                        .done());
  }
  return json(200, list_body(items, std::nullopt));
}

}  // namespace

void register_award_routes(web::App& app) { token_route(app, "GET", "/api/v1/awards", "awards:read", list_awards); }

}  // namespace cityskills::api
