// News: articles per language with tags and scheduled publication, Atom feeds per language
// and organisation, and authoring for an organisation's authors.
#include <algorithm>
#include <cstdio>

#include "features/admin/api.hpp"
#include "features/news/api.hpp"
#include "features/news/forms.hpp"
#include "features/news/policy.hpp"
#include "features/news/store.hpp"
#include "features/orgs/api.hpp"
#include "i18n/zones.hpp"
#include "media/media.hpp"
#include "util/log.hpp"
#include "view/markdown.hpp"
#include "web/forms.hpp"
#include "web/extensions.hpp"
#include "web/upload_route.hpp"
#include "web/list_cards.hpp"
#include "web/processing.hpp"

namespace cityskills::news {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

constexpr int kPerPage = 10;
constexpr std::size_t kImageUploadLimit = 11 * 1024 * 1024;  // the media store's 10 MB and the form around it

std::vector<orgs::OrgRef> manageable_orgs(Ctx& ctx) {
  if (!ctx.user) return {};
  auto c = ctx.db().acquire();
  return orgs::publishable(*c, *ctx.user);
}

bool can_manage(Ctx& ctx, std::int64_t org_id) { return policy::may_write(ctx.actor(), org_id); }

view::Data teaser(const Ctx& ctx, const Article& a) {
  view::Data d;
  d.set("id", std::to_string(a.id));
  d.set("title", a.title);
  d.set("summary", a.summary);
  d.set("org", a.org_name);
  d.set("date", i18n::format_date(ctx.locale, a.publish_at, ctx.zone()));
  d.set("date_iso", util::iso8601_utc(a.publish_at));
  view::List tags;
  for (const auto& t : a.tags) tags.push_back(view::Data(view::Object{{"tag", t}}));
  if (!tags.empty()) d.set("tags", std::move(tags));
  if (a.cover_media_id) {
    d.set("cover", a.image_url(*a.cover_media_id));
    d.set("cover_alt", a.cover_alt);
  }
  return d;
}

Response list(Ctx& ctx) {
  web::ListParams q(ctx, "/news", "news.filter.invalid");
  store::Filter f;
  f.lang = ctx.locale;
  f.tag = q.text("tag", kTagMax);
  if (!f.tag.empty() && !valid_tag(f.tag)) q.fail();
  auto c = ctx.db().acquire();
  std::string org;
  f.org_id = orgs::org_filter(*c, q, org);
  auto items = store::visible(*c, f, util::now_unix(), kPerPage + 1, q.offset(kPerPage));
  view::Data d;
  d.set("articles", web::page_cards(q, d, items, kPerPage, [&](const Article& a) { return teaser(ctx, a); }));
  if (!f.tag.empty()) d.set("tag", f.tag);
  d.set("feed", "/news.atom?lang=" + ctx.locale + (org.empty() ? "" : "&org=" + http::percent_encode(org)));
  d.set("can_write", !manageable_orgs(ctx).empty());
  ctx.feeds.emplace_back(ctx.t("news.list.title"), "/news.atom");
  return ctx.page(ctx.t("news.list.title"), "news/list", std::move(d));
}

Response show(Ctx& ctx) {
  std::optional<Article> a;
  {
    auto c = ctx.db().acquire();
    a = store::find(*c, ctx.path_id("id"));
  }
  if (!a) return ctx.error(404, "errors.not_found");
  // Drafts and scheduled articles exist only for their organisation's authors.
  if (!policy::may_view(ctx.actor(), a->org_id, a->status, a->publish_at, util::now_unix()))
    return ctx.error(404, "errors.not_found");
  bool visible = policy::may_view(web::Actor{}, a->org_id, a->status, a->publish_at, util::now_unix());
  bool manager = can_manage(ctx, a->org_id);
  auto d = teaser(ctx, *a);
  d.set("body", view::render_markdown(a->body).html);
  d.set("lang", a->lang);
  if (!visible) d.set("not_public", a->status == "draft" ? ctx.t("news.status.draft")
                                                          : ctx.t("news.status.scheduled",
                                                                  {{"date", i18n::format_datetime(ctx.locale, a->publish_at, ctx.zone())}}));
  d.set("can_edit", manager);
  return ctx.page(a->title, "news/show", std::move(d));
}

std::string xml(std::string_view s) { return util::html_escape(s); }

Response atom(Ctx& ctx) {
  store::Filter f;
  f.lang = ctx.query_value("lang").value_or(ctx.locale);
  if (!i18n::supported(f.lang)) return ctx.error(404, "errors.not_found");
  std::string title = i18n::t(f.lang, "news.list.title") + " · " + i18n::t(f.lang, "site.name");
  std::string self = ctx.svc.config.public_url + "/news.atom?lang=" + f.lang;
  auto c = ctx.db().acquire();
  if (auto org = ctx.query_value("org"); org && !org->empty()) {
    auto o = orgs::by_slug(*c, *org);
    if (!o) return ctx.error(404, "errors.not_found");
    f.org_id = o->id;
    title += " · " + o->name;
    self += "&org=" + http::percent_encode(o->slug);
  }
  auto items = store::visible(*c, f, util::now_unix(), 50, 0);
  std::int64_t updated = 0;
  for (const auto& a : items) updated = std::max({updated, a.updated_at, a.publish_at});
  auto host = ctx.svc.config.public_url.substr(ctx.svc.config.public_url.find("://") + 3);
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"" +
                    f.lang + "\">\n  <id>" + xml(self) + "</id>\n  <title>" + xml(title) + "</title>\n  <updated>" +
                    util::iso8601_utc(updated) + "</updated>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"" +
                    xml(self) + "\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"" +
                    xml(ctx.svc.config.public_url + "/news") + "\"/>\n";
  for (const auto& a : items) {
    auto url = ctx.svc.config.public_url + "/news/" + std::to_string(a.id);
    out += "  <entry>\n    <id>tag:" + xml(host) + ",2026:news/" + std::to_string(a.id) + "</id>\n    <title>" + xml(a.title) +
           "</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"" + xml(url) + "\"/>\n    <published>" +
           util::iso8601_utc(a.publish_at) + "</published>\n    <updated>" +
           util::iso8601_utc(std::max(a.updated_at, a.publish_at)) + "</updated>\n    <author><name>" + xml(a.org_name) +
           "</name></author>\n    <summary>" + xml(a.summary) + "</summary>\n    <content type=\"html\">" +
           xml(view::render_markdown(a.body).html) + "</content>\n";
    for (const auto& t : a.tags) out += "    <category term=\"" + xml(t) + "\"/>\n";
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  auto r = Response::text(200, out, "application/atom+xml; charset=utf-8");
  r.set("cache-control", "public, max-age=300");
  return r;
}

// ---- authoring ----------------------------------------------------------------------------

view::Data form_data(Ctx& ctx, const Article& a, const ArticleTexts& in) {
  view::Data d;
  std::vector<std::pair<std::string, std::string>> orgs;
  for (const auto& o : manageable_orgs(ctx)) orgs.emplace_back(std::to_string(o.id), o.name);
  d.set("orgs", web::options(orgs, std::to_string(a.org_id)));
  std::vector<std::pair<std::string, std::string>> langs;
  for (auto l : i18n::kLocales) langs.emplace_back(std::string(l), std::string(i18n::native_name(l)));
  d.set("langs", web::options(langs, a.lang));
  d.set("statuses", web::options({{"published", ctx.t("news.status.published")}, {"draft", ctx.t("news.status.draft_option")}},
                                 a.status));
  d.set("zones", web::options(i18n::zone_choices(ctx.locale, a.publish_at ? a.publish_at : util::now_unix()), in.zone));
  d.set("title", a.title);
  d.set("summary", a.summary);
  d.set("body", a.body);
  d.set("tags_text", in.tags);
  d.set("date", in.date);
  d.set("time", in.time);
  d.set("body_max", std::to_string(view::kMarkdownMax));
  if (a.id) {
    d.set("id", std::to_string(a.id));
    d.set("alt_max", std::to_string(kAltMax));
    auto c = ctx.db().acquire();
    auto stored = store::find(*c, a.id);
    view::List list;
    for (const auto& img : store::images(*c, a.id)) {
      view::Data i;
      i.set("url", a.image_url(img.media_id));
      i.set("action", a.image_url(img.media_id));
      i.set("alt", img.alt);
      i.set("name", img.name);
      i.set("markdown", "![" + img.alt + "](" + a.image_url(img.media_id) + ")");
      i.set("is_cover", stored && stored->cover_media_id == img.media_id);
      list.push_back(std::move(i));
    }
    d.set("has_images", !list.empty());
    d.set("images", std::move(list));
  }
  return d;
}

// The article form as entered, checked (errors in `errors`) and copied into an article.
Article read_article(Ctx& ctx, ArticleForm& form, FormErrors& errors) {
  form = web::read_form<ArticleForm>(ctx);
  errors = check(form, form.org_id && can_manage(ctx, *form.org_id));
  Article a;
  form.apply(a, util::now_unix());
  return a;
}

Response form_page(Ctx& ctx, const Article& a, const ArticleTexts& in, const FormErrors& errors, int status) {
  auto d = form_data(ctx, a, in);
  errors.into(d, ctx);
  return ctx.page(ctx.t(a.id ? "news.edit.title" : "news.new.title"), "news/form", d, std::move(status));
}

Response manage(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  std::vector<std::int64_t> ids;
  for (const auto& o : manageable_orgs(ctx)) ids.push_back(o.id);
  if (ids.empty()) return ctx.error(403, "news.forbidden");
  auto c = ctx.db().acquire();
  view::List rows;
  auto now = util::now_unix();
  for (const auto& a : store::for_orgs(*c, ids)) {
    auto d = teaser(ctx, a);
    d.set("lang_name", std::string(i18n::native_name(a.lang)));
    d.set("state", a.status == "draft" ? ctx.t("news.status.draft_option")
                   : a.publish_at > now ? ctx.t("news.status.scheduled_short")
                                        : ctx.t("news.status.published"));
    rows.push_back(std::move(d));
  }
  view::Data d;
  d.set("articles", std::move(rows));
  return ctx.page(ctx.t("news.manage.title"), "news/manage", std::move(d));
}

Response new_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto orgs = manageable_orgs(ctx);
  if (orgs.empty()) return ctx.error(403, "news.forbidden");
  Article a;
  a.org_id = orgs.front().id;
  a.lang = ctx.locale;
  ArticleTexts in;
  in.zone = admin::site_time_zone(*ctx.db().acquire());
  return form_page(ctx, a, in, {}, 200);
}

void flash_after_save(Ctx& ctx, const Article& a) {
  auto md = view::render_markdown(a.body);
  ctx.flash(md.removed_links ? "news.saved_links_removed" : md.had_html ? "news.saved_html_as_text" : "common.saved");
}

Response create(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  if (manageable_orgs(ctx).empty()) return ctx.error(403, "news.forbidden");
  ArticleForm form;
  FormErrors errors;
  auto a = read_article(ctx, form, errors);
  if (!errors.empty()) return form_page(ctx, a, form.texts, errors, 422);
  std::int64_t id;
  {
    auto c = ctx.db().acquire();
    id = store::create(*c, a, ctx.user->id);
  }
  flash_after_save(ctx, a);
  return ctx.redirect("/news/" + std::to_string(id));
}

std::optional<Article> managed(Ctx& ctx) {
  std::optional<Article> a;
  {
    auto c = ctx.db().acquire();
    a = store::find(*c, ctx.path_id("id"));
  }
  if (!a || !can_manage(ctx, a->org_id)) return std::nullopt;
  return a;
}

// The edit form filled with the stored article.
Response edit_page(Ctx& ctx, const Article& a, const FormErrors& errors, int status) {
  auto zone = admin::site_time_zone(*ctx.db().acquire());
  auto w = i18n::utc_to_local(a.publish_at, zone);
  char date[16], time[8];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", w.year, w.month, w.day);
  std::snprintf(time, sizeof time, "%02d:%02d", w.hour, w.minute);
  std::string tags;
  for (const auto& t : a.tags) tags += (tags.empty() ? "" : ", ") + t;
  return form_page(ctx, a, {date, time, zone, tags}, errors, status);
}

Response edit_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto a = managed(ctx);
  if (!a) return ctx.error(404, "errors.not_found");
  return edit_page(ctx, *a, {}, 200);
}

// ---- images -------------------------------------------------------------------------------

// An image for the article: described (required: the elderly and blind read the news too),
// checked by the media store, offered as Markdown to paste and as the cover.
Response upload_image(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<ImageForm>(ctx);
  auto a = managed(ctx);
  if (!a) return ctx.error(404, "errors.not_found");
  auto errors = check(form);
  if (!errors.empty()) return edit_page(ctx, *a, errors, 422);
  const auto* f = form.image;
  const auto& alt = form.alt;
  auto stored = media::store(ctx.db(), ctx.svc.config.data_dir, {f->filename, f->data}, media::image_policy(), a->org_id,
                             ctx.user->id);
  if (!stored.ok()) {
    errors.add("image", stored.error_key, stored.args);
    return edit_page(ctx, *a, errors, stored.status);
  }
  {
    auto c = ctx.db().acquire();
    store::add_image(*c, a->id, stored.item->id, alt);
  }
  log::info("news image added", "\"article_id\":" + std::to_string(a->id) + ",\"media_id\":" +
                                     std::to_string(stored.item->id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash("news.images.uploaded");
  return ctx.redirect("/news/" + std::to_string(a->id) + "/edit#images");
}

Response image_file(Ctx& ctx) {
  std::optional<Article> a;
  std::optional<media::Item> item;
  auto mid = ctx.path_id("mid");
  {
    auto c = ctx.db().acquire();
    a = store::find(*c, ctx.path_id("id"));
    if (a && store::image(*c, a->id, mid)) item = media::find(*c, mid);
  }
  if (!a || !item) return ctx.error(404, "errors.not_found");
  if (!policy::may_view(ctx.actor(), a->org_id, a->status, a->publish_at, util::now_unix()))
    return ctx.error(404, "errors.not_found");
  // Only what everyone may see may be kept by shared caches.
  bool visible = policy::may_view(web::Actor{}, a->org_id, a->status, a->publish_at, util::now_unix());
  auto r = media::respond(*item, ctx.svc.config.data_dir, ctx.req);
  r.set("cache-control", visible ? "public, max-age=86400" : "private, max-age=300");
  return r;
}

Response image_action(Ctx& ctx, bool remove) {
  if (auto r = ctx.require_user()) return *r;
  web::FormInput in(ctx);
  auto cover = in.text("cover");
  in.finish();
  auto a = managed(ctx);
  if (!a) return ctx.error(404, "errors.not_found");
  auto mid = ctx.path_id("mid");
  auto c = ctx.db().acquire();
  if (!store::image(*c, a->id, mid)) return ctx.error(404, "errors.not_found");
  if (remove) {
    store::remove_image(*c, a->id, mid);
    ctx.flash("news.images.removed");
  } else {
    if (cover != "on" && cover != "off") throw web::Reject{400, "validation.choice.invalid"};
    store::set_cover(*c, a->id, cover == "on" ? std::optional<std::int64_t>(mid) : std::nullopt);
    ctx.flash(cover == "on" ? "news.images.cover_set" : "news.images.cover_removed");
  }
  return ctx.redirect("/news/" + std::to_string(a->id) + "/edit#images");
}

Response set_cover(Ctx& ctx) { return image_action(ctx, false); }
Response remove_image(Ctx& ctx) { return image_action(ctx, true); }

Response update(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto existing = managed(ctx);
  if (!existing) return ctx.error(404, "errors.not_found");
  ArticleForm form;
  FormErrors errors;
  auto a = read_article(ctx, form, errors);
  a.id = existing->id;
  if (a.org_id != existing->org_id) errors.add("org_id", "news.validation.org_fixed");
  if (!errors.empty()) return form_page(ctx, a, form.texts, errors, 422);
  {
    auto c = ctx.db().acquire();
    store::update(*c, a);
  }
  flash_after_save(ctx, a);
  return ctx.redirect("/news/" + std::to_string(a.id));
}

}  // namespace

std::vector<Headline> latest(db::Connection& c, const std::string& lang, int n) {
  std::vector<Headline> out;
  store::Filter f;
  f.lang = lang;
  for (const auto& a : store::visible(c, f, util::now_unix(), n, 0))
    out.push_back({a.id, a.title, a.summary, a.org_name, a.publish_at});
  return out;
}

void register_routes(web::App& app) {
  // What this feature keeps about people, for the records of processing (GDPR art. 30).
  web::declare_content_data("news", "news", {"staff", "public"}, {"news_articles"});
  app.route("GET", "/news", web::Access::kAnyone, list, web::shared_page());
  app.route("GET", "/news.atom", web::Access::kAnyone, atom, web::shared_page());
  app.route("GET", "/news/manage", web::Access::kPublisher, manage);
  app.route("GET", "/news/new", web::Access::kPublisher, new_form);
  // Room for a full 64 KiB article after URL-encoding, so an over-long text gets the
  // friendly 422 with its length instead of a bare 413.
  web::RouteOptions article_form;
  article_form.body_limit = 4 * view::kMarkdownMax;
  app.route("POST", "/news/new", web::Access::kPublisher, create, article_form);
  app.route("GET", "/news/{id}", web::Access::kAnyone, show, web::shared_page());
  app.route("GET", "/news/{id}/edit", web::Access::kPublisher, edit_form);
  app.route("POST", "/news/{id}/edit", web::Access::kPublisher, update, article_form);
  auto image_upload = web::upload_route(kImageUploadLimit);
  image_upload.before_body = [](Ctx& ctx) {
    if (!managed(ctx)) throw web::Reject{404, "errors.not_found"};
  };
  app.route("POST", "/news/{id}/images", web::Access::kPublisher, upload_image, image_upload);
  app.route("GET", "/news/{id}/images/{mid}", web::Access::kAnyone, image_file);
  app.route("POST", "/news/{id}/images/{mid}/cover", web::Access::kPublisher, set_cover);
  app.route("POST", "/news/{id}/images/{mid}/remove", web::Access::kPublisher, remove_image);
}

}  // namespace cityskills::news
