// Forum threads: reading a thread page by page, starting threads, replying, and editing a
// post with its history kept; a new post notifies the people it mentions and the subscribers.
#include <algorithm>
#include <variant>

#include "features/accounts/api.hpp"
#include "features/forum/api.hpp"
#include "features/forum/common.hpp"
#include "features/forum/forms.hpp"
#include "features/forum/text.hpp"
#include "features/orgs/api.hpp"
#include "jobs/jobs.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "view/markdown.hpp"
#include "web/validate.hpp"
#include "web/extensions.hpp"
#include "web/login_link.hpp"

namespace cityskills::forum {

using http::Response;
using web::Ctx;
using web::FormErrors;

namespace {

// The same text sent again within this many seconds is the same post (a double click).
constexpr std::int64_t kResendWindow = 120;

// Titles are single-line (check_name), but the subject must never carry a line break.
std::string subject_safe(std::string s) {
  std::replace_if(s.begin(), s.end(), [](char ch) { return ch == '\r' || ch == '\n'; }, ' ');
  return s;
}

// In the posting transaction: notifies the people mentioned (once per post) and, for a new
// reply, e-mails the thread's subscribers other than its author.
void announce(Ctx& ctx, db::Connection& c, const Thread& t, const Post& p, bool new_post) {
  const auto& me = *ctx.user;
  auto link = ctx.svc.config.public_url + "/forum/p/" + std::to_string(p.id);
  auto excerpt = view::markdown_plain_text(p.body, 500);
  for (const auto& handle : find_mentions(p.body)) {
    auto who = store::user_by_handle(c, handle);
    if (!who || who->user_id == me.id) continue;
    if (!store::notify(c, who->user_id, "mention", p.id, me.id, util::now_unix())) continue;
    auto lang = i18n::supported(who->lang) ? who->lang : ctx.locale;
    accounts::queue_mail(c, who->email,
                         subject_safe(i18n::t(lang, "forum.mail.mention.subject", {{"name", me.display_name}, {"title", t.title}})),
                         i18n::t(lang, "forum.mail.mention.body",
                                 {{"name", me.display_name}, {"title", t.title}, {"excerpt", excerpt}, {"link", link}}));
  }
  if (!new_post || p.seq == 1) return;
  for (const auto& s : store::subscribers(c, t.id)) {
    if (s.user_id == me.id) continue;
    auto lang = i18n::supported(s.lang) ? s.lang : ctx.locale;
    accounts::queue_mail(c, s.email,
                         subject_safe(i18n::t(lang, "forum.mail.reply.subject", {{"title", t.title}})),
                         i18n::t(lang, "forum.mail.reply.body",
                                 {{"name", me.display_name}, {"title", t.title}, {"excerpt", excerpt}, {"link", link},
                                  {"unsubscribe", unsubscribe_link(ctx, t.id, s.user_id)}}));
  }
}

void wake_mail(Ctx& ctx) {
  if (ctx.svc.jobs) ctx.svc.jobs->wake();
}

void flash_after_post(Ctx& ctx, const std::string& body, const char* plain) {
  auto md = view::render_markdown(body);
  ctx.flash(md.removed_links ? "news.saved_links_removed" : md.had_html ? "news.saved_html_as_text" : plain);
}

view::Data post_view(const Ctx& ctx, const Post& p, const Thread& t, bool moderator) {
  view::Data x;
  bool mine = policy::may_edit_post(ctx.actor(), p.author_id);
  x.set("id", std::to_string(p.id));
  x.set("seq", std::to_string(p.seq));
  x.set("author", p.author_name.empty() ? ctx.t("rights.deleted_user") : p.author_name);
  if (!p.author_handle.empty()) x.set("handle", p.author_handle);
  x.set("date", local_time(ctx, p.created_at));
  x.set("date_iso", util::iso8601_utc(p.created_at));
  x.set("hidden", p.hidden);
  x.set("hidden_reason", p.hidden_reason);
  if (!p.hidden || moderator) x.set("body", view::render_markdown(p.body).html);
  if (p.edited_at) x.set("edited", ctx.t("forum.post.edited", {{"date", local_time(ctx, *p.edited_at)}}));
  bool open = !t.locked && !p.hidden && ctx.user;
  x.set("can_quote", open);
  x.set("can_edit", open && mine);
  x.set("can_report", ctx.user && !mine && !p.hidden);
  x.set("can_moderate", moderator);
  x.set("opening", p.seq == 1);
  return x;
}

// Page links around the current one, with the first and the last always present.
view::List pagination(std::int64_t thread_id, std::int64_t current, std::int64_t pages) {
  view::List out;
  auto add = [&](std::int64_t n, bool gap_before) {
    view::Data x;
    x.set("label", std::to_string(n));
    x.set("href", "/forum/t/" + std::to_string(thread_id) + "?page=" + std::to_string(n));
    x.set("current", n == current);
    x.set("gap", gap_before);
    out.push_back(std::move(x));
  };
  std::int64_t last_added = 0;
  for (std::int64_t n : {std::int64_t{1}, current - 2, current - 1, current, current + 1, current + 2, pages}) {
    if (n < 1 || n > pages || n <= last_added) continue;
    add(n, n > last_added + 1 && last_added > 0);
    last_added = n;
  }
  return out;
}

Response show_thread(Ctx& ctx) {
  auto id = ctx.path_id("id");
  bool moderator = false, subscribed = false;
  auto t = visible_thread(ctx, id, moderator, &subscribed);
  if (!t) return ctx.error(404, "errors.not_found");
  auto pages = page_count(t->last_seq);
  std::int64_t current = 1;
  if (auto raw = ctx.query_value("page")) {
    if (*raw == "last") current = pages;
    else if (auto n = util::parse_int(*raw)) current = *n;
    else throw web::Reject{400, "forum.page.invalid"};
  }
  current = std::clamp<std::int64_t>(current, 1, pages);
  std::vector<Post> posts;
  {
    auto c = ctx.db().acquire();
    posts = store::posts_between(*c, id, (current - 1) * kPerPage + 1, current * kPerPage);
  }
  view::Data d;
  d.set("id", std::to_string(id));
  d.set("title", t->title);
  d.set("lang", t->lang);
  d.set("category_slug", t->category_slug);
  d.set("category_name", t->category_name);
  d.set("pinned", t->pinned);
  d.set("locked", t->locked);
  d.set("lock_reason", t->lock_reason);
  d.set("hidden", t->hidden);
  d.set("hidden_reason", t->hidden_reason);
  d.set("moderator", moderator);
  d.set("signed_in", ctx.user.has_value());
  d.set("subscribed", subscribed);
  d.set("can_reply", ctx.user && !t->locked);
  d.set("login_next", web::login_link("/forum/t/" + std::to_string(id) + "?page=last"));
  view::List list;
  for (const auto& p : posts) list.push_back(post_view(ctx, p, *t, moderator));
  d.set("posts", std::move(list));
  d.set("thread_id", std::to_string(id));
  d.set("has_pages", pages > 1);
  if (pages > 1) d.set("pages", pagination(id, current, pages));
  d.set("page_info", ctx.t("forum.thread.page_of", {{"page", std::to_string(current)}, {"pages", std::to_string(pages)}}));
  d.set("last_page", "/forum/t/" + std::to_string(id) + "?page=last");
  if (current < pages) d.set("next", "/forum/t/" + std::to_string(id) + "?page=" + std::to_string(current + 1));
  d.set("body_limit", ctx.t("forum.body_limit", {{"max", std::to_string(kBodyMax)}}));
  return ctx.page(t->title, "forum/thread", std::move(d));
}

Response permalink(Ctx& ctx) {
  std::optional<Post> p;
  {
    auto c = ctx.db().acquire();
    p = store::find_post(*c, ctx.path_id("id"));
  }
  if (!p) return ctx.error(404, "errors.not_found");
  bool moderator = false;
  if (!visible_thread(ctx, p->thread_id, moderator)) return ctx.error(404, "errors.not_found");
  return ctx.redirect(post_url(p->thread_id, p->seq));
}

// The form for a new thread, a reply or an edit.
struct Draft {
  std::string title, body, lang;
};

Response post_form(Ctx& ctx, const std::string& heading, const std::string& action, const Draft& draft, bool with_title,
                   const std::string& back, const FormErrors& errors, int status) {
  view::Data d;
  d.set("heading", heading);
  d.set("action", action);
  d.set("with_title", with_title);
  d.set("title", draft.title);
  d.set("body", draft.body);
  d.set("back", back);
  d.set("body_limit", ctx.t("forum.body_limit", {{"max", std::to_string(kBodyMax)}}));
  if (!draft.lang.empty()) {
    std::vector<std::pair<std::string, std::string>> langs;
    for (auto l : i18n::kLocales) langs.emplace_back(std::string(l), std::string(i18n::native_name(l)));
    d.set("langs", web::options(langs, draft.lang));
    d.set("with_lang", true);
  }
  errors.into(d, ctx);
  return ctx.page(heading, "forum/post_form", d, std::move(status));
}

Response new_thread_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto cat = localised_category_param(ctx);
  if (!cat) return ctx.error(404, "errors.not_found");
  return post_form(ctx, ctx.t("forum.new_thread.title", {{"category", cat->name}}), "/forum/c/" + cat->slug + "/new",
                   {"", "", ctx.locale}, true, "/forum/c/" + cat->slug, {}, 200);
}

Response create_thread(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<ThreadForm>(ctx);
  auto cat = localised_category_param(ctx);
  if (!cat) return ctx.error(404, "errors.not_found");
  Draft draft{form.title, form.body, form.lang};
  auto errors = check(form);
  if (!errors.empty())
    return post_form(ctx, ctx.t("forum.new_thread.title", {{"category", cat->name}}), "/forum/c/" + cat->slug + "/new",
                     draft, true, "/forum/c/" + cat->slug, errors, 422);
  if (!accounts::rate_allow(ctx.db(), "forum-thread:" + std::to_string(ctx.user->id), 3600, 5))
    return ctx.too_many("forum.too_many_threads", 3600);
  auto id = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto now = util::now_unix();
    if (auto same = store::recent_thread(c, cat->id, ctx.user->id, draft.title, now - kResendWindow)) return *same;
    store::ensure_handle(c, ctx.user->id, ctx.user->display_name);
    auto thread_id = store::create_thread(c, cat->id, ctx.user->id, draft.lang, draft.title, draft.body, now);
    store::subscribe(c, thread_id, ctx.user->id, now);
    auto t = store::find_thread(c, thread_id);
    auto first = store::posts_between(c, thread_id, 1, 1);
    announce(ctx, c, *t, first.front(), true);
    return thread_id;
  });
  wake_mail(ctx);
  flash_after_post(ctx, draft.body, "forum.thread_created");
  return ctx.redirect("/forum/t/" + std::to_string(id));
}

Response reply_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto id = ctx.path_id("id");
  bool moderator = false;
  auto t = visible_thread(ctx, id, moderator);
  if (!t) return ctx.error(404, "errors.not_found");
  if (t->locked) return ctx.error(409, "forum.locked");
  Draft draft;
  if (auto q = ctx.query_value("quote")) {
    auto post_id = util::parse_id(*q);
    if (!post_id) return ctx.error(404, "errors.not_found");
    std::optional<Post> p;
    {
      auto c = ctx.db().acquire();
      p = store::find_post(*c, *post_id);
    }
    // Only a visible post of this thread can be quoted.
    if (!p || p->thread_id != id || p->hidden) return ctx.error(404, "errors.not_found");
    draft.body = quote(p->author_name, ctx.t("forum.quote.wrote"), p->id, p->body);
  }
  return post_form(ctx, ctx.t("forum.reply.title", {{"title", t->title}}), "/forum/t/" + std::to_string(id) + "/reply",
                   draft, false, "/forum/t/" + std::to_string(id) + "?page=last", {}, 200);
}

Response create_reply(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<ReplyForm>(ctx);
  auto id = ctx.path_id("id");
  bool moderator = false;
  auto t = visible_thread(ctx, id, moderator);
  if (!t) return ctx.error(404, "errors.not_found");
  if (t->locked) return ctx.error(409, "forum.locked");
  const auto& body = form.body;
  auto errors = check(form);
  if (!errors.empty())
    return post_form(ctx, ctx.t("forum.reply.title", {{"title", t->title}}), "/forum/t/" + std::to_string(id) + "/reply",
                     {"", body, ""}, false, "/forum/t/" + std::to_string(id) + "?page=last", errors, 422);
  if (!accounts::rate_allow(ctx.db(), "forum-reply:" + std::to_string(ctx.user->id), 600, 10))
    return ctx.too_many("forum.too_many_replies", 600);
  auto seq = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) -> std::optional<std::int64_t> {
    auto now = util::now_unix();
    if (auto same = store::recent_duplicate(c, id, ctx.user->id, body, now - kResendWindow)) return same;
    store::ensure_handle(c, ctx.user->id, ctx.user->display_name);
    auto p = store::add_post(c, id, ctx.user->id, body, now);
    if (!p) return std::nullopt;
    announce(ctx, c, *t, *p, true);
    return p->seq;
  });
  if (!seq) return ctx.error(409, "forum.locked");  // locked between the check and the write
  wake_mail(ctx);
  flash_after_post(ctx, body, "forum.replied");
  return ctx.redirect(post_url(id, *seq));
}


struct Editable {
  Post post;
  Thread thread;
};

// The person's own visible post in an open thread, or the response refusing it.
std::variant<Editable, Response> editable(Ctx& ctx) {
  std::optional<Post> p;
  std::optional<Thread> t;
  {
    auto c = ctx.db().acquire();
    p = store::find_post(*c, ctx.path_id("id"));
    if (p) t = store::find_thread(*c, p->thread_id);
  }
  if (!p || !t) return ctx.error(404, "errors.not_found");
  bool moderator = moderates_thread(ctx, *t);
  if (t->hidden && !moderator) return ctx.error(404, "errors.not_found");
  if (!policy::may_edit_post(ctx.actor(), p->author_id)) return ctx.error(403, "forum.not_your_post");
  if (p->hidden) return ctx.error(403, "forum.post_hidden");
  if (t->locked) return ctx.error(409, "forum.locked");
  return Editable{*p, *t};
}

Response edit_page(Ctx& ctx, const Editable& e, const Draft& draft, const FormErrors& errors, int status) {
  return post_form(ctx, ctx.t("forum.edit.title"), "/forum/p/" + std::to_string(e.post.id) + "/edit", draft,
                   e.post.seq == 1, post_url(e.thread.id, e.post.seq), errors, status);
}

Response edit_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto e = editable(ctx);
  if (auto* r = std::get_if<Response>(&e)) return std::move(*r);
  auto& ed = std::get<Editable>(e);
  return edit_page(ctx, ed, {ed.thread.title, ed.post.body, ""}, {}, 200);
}

Response update_post(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<EditForm>(ctx);
  auto e = editable(ctx);
  if (auto* r = std::get_if<Response>(&e)) return std::move(*r);
  auto& ed = std::get<Editable>(e);
  bool opening = ed.post.seq == 1;
  Draft draft{opening ? form.title : ed.thread.title, form.body, ""};
  auto errors = check(form, opening);
  if (!errors.empty()) return edit_page(ctx, ed, draft, errors, 422);
  if (!accounts::rate_allow(ctx.db(), "forum-edit:" + std::to_string(ctx.user->id), 600, 30))
    return ctx.too_many("forum.too_many_edits", 600);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto now = util::now_unix();
    if (draft.body != ed.post.body) {
      store::edit_post(c, ed.post, draft.body, now);
      auto updated = ed.post;
      updated.body = draft.body;
      announce(ctx, c, ed.thread, updated, false);  // people newly mentioned hear of it
    }
    if (opening && draft.title != ed.thread.title) store::set_title(c, ed.thread.id, draft.title, now);
  });
  wake_mail(ctx);
  flash_after_post(ctx, draft.body, "forum.edited");
  return ctx.redirect(post_url(ed.thread.id, ed.post.seq));
}

Response history(Ctx& ctx) {
  std::optional<Post> p;
  std::optional<Thread> t;
  std::vector<Version> versions;
  {
    auto c = ctx.db().acquire();
    p = store::find_post(*c, ctx.path_id("id"));
    if (p) t = store::find_thread(*c, p->thread_id);
    if (p) versions = store::versions(*c, p->id);
  }
  if (!p || !t) return ctx.error(404, "errors.not_found");
  bool moderator = moderates_thread(ctx, *t);
  if ((t->hidden || p->hidden) && !moderator) return ctx.error(404, "errors.not_found");
  view::List list;
  view::Data current;
  current.set("when", local_time(ctx, p->edited_at.value_or(p->created_at)));
  current.set("body", view::render_markdown(p->body).html);
  current.set("current", true);
  list.push_back(current);
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    view::Data x;
    x.set("when", local_time(ctx, it->written_at));
    x.set("body", view::render_markdown(it->body).html);
    x.set("current", false);
    list.push_back(std::move(x));
  }
  view::Data d;
  d.set("versions", std::move(list));
  d.set("author", p->author_name.empty() ? ctx.t("rights.deleted_user") : p->author_name);
  d.set("thread_title", t->title);
  d.set("back", post_url(t->id, p->seq));
  d.set("count", i18n::tn(ctx.locale, "forum.history.count", static_cast<std::int64_t>(versions.size())));
  return ctx.page(ctx.t("forum.history.title"), "forum/history", std::move(d));
}

}  // namespace

void register_threads(web::App& app) {
  // Room for a full post after URL-encoding, so an over-long text gets the 422 with its
  // length instead of a bare 413.
  web::RouteOptions post_body;
  post_body.body_limit = 12 * kBodyMax;
  app.route("GET", "/forum/c/{slug}/new", web::Access::kSignedIn, new_thread_form);
  app.route("POST", "/forum/c/{slug}/new", web::Access::kSignedIn, create_thread, post_body);
  app.route("GET", "/forum/t/{id}", web::Access::kAnyone, show_thread, web::shared_page());
  app.route("GET", "/forum/t/{id}/reply", web::Access::kSignedIn, reply_form);
  app.route("POST", "/forum/t/{id}/reply", web::Access::kSignedIn, create_reply, post_body);
  app.route("GET", "/forum/p/{id}", web::Access::kAnyone, permalink);
  app.route("GET", "/forum/p/{id}/edit", web::Access::kSignedIn, edit_form);
  app.route("POST", "/forum/p/{id}/edit", web::Access::kSignedIn, update_post, post_body);
  app.route("GET", "/forum/p/{id}/history", web::Access::kAnyone, history);
}

}  // namespace cityskills::forum
