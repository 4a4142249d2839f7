// Events: iCalendar feeds — one event, all public events, and each person's private feed.
#include "features/events/api.hpp"
#include "features/events/handlers.hpp"

#include "features/events/ical.hpp"
#include "features/events/store.hpp"
#include "web/extensions.hpp"
#include "web/forms.hpp"

namespace cityskills::events::detail {

using http::Response;
using web::Ctx;
using web::FormErrors;

// ---- iCalendar feeds -------------------------------------------------------------------------

Response ics(const std::string& body, const std::string& filename) {
  auto r = Response::text(200, body, "text/calendar; charset=utf-8");
  r.set("content-disposition", "attachment; filename=\"" + filename + "\"");
  r.set("cache-control", "private, max-age=300");
  return r;
}

Response event_ics(Ctx& ctx) {
  auto e = load_event(ctx, ctx.path_id("id"));  // a draft only for its organisers
  if (!e) return ctx.error(404, "errors.not_found");
  auto c = ctx.db().acquire();
  ical::Options opt;
  opt.base_url = ctx.svc.config.public_url;
  if (ctx.user) {
    auto mine = store::registration_of(*c, e->id, ctx.user->id);
    opt.include_join_url = mine && mine->status == "confirmed";
  }
  return ics(ical::calendar({*e}, opt, util::now_unix()), "event-" + std::to_string(e->id) + ".ics");
}

Response all_ics(Ctx& ctx) {
  store::Filter f;
  std::string name = ctx.t("site.name");
  auto c = ctx.db().acquire();
  if (auto org = ctx.query_value("org"); org && !org->empty()) {
    auto o = orgs::by_slug(*c, *org);
    if (!o) return ctx.error(404, "errors.not_found");
    f.org_id = o->id;
    name += " – " + o->name;
  }
  // Recent past events stay in the feed for a month so calendars keep them.
  auto events = store::list(*c, f, util::now_unix() - 30 * 86400, 1000, 0);
  ical::Options opt;
  opt.name = name;
  opt.base_url = ctx.svc.config.public_url;
  return ics(ical::calendar(events, opt, util::now_unix()), "events.ics");
}

Response personal_ics(Ctx& ctx) {
  auto token = ctx.path_params["token"];
  if (!token.ends_with(".ics")) return ctx.error(404, "errors.not_found");
  token.resize(token.size() - 4);
  auto c = ctx.db().acquire();
  auto owner = store::feed_owner(*c, token);
  if (!owner) return ctx.error(404, "errors.not_found");
  ical::Options opt;
  opt.name = ctx.t("events.feed.calendar_name");
  opt.base_url = ctx.svc.config.public_url;
  opt.include_join_url = true;
  auto events = store::registered_events(*c, *owner);
  return ics(ical::calendar(events, opt, util::now_unix()), "my-events.ics");
}

Response feed_page(Ctx& ctx, const std::string& new_token) {
  view::Data d;
  auto c = ctx.db().acquire();
  d.set("has_feed", store::has_feed(*c, ctx.user->id));
  if (!new_token.empty()) d.set("feed_url", ctx.svc.config.public_url + "/calendar/" + new_token + ".ics");
  d.set("all_url", ctx.svc.config.public_url + "/events.ics");
  view::List mine;
  for (const auto& e : store::registered_events(*c, ctx.user->id)) mine.push_back(card(ctx, e));
  d.set("mine", std::move(mine));
  return ctx.page(ctx.t("events.feed.title"), "events/feed", std::move(d));
}

Response feed_get(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  return feed_page(ctx, "");
}

Response feed_post(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::FormInput in(ctx);
  auto action = in.text("action");
  in.finish();
  std::string token;
  {
    auto c = ctx.db().acquire();
    if (action == "rotate") token = store::rotate_feed(*c, ctx.user->id);
    else if (action == "revoke") store::revoke_feed(*c, ctx.user->id);
    else return ctx.error(400, "errors.bad_request");
  }
  if (action == "revoke") {
    ctx.flash("events.feed.revoked");
    return ctx.redirect("/events/mine");
  }
  // The address is shown once, right now; only its hash is stored.
  return feed_page(ctx, token);
}

}  // namespace cityskills::events::detail

namespace cityskills::events {

void register_extensions() {
  web::on_credentials_reset([](db::Tx& c, std::int64_t user_id) { store::revoke_feed(c, user_id); });
}

}  // namespace cityskills::events
