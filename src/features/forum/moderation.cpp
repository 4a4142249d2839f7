// Forum moderation: reports from readers, and moderators hiding posts and threads, locking,
// pinning and moving threads. Every action names its reason and lands in the moderation log.
#include <algorithm>
#include <variant>

#include "features/accounts/api.hpp"
#include "features/forum/common.hpp"
#include "features/forum/forms.hpp"
#include "util/log.hpp"
#include "view/markdown.hpp"

namespace cityskills::forum {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

std::string date(const Ctx& ctx, std::int64_t t) { return i18n::format_datetime(ctx.locale, t, ctx.zone()); }

struct Target {
  Post post;
  Thread thread;
  bool moderator = false;
};

// The post named in the path, if the person may see it.
std::optional<Target> load_post(Ctx& ctx) {
  std::optional<Post> p;
  std::optional<Thread> t;
  {
    auto c = ctx.db().acquire();
    p = store::find_post(*c, ctx.path_id("id"));
    if (p) t = store::find_thread(*c, p->thread_id);
  }
  if (!p || !t) return std::nullopt;
  bool moderator = moderates_thread(ctx, *t);
  if (t->hidden && !moderator) return std::nullopt;
  return Target{*p, *t, moderator};
}

void audit(Ctx& ctx, const std::string& action, const Thread& t, std::optional<std::int64_t> post_id) {
  log::info("forum moderation", "\"request_id\":\"" + ctx.req.request_id + "\",\"actor\":" + std::to_string(ctx.user->id) +
                                    ",\"action\":\"" + action + "\",\"thread_id\":" + std::to_string(t.id) +
                                    (post_id ? ",\"post_id\":" + std::to_string(*post_id) : std::string()));
}

// ---- reports -----------------------------------------------------------------------------

Response report_page(Ctx& ctx, const Target& x, const std::string& reason, const FormErrors& errors, int status) {
  view::Data d;
  d.set("id", std::to_string(x.post.id));
  d.set("author", x.post.author_name);
  d.set("thread_title", x.thread.title);
  d.set("body", view::render_markdown(x.post.body).html);
  d.set("reason", reason);
  d.set("back", post_url(x.thread.id, x.post.seq));
  errors.into(d, ctx);
  return ctx.page(ctx.t("forum.report.title"), "forum/report", d, std::move(status));
}

Response report_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto x = load_post(ctx);
  if (!x || x->post.hidden) return ctx.error(404, "errors.not_found");
  return report_page(ctx, *x, "", {}, 200);
}

Response report(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<ReasonForm>(ctx);
  auto x = load_post(ctx);
  if (!x || x->post.hidden) return ctx.error(404, "errors.not_found");
  const auto& reason = form.reason;
  auto errors = check(form, "reason");
  if (!errors.empty()) return report_page(ctx, *x, reason, errors, 422);
  bool created = false;
  {
    auto c = ctx.db().acquire();
    if (!accounts::rate_allow(ctx.db(), "forum-report:" + std::to_string(ctx.user->id), 3600, 20))
      return ctx.too_many("forum.too_many_reports", 3600);
    created = store::report(*c, x->post.id, ctx.user->id, reason, util::now_unix());
  }
  // A second report of the same post by the same person changes nothing.
  ctx.flash(created ? "forum.reported" : "forum.already_reported");
  return ctx.redirect(post_url(x->thread.id, x->post.seq));
}

Response reports(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  std::vector<Report> items;
  {
    auto c = ctx.db().acquire();
    auto cats = moderated_categories(*c, ctx.actor());
    // A moderator (or organisation admin) whose organisations have no category yet sees an
    // empty queue, not a refusal: the Manage menu offers them this page.
    if (!cats.empty()) items = store::open_reports(*c, cats, ctx.locale, 200);
  }
  view::List list;
  for (const auto& r : items) {
    view::Data x;
    x.set("id", std::to_string(r.id));
    x.set("post_id", std::to_string(r.post_id));
    x.set("href", post_url(r.thread_id, r.seq));
    x.set("thread_title", r.thread_title);
    x.set("category", r.category_name);
    x.set("reporter", r.reporter_name);
    x.set("reason", r.reason);
    x.set("excerpt", view::markdown_plain_text(r.post_excerpt, 300));
    x.set("date", date(ctx, r.created_at));
    x.set("post_hidden", r.post_hidden);
    list.push_back(std::move(x));
  }
  view::Data d;
  d.set("reports", std::move(list));
  return ctx.page(ctx.t("forum.reports.title"), "forum/reports", std::move(d));
}

Response dismiss(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<ReasonForm>(ctx);
  auto report_id = ctx.path_id("id");
  std::optional<std::int64_t> post_id;
  std::optional<Post> p;
  std::optional<Thread> t;
  {
    auto c = ctx.db().acquire();
    post_id = store::report_post(*c, report_id);
    if (post_id) p = store::find_post(*c, *post_id);
    if (p) t = store::find_thread(*c, p->thread_id);
  }
  if (!p || !t) return ctx.error(404, "errors.not_found");
  if (!moderates_thread(ctx, *t)) return ctx.error(403, "forum.not_moderator");
  const auto& reason = form.reason;
  if (!check(form, "reason").empty()) return ctx.error(422, "forum.validation.reason");
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto now = util::now_unix();
    store::resolve_reports(c, p->id, ctx.user->id, now);
    store::log_action(c, t->category_id, t->id, p->id, ctx.user->id, "dismiss_report", reason, now);
  });
  audit(ctx, "dismiss_report", *t, p->id);
  ctx.flash("forum.report_dismissed");
  return ctx.redirect("/forum/reports");
}

// ---- posts -------------------------------------------------------------------------------

Response moderate_post_page(Ctx& ctx, const Target& x, const std::string& reason, const FormErrors& errors, int status) {
  view::Data d;
  d.set("id", std::to_string(x.post.id));
  d.set("author", x.post.author_name);
  d.set("thread_title", x.thread.title);
  d.set("body", view::render_markdown(x.post.body).html);
  d.set("hidden", x.post.hidden);
  d.set("hidden_reason", x.post.hidden_reason);
  d.set("reason", reason);
  d.set("back", post_url(x.thread.id, x.post.seq));
  errors.into(d, ctx);
  return ctx.page(ctx.t("forum.moderate_post.title"), "forum/moderate_post", d, std::move(status));
}

Response moderate_post_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto x = load_post(ctx);
  if (!x) return ctx.error(404, "errors.not_found");
  if (!x->moderator) return ctx.error(403, "forum.not_moderator");
  return moderate_post_page(ctx, *x, "", {}, 200);
}

Response set_post_hidden(Ctx& ctx, bool hidden) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<ReasonForm>(ctx);
  auto x = load_post(ctx);
  if (!x) return ctx.error(404, "errors.not_found");
  if (!x->moderator) return ctx.error(403, "forum.not_moderator");
  const auto& reason = form.reason;
  auto errors = check(form, "reason");
  if (!errors.empty()) return moderate_post_page(ctx, *x, reason, errors, 422);
  const std::string action = hidden ? "hide_post" : "unhide_post";
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto now = util::now_unix();
    if (!store::set_post_hidden(c, x->post.id, hidden, reason, now)) return;
    if (hidden) store::resolve_reports(c, x->post.id, ctx.user->id, now);
    store::log_action(c, x->thread.category_id, x->thread.id, x->post.id, ctx.user->id, action, reason, now);
  });
  audit(ctx, action, x->thread, x->post.id);
  ctx.flash(hidden ? "forum.post_hidden_done" : "forum.post_unhidden_done");
  return ctx.redirect(post_url(x->thread.id, x->post.seq));
}

Response hide_post(Ctx& ctx) { return set_post_hidden(ctx, true); }
Response unhide_post(Ctx& ctx) { return set_post_hidden(ctx, false); }

// ---- threads -----------------------------------------------------------------------------

struct ThreadTarget {
  Thread thread;
  std::vector<Category> targets;  // categories the moderator may move it to
};

std::variant<ThreadTarget, Response> load_thread(Ctx& ctx) {
  std::optional<Thread> t;
  ThreadTarget x;
  bool moderator = false;
  {
    auto c = ctx.db().acquire();
    t = store::find_thread(*c, ctx.path_id("id"));
    if (t) moderator = policy::may_moderate(ctx.actor(), t->category_org_id);
    if (t && moderator) {
      t->category_name = store::category_name(*c, t->category_id, ctx.locale);
      for (const auto& cat : store::categories(*c))
        if (cat.id != t->category_id && policy::may_moderate(ctx.actor(), cat.org_id)) x.targets.push_back(cat);
      store::localise(*c, x.targets, ctx.locale);
    }
  }
  if (!t) return ctx.error(404, "errors.not_found");
  if (!moderator) return t->hidden ? ctx.error(404, "errors.not_found") : ctx.error(403, "forum.not_moderator");
  x.thread = *t;
  return x;
}

Response moderate_thread_page(Ctx& ctx, const ThreadTarget& x, const FormErrors& errors, int status) {
  const auto& t = x.thread;
  view::Data d;
  d.set("id", std::to_string(t.id));
  d.set("title", t.title);
  d.set("category_name", t.category_name);
  d.set("pinned", t.pinned);
  d.set("locked", t.locked);
  d.set("lock_reason", t.lock_reason);
  d.set("hidden", t.hidden);
  d.set("hidden_reason", t.hidden_reason);
  std::vector<std::pair<std::string, std::string>> cats;
  for (const auto& c : x.targets) cats.emplace_back(std::to_string(c.id), c.name);
  d.set("can_move", !cats.empty());
  d.set("categories", web::options(cats, ""));
  d.set("back", "/forum/t/" + std::to_string(t.id));
  errors.into(d, ctx);
  return ctx.page(ctx.t("forum.moderate_thread.title"), "forum/moderate_thread", d, std::move(status));
}

Response moderate_thread_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto x = load_thread(ctx);
  if (auto* r = std::get_if<Response>(&x)) return std::move(*r);
  return moderate_thread_page(ctx, std::get<ThreadTarget>(x), {}, 200);
}

// One thread action: `form` names the reason field's id on the moderation page.
Response thread_action(Ctx& ctx, const std::string& action, const std::string& form) {
  if (auto r = ctx.require_user()) return *r;
  auto input = web::read_form<ThreadActionForm>(ctx, action == "move");
  auto loaded = load_thread(ctx);
  if (auto* r = std::get_if<Response>(&loaded)) return std::move(*r);
  auto& x = std::get<ThreadTarget>(loaded);
  const auto& reason = input.reason;
  auto errors = check(input, form + "_reason", x.targets);
  auto to = input.destination(x.targets);
  if (!errors.empty()) return moderate_thread_page(ctx, x, errors, 422);
  const auto& t = x.thread;
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto now = util::now_unix();
    bool changed = true;
    if (action == "lock" || action == "unlock") changed = store::set_locked(c, t.id, action == "lock", reason, now);
    else if (action == "pin" || action == "unpin") changed = store::set_pinned(c, t.id, action == "pin", now);
    else if (action == "hide_thread" || action == "unhide_thread")
      changed = store::set_thread_hidden(c, t.id, action == "hide_thread", reason, now);
    else if (action == "move") store::move_thread(c, t.id, *to, now);
    // The log names the category the thread was in when the action was taken.
    if (changed) store::log_action(c, t.category_id, t.id, std::nullopt, ctx.user->id, action, reason, now);
    if (changed && action == "move") store::log_action(c, *to, t.id, std::nullopt, ctx.user->id, action, reason, now);
  });
  audit(ctx, action, t, std::nullopt);
  ctx.flash("forum.moderated." + action);
  return ctx.redirect("/forum/t/" + std::to_string(t.id));
}

Response lock(Ctx& ctx) { return thread_action(ctx, "lock", "lock"); }
Response unlock(Ctx& ctx) { return thread_action(ctx, "unlock", "lock"); }
Response pin(Ctx& ctx) { return thread_action(ctx, "pin", "pin"); }
Response unpin(Ctx& ctx) { return thread_action(ctx, "unpin", "pin"); }
Response hide_thread(Ctx& ctx) { return thread_action(ctx, "hide_thread", "hide"); }
Response unhide_thread(Ctx& ctx) { return thread_action(ctx, "unhide_thread", "hide"); }
Response move(Ctx& ctx) { return thread_action(ctx, "move", "move"); }

// ---- log ---------------------------------------------------------------------------------

Response moderation_log(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  std::vector<LogEntry> entries;
  {
    auto c = ctx.db().acquire();
    auto cats = moderated_categories(*c, ctx.actor());
    if (!cats.empty()) entries = store::moderation_log(*c, cats, ctx.locale, 200);
  }
  view::List list;
  for (const auto& e : entries) {
    view::Data x;
    x.set("date", date(ctx, e.created_at));
    x.set("actor", e.actor_name);
    x.set("action", ctx.t("forum.action." + e.action));
    x.set("category", e.category_name);
    x.set("thread_title", e.thread_title);
    if (e.thread_id) x.set("href", "/forum/t/" + std::to_string(*e.thread_id));
    if (e.post_id) x.set("href", "/forum/p/" + std::to_string(*e.post_id));
    x.set("reason", e.reason);
    list.push_back(std::move(x));
  }
  view::Data d;
  d.set("entries", std::move(list));
  return ctx.page(ctx.t("forum.log.title"), "forum/log", std::move(d));
}

}  // namespace

void register_moderation(web::App& app) {
  app.route("GET", "/forum/reports", web::Access::kModerator, reports);
  app.route("POST", "/forum/reports/{id}/dismiss", web::Access::kModerator, dismiss);
  app.route("GET", "/forum/log", web::Access::kModerator, moderation_log);
  app.route("GET", "/forum/p/{id}/report", web::Access::kSignedIn, report_form);
  app.route("POST", "/forum/p/{id}/report", web::Access::kSignedIn, report);
  app.route("GET", "/forum/p/{id}/moderate", web::Access::kModerator, moderate_post_form);
  app.route("POST", "/forum/p/{id}/hide", web::Access::kModerator, hide_post);
  app.route("POST", "/forum/p/{id}/unhide", web::Access::kModerator, unhide_post);
  app.route("GET", "/forum/t/{id}/moderate", web::Access::kModerator, moderate_thread_form);
  app.route("POST", "/forum/t/{id}/lock", web::Access::kModerator, lock);
  app.route("POST", "/forum/t/{id}/unlock", web::Access::kModerator, unlock);
  app.route("POST", "/forum/t/{id}/pin", web::Access::kModerator, pin);
  app.route("POST", "/forum/t/{id}/unpin", web::Access::kModerator, unpin);
  app.route("POST", "/forum/t/{id}/hide", web::Access::kModerator, hide_thread);
  app.route("POST", "/forum/t/{id}/unhide", web::Access::kModerator, unhide_thread);
  app.route("POST", "/forum/t/{id}/move", web::Access::kModerator, move);
}

}  // namespace cityskills::forum
