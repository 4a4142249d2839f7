// Forum categories: the index, a category's threads and its Atom feed, and the platform
// administrators' category forms with names in every language.
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

Response index(Ctx& ctx) {
  view::Data d;
  view::List list;
  bool moderator = false;
  auto c = ctx.db().acquire();
  auto cats = store::categories(*c, ctx.locale);
  for (const auto& cat : cats) {
    view::Data x;
    x.set("slug", cat.slug);
    x.set("name", cat.name);
    x.set("description", cat.description);
    x.set("org", cat.org_name);
    x.set("threads", i18n::tn(ctx.locale, "forum.threads_count", cat.threads));
    list.push_back(std::move(x));
    if (policy::may_moderate(ctx.actor(), cat.org_id)) moderator = true;
  }
  d.set("categories", std::move(list));
  d.set("signed_in", ctx.user.has_value());
  if (ctx.user) {
    d.set("notifications",
          i18n::tn(ctx.locale, "forum.notifications.unread", store::unread_notifications(*c, ctx.user->id)));
    d.set("platform_admin", ctx.user->platform_admin);
  }
  d.set("moderator", moderator);
  return ctx.page(ctx.t("forum.index.title"), "forum/index", std::move(d));
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
    x.set("last", local_time(ctx, t.last_post_at));
    x.set("last_page", "/forum/t/" + std::to_string(t.id) + "?page=last");
    x.set("pinned", t.pinned);
    x.set("locked", t.locked);
    x.set("hidden", t.hidden);
    list.push_back(std::move(x));
  }
  view::Data d;
  d.set("slug", cat->slug);
  d.set("name", cat->name);
  d.set("description", cat->description);
  d.set("org", cat->org_name);
  d.set("feed", "/forum/c/" + cat->slug + "/feed.atom");
  d.set("threads", std::move(list));
  d.set("signed_in", ctx.user.has_value());
  d.set("platform_admin", ctx.user && ctx.user->platform_admin);
  d.set("login_next", web::login_link("/forum/c/" + cat->slug + "/new"));
  auto base = "/forum/c/" + cat->slug + "?page=";
  if (current > 1) d.set("prev", base + std::to_string(current - 1));
  if (current < pages) d.set("next", base + std::to_string(current + 1));
  ctx.feeds.emplace_back(cat->name, "/forum/c/" + cat->slug + "/feed.atom");
  return ctx.page(cat->name, "forum/category", std::move(d));
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
    langs.push_back(std::move(x));
  }
  d.set("languages", std::move(langs));
  d.set("action", cat.id ? "/forum/c/" + ctx.path_params["slug"] + "/edit" : std::string("/forum/categories/new"));
  errors.into(d, ctx);
  auto title = ctx.t(cat.id ? "forum.category.edit_title" : "forum.category.new_title");
  d.set("title_text", title);
  return ctx.page(title, "forum/category_form", d, std::move(status));
}

// The category form as entered, and its errors.
Category read_category(Ctx& ctx, FormErrors& errors) {
  auto form = web::read_form<CategoryForm>(ctx);
  bool org_exists = false;
  if (auto id = form.org()) {
    auto c = ctx.db().acquire();
    for (const auto& o : orgs::all(*c)) org_exists = org_exists || o.id == *id;
  }
  errors = check(form, org_exists);
  return form.category(org_exists);
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

}  // namespace

void register_categories(web::App& app) {
  app.route("GET", "/forum", web::Access::kAnyone, index, web::shared_page());
  app.route("GET", "/forum/categories/new", web::Access::kPlatformAdmin, new_category_form);
  app.route("POST", "/forum/categories/new", web::Access::kPlatformAdmin, create_category);
  app.route("GET", "/forum/c/{slug}", web::Access::kAnyone, category, web::shared_page());
  app.route("GET", "/forum/c/{slug}/feed.atom", web::Access::kAnyone, feed, web::shared_page());
  app.route("GET", "/forum/c/{slug}/edit", web::Access::kPlatformAdmin, edit_category_form);
  app.route("POST", "/forum/c/{slug}/edit", web::Access::kPlatformAdmin, update_category);
}

}  // namespace cityskills::forum
