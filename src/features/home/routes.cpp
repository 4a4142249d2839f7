#include "features/events/api.hpp"
#include "features/home/api.hpp"
#include "features/news/api.hpp"

#include "util/strings.hpp"
#include "web/cluster.hpp"

namespace cityskills::home {
namespace {

using http::Response;
using web::Ctx;

Response index(Ctx& ctx) {
  view::Data d;
  auto c = ctx.db().acquire();
  view::List orgs;
  // The organisations and the number of members in one statement (issue 18: at most three a
  // page): one row per organisation, each carrying the count; one row of NULLs when there is none.
  std::int64_t members = 0;
  for (const auto& r : c->query("SELECT m.n, o.name, o.kind, o.country FROM "
                                "(SELECT COUNT(*) AS n FROM users WHERE email_verified_at IS NOT NULL) m "
                                "LEFT JOIN organisations o ON 1 = 1 ORDER BY o.kind = 'city' DESC, o.name")) {
    members = r.i64(0);
    if (r.is_null(1)) continue;
    view::Data o;
    o.set("name", r.str(1));
    o.set("kind", ctx.t("orgs.kind." + r.str(2)));
    o.set("country", r.str(3));
    orgs.push_back(o);
  }
  if (!orgs.empty()) d.set("organisations", orgs);
  view::List headlines;
  for (const auto& h : news::latest(*c, ctx.locale, 3)) {
    view::Data n;
    n.set("id", std::to_string(h.id));
    n.set("title", h.title);
    n.set("summary", h.summary);
    n.set("org", h.org);
    n.set("date", i18n::format_date(ctx.locale, h.published, ctx.zone()));
    headlines.push_back(n);
  }
  view::List next_events;
  for (const auto& e : events::upcoming(*c, 3)) {
    view::Data item;
    item.set("id", std::to_string(e.id));
    item.set("title", e.title);
    item.set("when", i18n::format_range(ctx.locale, e.starts_at, e.ends_at, e.time_zone));
    next_events.push_back(item);
  }
  if (!next_events.empty()) {
    d.set("events", next_events);
    d.set("has_events", true);
  }
  if (!headlines.empty()) {
    d.set("news", headlines);
    d.set("has_news", true);
  }
  d.set("members", i18n::tn(ctx.locale, "home.members", members));
  if (ctx.user) d.set("display_name", ctx.user->display_name);
  d.set("signed_in", ctx.user.has_value());
  return ctx.page(ctx.t("home.title"), "home/index", d);
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
  app.route("GET", "/", web::Access::kAnyone, index);
  app.route("GET", "/healthz", web::Access::kAnyone, healthz);
  app.route("GET", "/readyz", web::Access::kAnyone, readyz);
}

}  // namespace cityskills::home
