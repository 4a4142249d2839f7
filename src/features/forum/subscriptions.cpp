// Forum subscriptions and notifications: following a thread, leaving it from the e-mail's
// signed link (a button, never a GET that changes anything), and the notifications page.
#include <algorithm>
#include <variant>

#include "features/accounts/api.hpp"
#include "features/forum/api.hpp"
#include "features/forum/common.hpp"
#include "features/forum/text.hpp"
#include "features/orgs/api.hpp"
#include "jobs/jobs.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "view/markdown.hpp"
#include "web/validate.hpp"
#include "web/extensions.hpp"

namespace cityskills::forum {

using http::Response;
using web::Ctx;
using web::FormErrors;

namespace {

Response set_subscription(Ctx& ctx, bool on) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  auto id = ctx.path_id("id");
  bool moderator = false;
  if (!visible_thread(ctx, id, moderator)) return ctx.error(404, "errors.not_found");
  {
    auto c = ctx.db().acquire();
    if (on) store::subscribe(*c, id, ctx.user->id, util::now_unix());
    else store::unsubscribe(*c, id, ctx.user->id);
  }
  ctx.flash(on ? "forum.subscribed" : "forum.unsubscribed");
  return ctx.redirect("/forum/t/" + std::to_string(id));
}

Response subscribe(Ctx& ctx) { return set_subscription(ctx, true); }
Response unsubscribe(Ctx& ctx) { return set_subscription(ctx, false); }

struct LinkTarget {
  std::int64_t thread_id = 0, user_id = 0;
  std::string sig;
};

// The thread and person named by an e-mail's unsubscribe link (its query, or the form of its
// page's button), when its signature holds.
std::optional<LinkTarget> link_target(Ctx& ctx, web::FormInput* form) {
  auto get = [&](const char* name) { return form ? form->text(name) : ctx.query_value(name).value_or(""); };
  LinkTarget l;
  auto t = util::parse_id(get("t")), u = util::parse_id(get("u"));
  l.sig = get("sig");
  if (!t || !u) return std::nullopt;
  l.thread_id = *t;
  l.user_id = *u;
  if (!crypto::equal_constant_time(l.sig, unsubscribe_sig(ctx, l.thread_id, l.user_id))) return std::nullopt;
  return l;
}

// The e-mail link shows a button: a GET never changes anything (mail scanners follow links).
Response unsubscribe_link_page(Ctx& ctx) {
  auto l = link_target(ctx, nullptr);
  if (!l) return ctx.error(400, "forum.unsubscribe.invalid");
  std::optional<Thread> t;
  {
    auto c = ctx.db().acquire();
    t = store::find_thread(*c, l->thread_id);
  }
  if (!t) return ctx.error(404, "errors.not_found");
  view::Data d;
  d.set("t", std::to_string(l->thread_id));
  d.set("u", std::to_string(l->user_id));
  d.set("sig", l->sig);
  d.set("title", t->hidden ? std::string() : t->title);
  return ctx.page(ctx.t("forum.unsubscribe.title"), "forum/unsubscribe", std::move(d));
}

Response unsubscribe_by_link(Ctx& ctx) {
  web::FormInput in(ctx);
  auto l = link_target(ctx, &in);
  in.finish();
  if (!l) return ctx.error(400, "forum.unsubscribe.invalid");
  {
    auto c = ctx.db().acquire();
    store::unsubscribe(*c, l->thread_id, l->user_id);
  }
  view::Data d;
  d.set("done", true);
  return ctx.page(ctx.t("forum.unsubscribe.title"), "forum/unsubscribe", std::move(d));
}

Response notifications(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  view::List list;
  std::string handle;
  {
    auto c = ctx.db().acquire();
    handle = store::ensure_handle(*c, ctx.user->id, ctx.user->display_name);
    for (const auto& n : store::notifications(*c, ctx.user->id, 50)) {
      view::Data x;
      x.set("text", ctx.t("forum.notifications.mention", {{"name", n.actor_name}, {"title", n.thread_title}}));
      x.set("href", "/forum/p/" + std::to_string(n.post_id));
      x.set("date", local_time(ctx, n.created_at));
      x.set("unread", !n.read);
      list.push_back(std::move(x));
    }
  }
  view::Data d;
  d.set("notifications", std::move(list));
  d.set("handle", std::move(handle));
  return ctx.page(ctx.t("forum.notifications.title"), "forum/notifications", std::move(d));
}

Response mark_read(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {});
  {
    auto c = ctx.db().acquire();
    store::mark_notifications_read(*c, ctx.user->id, util::now_unix());
  }
  ctx.flash("forum.notifications.marked");
  return ctx.redirect("/forum/notifications");
}

}  // namespace

void register_subscriptions(web::App& app) {
  app.route("GET", "/forum/notifications", web::Access::kSignedIn, notifications);
  app.route("POST", "/forum/notifications/read", web::Access::kSignedIn, mark_read);
  app.route("GET", "/forum/unsubscribe", web::Access::kAnyone, unsubscribe_link_page);
  app.route("POST", "/forum/unsubscribe", web::Access::kAnyone, unsubscribe_by_link);
  app.route("POST", "/forum/t/{id}/subscribe", web::Access::kSignedIn, subscribe);
  app.route("POST", "/forum/t/{id}/unsubscribe", web::Access::kSignedIn, unsubscribe);
}

}  // namespace cityskills::forum
