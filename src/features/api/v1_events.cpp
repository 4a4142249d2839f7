// /api/v1/events: upcoming events and registrations, with the events feature's own store,
// policy and registration (capacity and waiting list in one transaction, e-mails queued with it).
#include "features/accounts/api.hpp"
#include "features/api/kit.hpp"
#include "features/api/policy.hpp"
#include "features/api/routes.hpp"
#include "features/api/subject.hpp"
#include "features/events/api.hpp"
#include "features/events/policy.hpp"
#include "features/events/store.hpp"
#include "util/strings.hpp"

namespace cityskills::api {
namespace {

using http::Response;
using web::Ctx;

std::string event_json(const Ctx& ctx, const events::Event& e) {
  return Object()
      .num("id", e.id)
      .str("title", e.title)
      .str("summary", e.summary)
      .str("kind", e.kind)
      .str("lang", e.lang)
      .str("theme", e.theme)
      .str("audience", e.audience)
      .raw("organisation", Object().num("id", e.org_id).str("name", e.org_name).done())
      .time("starts_at", e.starts_at)
      .time("ends_at", e.ends_at)
      .str("time_zone", e.time_zone)
      .boolean("online", e.online)
      .str("venue", e.venue)
      .num("capacity", e.capacity)
      .str("status", e.status)
      .str("url", ctx.svc.config.public_url + "/events/" + std::to_string(e.id))
      .done();
}

Response list_events(Ctx& ctx) {
  auto page = read_page(ctx, "events", 2, {"lang", "org"});
  events::store::Filter f;
  if (auto l = lang_param(ctx, "lang")) f.lang = *l;
  f.org_id = id_param(ctx, "org");
  f.after = after_pair(page);
  auto c = ctx.db().acquire();
  return list_page(
      ctx, "events", page, events::store::list(*c, f, util::now_unix(), page.limit + 1, 0),
      [](const events::Event& e) { return std::vector<std::int64_t>{e.starts_at, e.id}; },
      [&](const events::Event& e) { return event_json(ctx, e); });
}

events::Event visible(Ctx& ctx) {
  auto e = events::visible_event(ctx, ctx.path_id("id"));
  if (!e) throw Problem{404, "errors.not_found"};
  return *e;
}

Response event_detail(Ctx& ctx) {
  read_page(ctx, "event", 0);
  return json(200, event_json(ctx, visible(ctx)));
}

std::string registration_json(std::int64_t event_id, std::int64_t person, const std::string& status,
                               std::int64_t position) {
  Object o;
  o.num("event_id", event_id).num("person_id", person).str("status", status);
  if (status == "waitlisted") o.num("position", position);
  else o.null("position");
  return o.done();
}

// 201 with the seat or the place on the waiting list; 200 when already registered; 409 when
// registration is closed (a draft, cancelled or past event).
Response register_person(Ctx& ctx) {
  auto body = read_body(ctx, {{"person_id", Type::kInteger, false}});
  std::optional<std::int64_t> person;
  if (body.count("person_id")) person = body.at("person_id").integer;
  auto e = visible(ctx);
  auto who = subject(ctx, *ctx.db().acquire(), person);
  auto r = events::register_person(ctx, e, who);
  if (r.outcome == events::Outcome::kClosed) throw Problem{409, "events.register.closed"};
  int status = r.outcome == events::Outcome::kAlready ? 200 : 201;
  return json(status, registration_json(e.id, who, r.status, r.position));
}

Response cancel(Ctx& ctx) {
  auto e = visible(ctx);
  auto who = subject(ctx, *ctx.db().acquire(), ctx.path_id("person"));
  auto r = events::cancel_person(ctx, e, who);
  if (!r.cancelled) throw Problem{404, "api.errors.not_registered"};
  return no_content();
}

// An event's registrations, for its organisers (as the registrants page).
Response list_registrations(Ctx& ctx) {
  read_page(ctx, "registrations", 0);
  auto e = visible(ctx);
  if (!events::policy::may_manage(ctx.actor(), e.org_id)) throw Problem{404, "errors.not_found"};
  auto c = ctx.db().acquire();
  return list_all(events::store::registrants(*c, e.id), [&](const auto& r) {
    auto reg = registration_json(e.id, r.user_id, r.status, 0);
    reg.pop_back();
    reg += ",\"display_name\":\"" + util::json_escape(r.display_name) + "\",\"email\":\"" + util::json_escape(r.email) +
           "\",\"registered_at\":\"" + util::iso8601_utc(r.registered_at) + "\"}";
    return reg;
  });
}

}  // namespace

void register_event_routes(web::App& app) {
  token_route(app, "GET", "/api/v1/events", "events:read", list_events);
  token_route(app, "GET", "/api/v1/events/{id}", "events:read", event_detail);
  token_route(app, "GET", "/api/v1/events/{id}/registrations", "events:read", list_registrations);
  token_route(app, "POST", "/api/v1/events/{id}/registrations", "events:write", register_person);
  token_route(app, "DELETE", "/api/v1/events/{id}/registrations/{person}", "events:write", cancel);
}

}  // namespace cityskills::api
