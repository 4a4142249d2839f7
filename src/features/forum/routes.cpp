// Forum: categories, threads and replies in Markdown, quoting, @mentions with notifications,
// subscriptions with e-mail on new replies, and editing with the history kept.
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

// ---- shared helpers ------------------------------------------------------------------------

std::vector<std::int64_t> moderated_categories(db::Connection& c, const web::Actor& a) {
  std::vector<std::int64_t> out;
  for (const auto& cat : store::categories(c))
    if (policy::may_moderate(a, cat.org_id)) out.push_back(cat.id);
  return out;
}

void check_body(const std::string& field, const std::string& body, FormErrors& errors) {
  if (!web::check_text(errors, field, body, kBodyMax, "forum.validation.too_long")) return;
  if (view::render_markdown(body).too_deep) return errors.add(field, "news.validation.too_deep");
  if (auto n = count_links(body); n > kMaxLinks)
    return errors.add(field, "forum.validation.too_many_links",
                      {{"max", std::to_string(kMaxLinks)}, {"count", std::to_string(n)}});
  if (auto n = find_mentions(body).size(); n > kMaxMentions)
    return errors.add(field, "forum.validation.too_many_mentions",
                      {{"max", std::to_string(kMaxMentions)}, {"count", std::to_string(n)}});
}

void check_reason(const std::string& field, const std::string& reason, FormErrors& errors) {
  if (auto e = web::check_name(reason, kReasonMax)) errors.add(field, "forum.validation.reason");
}

std::string post_url(std::int64_t thread_id, std::int64_t seq) {
  return "/forum/t/" + std::to_string(thread_id) + "?page=" + std::to_string(page_of(seq)) + "#p" + std::to_string(seq);
}

bool moderates_thread(Ctx& ctx, const Thread& t) { return policy::may_moderate(ctx.actor(), t.category_org_id); }

namespace {

// The same text sent again within this many seconds is the same post (a double click).
constexpr std::int64_t kResendWindow = 120;

std::string date(const Ctx& ctx, std::int64_t t) { return i18n::format_datetime(ctx.locale, t, "Europe/Rome"); }

// A thread as the person may see it: nullopt when it does not exist or is hidden from them.
std::optional<Thread> visible_thread(Ctx& ctx, std::int64_t id, bool& moderator) {
  std::optional<Thread> t;
  {
    auto c = ctx.db().acquire();
    t = store::find_thread(*c, id);
  }
  if (!t) return std::nullopt;
  moderator = moderates_thread(ctx, *t);
  if (t->hidden && !moderator) return std::nullopt;
  return t;
}

std::string base_url(const Ctx& ctx) { return ctx.svc.config.public_url; }

std::string unsubscribe_sig(const Ctx& ctx, std::int64_t thread_id, std::int64_t user_id) {
  return crypto::hmac_hex(ctx.svc.secret, "forum-unsubscribe|" + std::to_string(thread_id) + "|" + std::to_string(user_id));
}

std::string unsubscribe_link(const Ctx& ctx, std::int64_t thread_id, std::int64_t user_id) {
  return base_url(ctx) + "/forum/unsubscribe?t=" + std::to_string(thread_id) + "&u=" + std::to_string(user_id) +
         "&sig=" + unsubscribe_sig(ctx, thread_id, user_id);
}

// Titles are single-line (check_name), but the subject must never carry a line break.
std::string subject_safe(std::string s) {
  std::replace_if(s.begin(), s.end(), [](char ch) { return ch == '\r' || ch == '\n'; }, ' ');
  return s;
}

// In the posting transaction: notifies the people mentioned (once per post) and, for a new
// reply, e-mails the thread's subscribers other than its author.
void announce(Ctx& ctx, db::Connection& c, const Thread& t, const Post& p, bool new_post) {
  const auto& me = *ctx.user;
  auto link = base_url(ctx) + "/forum/p/" + std::to_string(p.id);
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

// ---- index and categories ------------------------------------------------------------------

Response index(Ctx& ctx) {
  view::Data d;
  view::List list;
  bool moderator = false;
  auto c = ctx.db().acquire();
  auto cats = store::categories(*c);
  store::localise(*c, cats, ctx.locale);
  for (const auto& cat : cats) {
    view::Data x;
    x.set("slug", cat.slug);
    x.set("name", cat.name);
    x.set("description", cat.description);
    x.set("org", cat.org_name);
    x.set("threads", i18n::tn(ctx.locale, "forum.threads_count", cat.threads));
    list.push_back(x);
    if (policy::may_moderate(ctx.actor(), cat.org_id)) moderator = true;
  }
  d.set("categories", list);
  d.set("signed_in", ctx.user.has_value());
  if (ctx.user) {
    d.set("notifications",
          i18n::tn(ctx.locale, "forum.notifications.unread", store::unread_notifications(*c, ctx.user->id)));
    d.set("platform_admin", ctx.user->platform_admin);
  }
  d.set("moderator", moderator);
  return ctx.page(ctx.t("forum.index.title"), "forum/index", d);
}

Response category(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto cat = store::category_by_slug(*c, ctx.path_params["slug"]);
  if (!cat) return ctx.error(404, "errors.not_found");
  store::localise(*c, *cat, ctx.locale);
  bool moderator = policy::may_moderate(ctx.actor(), cat->org_id);
  auto total = store::count_threads(*c, cat->id, moderator);
  auto pages = std::max<std::int64_t>(1, (total + kPerPage - 1) / kPerPage);
  auto raw = ctx.query_value("page").value_or("1");
  auto page = util::parse_int(raw);
  if (!page) throw web::Reject{400, "forum.page.invalid"};
  auto current = std::clamp<std::int64_t>(*page, 1, pages);
  view::List list;
  for (const auto& t : store::threads(*c, cat->id, moderator, static_cast<int>(kPerPage),
                                      static_cast<int>((current - 1) * kPerPage))) {
    view::Data x;
    x.set("id", std::to_string(t.id));
    x.set("title", t.title);
    x.set("lang", t.lang);
    x.set("author", t.author_name.empty() ? ctx.t("rights.deleted_user") : t.author_name);
    x.set("replies", i18n::tn(ctx.locale, "forum.replies_count", std::max<std::int64_t>(0, t.last_seq - 1)));
    x.set("last", date(ctx, t.last_post_at));
    x.set("last_page", "/forum/t/" + std::to_string(t.id) + "?page=last");
    x.set("pinned", t.pinned);
    x.set("locked", t.locked);
    x.set("hidden", t.hidden);
    list.push_back(x);
  }
  view::Data d;
  d.set("slug", cat->slug);
  d.set("name", cat->name);
  d.set("description", cat->description);
  d.set("org", cat->org_name);
  d.set("feed", "/forum/c/" + cat->slug + "/feed.atom");
  d.set("threads", list);
  d.set("signed_in", ctx.user.has_value());
  d.set("platform_admin", ctx.user && ctx.user->platform_admin);
  d.set("login_next", "/login?next=" + http::percent_encode("/forum/c/" + cat->slug + "/new"));
  auto base = "/forum/c/" + cat->slug + "?page=";
  if (current > 1) d.set("prev", base + std::to_string(current - 1));
  if (current < pages) d.set("next", base + std::to_string(current + 1));
  ctx.feeds.emplace_back(cat->name, "/forum/c/" + cat->slug + "/feed.atom");
  return ctx.page(cat->name, "forum/category", d);
}

std::string xml(std::string_view s) { return util::html_escape(s); }

// The newest posts of a category as Atom; hidden posts and threads are left out.
Response feed(Ctx& ctx) {
  std::optional<Category> cat;
  std::vector<FeedItem> items;
  {
    auto c = ctx.db().acquire();
    cat = store::category_by_slug(*c, ctx.path_params["slug"]);
    if (cat) {
      store::localise(*c, *cat, ctx.locale);
      items = store::latest_posts(*c, cat->id, 30);
    }
  }
  if (!cat) return ctx.error(404, "errors.not_found");
  const auto& base = ctx.svc.config.public_url;
  auto self = base + "/forum/c/" + cat->slug + "/feed.atom";
  auto host = base.substr(base.find("://") + 3);
  std::int64_t updated = 0;
  for (const auto& it : items) updated = std::max(updated, it.post.edited_at.value_or(it.post.created_at));
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n  <id>" +
                    xml(self) + "</id>\n  <title>" + xml(cat->name + " · " + ctx.t("site.name")) + "</title>\n  <updated>" +
                    util::iso8601_utc(updated) + "</updated>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"" +
                    xml(self) + "\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"" +
                    xml(base + "/forum/c/" + cat->slug) + "\"/>\n";
  for (const auto& it : items) {
    const auto& p = it.post;
    auto title = p.seq == 1 ? it.thread_title : ctx.t("forum.feed.reply_title", {{"title", it.thread_title}});
    out += "  <entry>\n    <id>tag:" + xml(host) + ",2026:forum/post/" + std::to_string(p.id) + "</id>\n    <title>" +
           xml(title) + "</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"" +
           xml(base + "/forum/p/" + std::to_string(p.id)) + "\"/>\n    <published>" + util::iso8601_utc(p.created_at) +
           "</published>\n    <updated>" + util::iso8601_utc(p.edited_at.value_or(p.created_at)) +
           "</updated>\n    <author><name>" + xml(p.author_name.empty() ? ctx.t("site.name") : p.author_name) +
           "</name></author>\n    <content type=\"html\">" + xml(view::render_markdown(p.body).html) +
           "</content>\n  </entry>\n";
  }
  out += "</feed>\n";
  auto r = Response::text(200, out, "application/atom+xml; charset=utf-8");
  r.set("cache-control", "public, max-age=60");
  return r;
}

bool valid_slug(const std::string& s) {
  if (s.size() < 2 || s.size() > 60) return false;
  return std::all_of(s.begin(), s.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-'; });
}

Response category_form(Ctx& ctx, const Category& cat, const FormErrors& errors, int status) {
  view::Data d;
  d.set("name", cat.name);
  d.set("slug", cat.slug);
  d.set("description", cat.description);
  d.set("position", std::to_string(cat.position));
  std::vector<std::pair<std::string, std::string>> orgs{{"", ctx.t("forum.category.no_org")}};
  {
    auto c = ctx.db().acquire();
    for (const auto& o : orgs::all(*c)) orgs.emplace_back(std::to_string(o.id), o.name);
  }
  d.set("orgs", web::options(orgs, cat.org_id ? std::to_string(*cat.org_id) : ""));
  view::List langs;
  for (auto lang : i18n::kLocales) {
    view::Data x;
    std::string l(lang);
    x.set("lang", l);
    x.set("legend", ctx.t("forum.category.in_language", {{"language", std::string(i18n::native_name(lang))}}));
    x.set("tr_name", "");
    x.set("tr_description", "");
    for (const auto& tr : cat.translations)
      if (tr.lang == l) {
        x.set("tr_name", tr.name);
        x.set("tr_description", tr.description);
      }
    for (const char* field : {"name", "description"}) {
      auto key = std::string(field) + "_" + l;
      if (errors.has(key)) x.set("tr_" + std::string(field) + "_error", ctx.t(errors.key(key), errors.args(key)));
    }
    langs.push_back(x);
  }
  d.set("languages", langs);
  d.set("action", cat.id ? "/forum/c/" + ctx.path_params["slug"] + "/edit" : std::string("/forum/categories/new"));
  errors.into(d, ctx);
  auto title = ctx.t(cat.id ? "forum.category.edit_title" : "forum.category.new_title");
  d.set("title_text", title);
  return ctx.page(title, "forum/category_form", d, status);
}

Category read_category(Ctx& ctx, FormErrors& errors) {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v{"name", "slug", "description", "org_id", "position"};
    for (auto lang : i18n::kLocales) {
      v.push_back("name_" + std::string(lang));
      v.push_back("description_" + std::string(lang));
    }
    return v;
  }();
  static const std::vector<std::string_view> fields(names.begin(), names.end());
  web::allow_fields(ctx, fields);
  Category cat;
  cat.name = std::string(util::trim(ctx.field("name")));
  cat.slug = util::to_lower(util::trim(ctx.field("slug")));
  cat.description = std::string(util::trim(ctx.field("description")));
  auto org = ctx.field("org_id");
  auto position = util::parse_int(ctx.field("position").empty() ? "0" : ctx.field("position"));
  if (auto e = web::check_name(cat.name, 100)) errors.add("name", *e);
  if (!valid_slug(cat.slug)) errors.add("slug", "forum.validation.slug");
  if (auto e = web::check_name(cat.description, 500)) errors.add("description", *e);
  for (auto lang : i18n::kLocales) {
    std::string l(lang);
    CategoryText tr{l, std::string(util::trim(ctx.field("name_" + l))), std::string(util::trim(ctx.field("description_" + l)))};
    if (!tr.name.empty())
      if (auto e = web::check_name(tr.name, 100)) errors.add("name_" + l, *e);
    if (!tr.description.empty())
      if (auto e = web::check_name(tr.description, 500)) errors.add("description_" + l, *e);
    if (!tr.name.empty() || !tr.description.empty()) cat.translations.push_back(std::move(tr));
  }
  if (!position || *position < 0 || *position > 1000) errors.add("position", "forum.validation.position");
  else cat.position = *position;
  if (!org.empty()) {
    auto id = util::parse_id(org);
    auto c = ctx.db().acquire();
    bool ok = false;
    for (const auto& o : orgs::all(*c)) ok = ok || (id && o.id == *id);
    if (!ok) errors.add("org_id", "validation.choice.invalid");
    else cat.org_id = id;
  }
  return cat;
}

Response new_category_form(Ctx& ctx) {
  if (auto r = ctx.require_platform_admin()) return *r;
  return category_form(ctx, {}, {}, 200);
}

Response save_category(Ctx& ctx, std::optional<Category> existing) {
  FormErrors errors;
  auto cat = read_category(ctx, errors);
  if (existing) cat.id = existing->id;
  if (errors.empty()) {
    auto c = ctx.db().acquire();
    auto same = store::category_by_slug(*c, cat.slug);
    if (same && same->id != cat.id) errors.add("slug", "forum.validation.slug_taken");
  }
  if (!errors.empty()) return category_form(ctx, cat, errors, 422);
  try {
    ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
      if (existing) store::update_category(c, cat);
      else cat.id = store::create_category(c, cat);
      store::set_translations(c, cat.id, cat.translations);
    });
  } catch (const db::Error& e) {
    if (e.kind() != db::Error::Kind::kUniqueViolation) throw;
    errors.add("slug", "forum.validation.slug_taken");
    return category_form(ctx, cat, errors, 422);
  }
  ctx.flash("common.saved");
  return ctx.redirect("/forum/c/" + cat.slug);
}

Response create_category(Ctx& ctx) {
  if (auto r = ctx.require_platform_admin()) return *r;
  return save_category(ctx, std::nullopt);
}

std::optional<Category> category_param(Ctx& ctx) {
  auto c = ctx.db().acquire();
  return store::category_by_slug(*c, ctx.path_params["slug"]);
}

// The category with its name in the reader's language, for page titles.
std::optional<Category> localised_category_param(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto cat = store::category_by_slug(*c, ctx.path_params["slug"]);
  if (cat) store::localise(*c, *cat, ctx.locale);
  return cat;
}

Response edit_category_form(Ctx& ctx) {
  if (auto r = ctx.require_platform_admin()) return *r;
  auto cat = category_param(ctx);
  if (!cat) return ctx.error(404, "errors.not_found");
  {
    auto c = ctx.db().acquire();
    cat->translations = store::translations(*c, cat->id);
  }
  return category_form(ctx, *cat, {}, 200);
}

Response update_category(Ctx& ctx) {
  if (auto r = ctx.require_platform_admin()) return *r;
  auto cat = category_param(ctx);
  if (!cat) return ctx.error(404, "errors.not_found");
  return save_category(ctx, cat);
}

// ---- threads -----------------------------------------------------------------------------

view::Data post_view(const Ctx& ctx, const Post& p, const Thread& t, bool moderator) {
  view::Data x;
  bool mine = policy::may_edit_post(ctx.actor(), p.author_id);
  x.set("id", std::to_string(p.id));
  x.set("seq", std::to_string(p.seq));
  x.set("author", p.author_name.empty() ? ctx.t("rights.deleted_user") : p.author_name);
  if (!p.author_handle.empty()) x.set("handle", p.author_handle);
  x.set("date", date(ctx, p.created_at));
  x.set("date_iso", util::iso8601_utc(p.created_at));
  x.set("hidden", p.hidden);
  x.set("hidden_reason", p.hidden_reason);
  if (!p.hidden || moderator) x.set("body", view::render_markdown(p.body).html);
  if (p.edited_at) x.set("edited", ctx.t("forum.post.edited", {{"date", date(ctx, *p.edited_at)}}));
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
    out.push_back(x);
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
  bool moderator = false;
  auto t = visible_thread(ctx, id, moderator);
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
  bool subscribed = false;
  {
    auto c = ctx.db().acquire();
    posts = store::posts_between(*c, id, (current - 1) * kPerPage + 1, current * kPerPage);
    if (ctx.user) subscribed = store::subscribed(*c, id, ctx.user->id);
    t->category_name = store::category_name(*c, t->category_id, ctx.locale);
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
  d.set("login_next", "/login?next=" + http::percent_encode("/forum/t/" + std::to_string(id) + "?page=last"));
  view::List list;
  for (const auto& p : posts) list.push_back(post_view(ctx, p, *t, moderator));
  d.set("posts", list);
  d.set("thread_id", std::to_string(id));
  d.set("has_pages", pages > 1);
  if (pages > 1) d.set("pages", pagination(id, current, pages));
  d.set("page_info", ctx.t("forum.thread.page_of", {{"page", std::to_string(current)}, {"pages", std::to_string(pages)}}));
  d.set("last_page", "/forum/t/" + std::to_string(id) + "?page=last");
  if (current < pages) d.set("next", "/forum/t/" + std::to_string(id) + "?page=" + std::to_string(current + 1));
  d.set("body_limit", ctx.t("forum.body_limit", {{"max", std::to_string(kBodyMax)}}));
  return ctx.page(t->title, "forum/thread", d);
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
  return ctx.page(heading, "forum/post_form", d, status);
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
  web::allow_fields(ctx, {"title", "body", "lang"});
  auto cat = localised_category_param(ctx);
  if (!cat) return ctx.error(404, "errors.not_found");
  Draft draft{std::string(util::trim(ctx.field("title"))), ctx.field("body"), ctx.field("lang")};
  FormErrors errors;
  if (auto e = web::check_name(draft.title, kTitleMax)) {
    if (*e == "validation.text.too_long")
      errors.add("title", "forum.validation.too_long",
                 {{"max", std::to_string(kTitleMax)}, {"length", std::to_string(util::utf8_length(draft.title))}});
    else errors.add("title", *e);
  }
  if (!i18n::supported(draft.lang)) errors.add("lang", "validation.choice.invalid");
  check_body("body", draft.body, errors);
  if (!errors.empty())
    return post_form(ctx, ctx.t("forum.new_thread.title", {{"category", cat->name}}), "/forum/c/" + cat->slug + "/new",
                     draft, true, "/forum/c/" + cat->slug, errors, 422);
  {
    auto c = ctx.db().acquire();
    if (!accounts::rate_allow(*c, "forum-thread:" + std::to_string(ctx.user->id), 3600, 5))
      return ctx.too_many("forum.too_many_threads", 3600);
  }
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
  web::allow_fields(ctx, {"body"});
  auto id = ctx.path_id("id");
  bool moderator = false;
  auto t = visible_thread(ctx, id, moderator);
  if (!t) return ctx.error(404, "errors.not_found");
  if (t->locked) return ctx.error(409, "forum.locked");
  auto body = ctx.field("body");
  FormErrors errors;
  check_body("body", body, errors);
  if (!errors.empty())
    return post_form(ctx, ctx.t("forum.reply.title", {{"title", t->title}}), "/forum/t/" + std::to_string(id) + "/reply",
                     {"", body, ""}, false, "/forum/t/" + std::to_string(id) + "?page=last", errors, 422);
  {
    auto c = ctx.db().acquire();
    if (!accounts::rate_allow(*c, "forum-reply:" + std::to_string(ctx.user->id), 600, 10))
      return ctx.too_many("forum.too_many_replies", 600);
  }
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

// ---- editing -----------------------------------------------------------------------------

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
  web::allow_fields(ctx, {"body", "title"});
  auto e = editable(ctx);
  if (auto* r = std::get_if<Response>(&e)) return std::move(*r);
  auto& ed = std::get<Editable>(e);
  bool opening = ed.post.seq == 1;
  Draft draft{opening ? std::string(util::trim(ctx.field("title"))) : ed.thread.title, ctx.field("body"), ""};
  FormErrors errors;
  if (opening)
    if (auto err = web::check_name(draft.title, kTitleMax)) errors.add("title", *err);
  check_body("body", draft.body, errors);
  if (!errors.empty()) return edit_page(ctx, ed, draft, errors, 422);
  {
    auto c = ctx.db().acquire();
    if (!accounts::rate_allow(*c, "forum-edit:" + std::to_string(ctx.user->id), 600, 30))
      return ctx.too_many("forum.too_many_edits", 600);
  }
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
  current.set("when", date(ctx, p->edited_at.value_or(p->created_at)));
  current.set("body", view::render_markdown(p->body).html);
  current.set("current", true);
  list.push_back(current);
  for (auto it = versions.rbegin(); it != versions.rend(); ++it) {
    view::Data x;
    x.set("when", date(ctx, it->written_at));
    x.set("body", view::render_markdown(it->body).html);
    x.set("current", false);
    list.push_back(x);
  }
  view::Data d;
  d.set("versions", list);
  d.set("author", p->author_name.empty() ? ctx.t("rights.deleted_user") : p->author_name);
  d.set("thread_title", t->title);
  d.set("back", post_url(t->id, p->seq));
  d.set("count", i18n::tn(ctx.locale, "forum.history.count", static_cast<std::int64_t>(versions.size())));
  return ctx.page(ctx.t("forum.history.title"), "forum/history", d);
}

// ---- subscriptions and notifications -----------------------------------------------------

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

// The thread and person named by an e-mail's unsubscribe link, when its signature holds.
std::optional<LinkTarget> link_target(Ctx& ctx, bool from_form) {
  auto get = [&](const char* name) { return from_form ? ctx.field(name) : ctx.query_value(name).value_or(""); };
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
  auto l = link_target(ctx, false);
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
  return ctx.page(ctx.t("forum.unsubscribe.title"), "forum/unsubscribe", d);
}

Response unsubscribe_by_link(Ctx& ctx) {
  web::allow_fields(ctx, {"t", "u", "sig"});
  auto l = link_target(ctx, true);
  if (!l) return ctx.error(400, "forum.unsubscribe.invalid");
  {
    auto c = ctx.db().acquire();
    store::unsubscribe(*c, l->thread_id, l->user_id);
  }
  view::Data d;
  d.set("done", true);
  return ctx.page(ctx.t("forum.unsubscribe.title"), "forum/unsubscribe", d);
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
      x.set("date", date(ctx, n.created_at));
      x.set("unread", !n.read);
      list.push_back(x);
    }
  }
  view::Data d;
  d.set("notifications", list);
  d.set("handle", handle);
  return ctx.page(ctx.t("forum.notifications.title"), "forum/notifications", d);
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

// What this feature keeps about people, for the records of processing (GDPR art. 30).
static void declare_processing() {
  web::declare_personal_data({"forum", "forum",
                              "processing.forum.forum.purpose", "processing.forum.forum.data",
                              web::LegalBasis::kPublicTask, "processing.retention.content", "",
                              {"staff", "public", "processors"},
                              {"forum_threads", "forum_posts", "forum_handles", "forum_subscriptions",
                               "forum_notifications", "forum_reports", "forum_moderation_log"}});
}

void register_routes(web::App& app) {
  declare_processing();
  // Room for a full post after URL-encoding, so an over-long text gets the 422 with its
  // length instead of a bare 413.
  web::RouteOptions post_body;
  post_body.body_limit = 12 * kBodyMax;
  app.route("GET", "/forum", web::Access::kAnyone, index);
  app.route("GET", "/forum/notifications", web::Access::kSignedIn, notifications);
  app.route("POST", "/forum/notifications/read", web::Access::kSignedIn, mark_read);
  app.route("GET", "/forum/unsubscribe", web::Access::kAnyone, unsubscribe_link_page);
  app.route("POST", "/forum/unsubscribe", web::Access::kAnyone, unsubscribe_by_link);
  app.route("GET", "/forum/categories/new", web::Access::kPlatformAdmin, new_category_form);
  app.route("POST", "/forum/categories/new", web::Access::kPlatformAdmin, create_category);
  app.route("GET", "/forum/c/{slug}", web::Access::kAnyone, category);
  app.route("GET", "/forum/c/{slug}/feed.atom", web::Access::kAnyone, feed);
  app.route("GET", "/forum/c/{slug}/edit", web::Access::kPlatformAdmin, edit_category_form);
  app.route("POST", "/forum/c/{slug}/edit", web::Access::kPlatformAdmin, update_category);
  app.route("GET", "/forum/c/{slug}/new", web::Access::kSignedIn, new_thread_form);
  app.route("POST", "/forum/c/{slug}/new", web::Access::kSignedIn, create_thread, post_body);
  app.route("GET", "/forum/t/{id}", web::Access::kAnyone, show_thread);
  app.route("GET", "/forum/t/{id}/reply", web::Access::kSignedIn, reply_form);
  app.route("POST", "/forum/t/{id}/reply", web::Access::kSignedIn, create_reply, post_body);
  app.route("POST", "/forum/t/{id}/subscribe", web::Access::kSignedIn, subscribe);
  app.route("POST", "/forum/t/{id}/unsubscribe", web::Access::kSignedIn, unsubscribe);
  app.route("GET", "/forum/p/{id}", web::Access::kAnyone, permalink);
  app.route("GET", "/forum/p/{id}/edit", web::Access::kSignedIn, edit_form);
  app.route("POST", "/forum/p/{id}/edit", web::Access::kSignedIn, update_post, post_body);
  app.route("GET", "/forum/p/{id}/history", web::Access::kAnyone, history);
  register_moderation(app);
}

}  // namespace cityskills::forum
