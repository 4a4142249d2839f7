#include "features/events/api.hpp"
#include "features/home/api.hpp"
#include "features/news/api.hpp"
#include "features/orgs/api.hpp"
#include "features/orgs/cache.hpp"

#include <algorithm>

#include "util/strings.hpp"
#include "web/cluster.hpp"

namespace cityskills::home {
namespace {

using http::Response;
using web::Ctx;

Response index(Ctx& ctx) {
  view::Data d;
  auto c = ctx.db().acquire();
  view::List org_list;
  // The organisations (cities first) and the number of members come from the node's copies
  // (decision note 0029): the same for everyone, at most a second old; a new member shows in
  // the count within that second on every node.
  auto all = *orgs::all_cached(ctx.svc);
  std::stable_partition(all.begin(), all.end(), [](const orgs::OrgCard& o) { return o.kind == "city"; });
  for (const auto& x : all) {
    view::Data o;
    o.set("name", x.name);
    o.set("kind", ctx.t("orgs.kind." + x.kind));
    o.set("country", x.country);
    org_list.push_back(std::move(o));
  }
  auto members = *ctx.svc.cache.get<std::int64_t>("home.members", [&] {
    return c->one("SELECT COUNT(*) FROM users WHERE email_verified_at IS NOT NULL")->i64(0);
  });
  if (!org_list.empty()) d.set("organisations", std::move(org_list));
  view::List headlines;
  for (const auto& h : news::latest(*c, ctx.locale, 3)) {
    view::Data n;
    n.set("id", std::to_string(h.id));
    n.set("title", h.title);
    n.set("summary", h.summary);
    n.set("org", h.org);
    n.set("date", i18n::format_date(ctx.locale, h.published, ctx.zone()));
    headlines.push_back(std::move(n));
  }
  view::List next_events;
  for (const auto& e : events::upcoming(*c, 3)) {
    view::Data item;
    item.set("id", std::to_string(e.id));
    item.set("title", e.title);
    item.set("when", i18n::format_range(ctx.locale, e.starts_at, e.ends_at, e.time_zone));
    next_events.push_back(std::move(item));
  }
  if (!next_events.empty()) {
    d.set("events", std::move(next_events));
    d.set("has_events", true);
  }
  if (!headlines.empty()) {
    d.set("news", std::move(headlines));
    d.set("has_news", true);
  }
  d.set("members", i18n::tn(ctx.locale, "home.members", members));
  if (ctx.user) d.set("display_name", ctx.user->display_name);
  d.set("signed_in", ctx.user.has_value());
  return ctx.page(ctx.t("home.title"), "home/index", std::move(d));
}

Response healthz(Ctx&) {
  auto r = Response::text(200, "{\"status\":\"ok\"}\n", "application/json");
  r.set("cache-control", "no-store");
  return r;
}

// 503 while the database is unreachable, and from SIGTERM on while in-flight requests finish
// (a load balancer stops sending new requests before the node goes away).
Response readyz(Ctx& ctx) {
  if (web::draining()) {
    auto r = Response::text(503, "{\"status\":\"draining\"}\n", "application/json");
    r.set("cache-control", "no-store");
    return r;
  }
  bool ok = false;
  try {
    auto c = ctx.db().acquire();
    ok = c->ping();
  } catch (...) {
    ok = false;
  }
  auto r = Response::text(ok ? 200 : 503, ok ? "{\"status\":\"ready\"}\n" : "{\"status\":\"database unreachable\"}\n",
                          "application/json");
  r.set("cache-control", "no-store");
  return r;
}

}  // namespace

void register_routes(web::App& app) {
  app.route("GET", "/", web::Access::kAnyone, index, web::shared_page());
  app.route("GET", "/healthz", web::Access::kAnyone, healthz);
  app.route("GET", "/readyz", web::Access::kAnyone, readyz);
}

}  // namespace cityskills::home
