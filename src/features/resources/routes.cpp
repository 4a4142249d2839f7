// Shared resources: tools, templates and datasets with a licence, a format, and a link or an
// uploaded file, published and maintained by the authors of one organisation.
#include <algorithm>
#include <variant>

#include "features/accounts/api.hpp"
#include "features/orgs/api.hpp"
#include "features/resources/api.hpp"
#include "features/resources/store.hpp"
#include "media/media.hpp"
#include "util/log.hpp"
#include "view/markdown.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"

namespace cityskills::resources {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

constexpr int kPerPage = 20;
constexpr std::size_t kDescriptionMax = 8000;
constexpr std::size_t kUploadLimit = 25 * 1024 * 1024;

bool one_of(const std::string& v, const std::vector<std::string>& allowed) {
  return std::find(allowed.begin(), allowed.end(), v) != allowed.end();
}

media::Policy upload_policy() { return media::combine({media::document_policy(), media::image_policy()}); }

// An absolute http(s) address with a host; any other scheme (javascript:, data:, ftp:, file:)
// is refused, as are spaces, quotes, angle brackets and control characters.
bool valid_url(const std::string& u) {
  if (u.size() > 500) return false;
  auto lower = util::to_lower(u);
  std::size_t start = lower.starts_with("https://") ? 8 : lower.starts_with("http://") ? 7 : 0;
  if (start == 0) return false;
  for (unsigned char c : u)
    if (c <= 0x20 || c == '"' || c == '<' || c == '>' || c == '\\' || c == '`' || c >= 0x7f) return false;
  auto host_end = u.find_first_of("/?#", start);
  auto host = u.substr(start, host_end == std::string::npos ? std::string::npos : host_end - start);
  return !host.empty() && host.find('@') == std::string::npos && host.front() != '.' && host.front() != ':';
}

view::List filter_options(const Ctx& ctx, const std::string& prefix, const std::vector<std::string>& codes,
                          const std::string& selected) {
  std::vector<std::pair<std::string, std::string>> v{{"", ctx.t("events.filter.any")}};
  for (const auto& code : codes) v.emplace_back(code, ctx.t(prefix + code));
  return web::options(v, selected);
}

std::string licence_label(const Ctx& ctx, const std::string& l) {
  return l == "proprietary" ? ctx.t("resources.licence.proprietary") : l;
}

view::Data card(const Ctx& ctx, const Resource& r) {
  view::Data d;
  d.set("id", std::to_string(r.id));
  d.set("title", r.title);
  d.set("org", r.org_name);
  d.set("lang", r.lang);
  d.set("kind", ctx.t("resources.kind." + r.kind));
  d.set("licence", licence_label(ctx, r.licence));
  d.set("format", ctx.t("resources.format." + r.format));
  d.set("excerpt", view::markdown_plain_text(r.description, 200));
  d.set("date", i18n::format_date(ctx.locale, r.updated_at, "Europe/Rome"));
  return d;
}

Response list(Ctx& ctx) {
  store::Filter f;
  f.kind = ctx.query_value("kind").value_or("");
  f.licence = ctx.query_value("licence").value_or("");
  f.format = ctx.query_value("format").value_or("");
  f.lang = ctx.query_value("language").value_or("");
  auto org_slug = ctx.query_value("org").value_or("");
  auto bad = [](const std::string& v, const std::vector<std::string>& allowed) { return !v.empty() && !one_of(v, allowed); };
  if (bad(f.kind, kKinds) || bad(f.licence, kLicences) || bad(f.format, kFormats) ||
      (!f.lang.empty() && !i18n::supported(f.lang)))
    throw web::Reject{400, "resources.filter.invalid"};
  auto c = ctx.db().acquire();
  if (!org_slug.empty()) {
    auto o = orgs::by_slug(*c, org_slug);
    if (!o) throw web::Reject{400, "resources.filter.invalid"};
    f.org_id = o->id;
  }
  auto page = std::clamp<std::int64_t>(util::parse_int(ctx.query_value("page").value_or("1")).value_or(1), 1, 10000);
  auto items = store::list(*c, f, kPerPage + 1, static_cast<int>((page - 1) * kPerPage));
  view::Data d;
  view::List cards;
  for (std::size_t i = 0; i < items.size() && i < static_cast<std::size_t>(kPerPage); ++i) cards.push_back(card(ctx, items[i]));
  d.set("resources", cards);
  d.set("kinds", filter_options(ctx, "resources.kind.", kKinds, f.kind));
  std::vector<std::pair<std::string, std::string>> licences{{"", ctx.t("events.filter.any")}};
  for (const auto& l : kLicences) licences.emplace_back(l, licence_label(ctx, l));
  d.set("licences", web::options(licences, f.licence));
  d.set("formats", filter_options(ctx, "resources.format.", kFormats, f.format));
  std::vector<std::pair<std::string, std::string>> langs{{"", ctx.t("events.filter.any")}};
  for (auto l : i18n::kLocales) langs.emplace_back(std::string(l), std::string(i18n::native_name(l)));
  d.set("languages", web::options(langs, f.lang));
  std::vector<std::pair<std::string, std::string>> orgs{{"", ctx.t("events.filter.any")}};
  for (const auto& o : orgs::all(*c)) orgs.emplace_back(o.slug, o.name);
  d.set("orgs", web::options(orgs, org_slug));
  d.set("can_write", ctx.user && !orgs::publishable(*c, *ctx.user).empty());
  std::string base = "/resources?kind=" + f.kind + "&licence=" + f.licence + "&format=" + f.format + "&language=" +
                     f.lang + "&org=" + http::percent_encode(org_slug) + "&";
  if (page > 1) d.set("prev", base + "page=" + std::to_string(page - 1));
  if (items.size() > static_cast<std::size_t>(kPerPage)) d.set("next", base + "page=" + std::to_string(page + 1));
  return ctx.page(ctx.t("resources.list.title"), "resources/list", d);
}

bool can_manage(Ctx& ctx, std::int64_t org_id) {
  if (!ctx.user) return false;
  auto c = ctx.db().acquire();
  return orgs::can_publish(*c, *ctx.user, org_id);
}

Response show(Ctx& ctx) {
  std::optional<Resource> r;
  {
    auto c = ctx.db().acquire();
    r = store::find(*c, ctx.path_id("id"));
  }
  if (!r) return ctx.error(404, "errors.not_found");
  auto d = card(ctx, *r);
  d.set("description", view::render_markdown(r->description).html);
  d.set("author", r->author_name);
  if (!r->url.empty()) d.set("url", r->url);
  if (r->media_id) {
    d.set("file_href", "/resources/" + std::to_string(r->id) + "/file");
    d.set("file_name", r->file_name);
    d.set("file_size", ctx.t("practices.file_size", {{"kb", std::to_string((r->file_size + 1023) / 1024)}}));
  }
  d.set("can_manage", can_manage(ctx, r->org_id));
  return ctx.page(r->title, "resources/show", d);
}

view::Data form_data(Ctx& ctx, const Resource& r, bool editing) {
  view::Data d;
  std::vector<std::pair<std::string, std::string>> orgs;
  {
    auto c = ctx.db().acquire();
    for (const auto& o : orgs::publishable(*c, *ctx.user)) orgs.emplace_back(std::to_string(o.id), o.name);
  }
  d.set("orgs", web::options(orgs, std::to_string(r.org_id)));
  d.set("editing", editing);
  d.set("id", std::to_string(r.id));
  d.set("org_name", r.org_name);
  std::vector<std::pair<std::string, std::string>> langs;
  for (auto l : i18n::kLocales) langs.emplace_back(std::string(l), std::string(i18n::native_name(l)));
  d.set("langs", web::options(langs, r.lang));
  std::vector<std::pair<std::string, std::string>> kinds, licences, formats;
  for (const auto& k : kKinds) kinds.emplace_back(k, ctx.t("resources.kind." + k));
  for (const auto& l : kLicences) licences.emplace_back(l, licence_label(ctx, l));
  for (const auto& f : kFormats) formats.emplace_back(f, ctx.t("resources.format." + f));
  d.set("kinds", web::options(kinds, r.kind));
  d.set("licences", web::options(licences, r.licence));
  d.set("formats", web::options(formats, r.format));
  d.set("title", r.title);
  d.set("description", r.description);
  d.set("url", r.url);
  if (r.media_id) d.set("current_file", r.file_name);
  std::string types;
  for (const auto& e : upload_policy().extensions) types += (types.empty() ? "" : ", ") + e;
  d.set("allowed_types", types);
  return d;
}

// Reads the form into `r` (keeping its id, organisation and file); field errors into `errors`.
void read_form(Ctx& ctx, Resource& r, FormErrors& errors) {
  r.lang = ctx.field("lang");
  r.kind = ctx.field("kind");
  r.title = std::string(util::trim(ctx.field("title")));
  r.description = ctx.field("description");
  r.licence = ctx.field("licence");
  r.format = ctx.field("format");
  r.url = std::string(util::trim(ctx.field("url")));
  if (!i18n::supported(r.lang)) errors.add("lang", "validation.choice.invalid");
  if (!one_of(r.kind, kKinds)) errors.add("kind", "validation.choice.invalid");
  if (!one_of(r.licence, kLicences)) errors.add("licence", "validation.choice.invalid");
  if (!one_of(r.format, kFormats)) errors.add("format", "validation.choice.invalid");
  if (auto e = web::check_name(r.title, 150)) errors.add("title", *e);
  web::check_markdown(errors, "description", r.description, kDescriptionMax, "practices.validation.too_long");
  if (!r.url.empty() && !valid_url(r.url)) errors.add("url", "validation.url.invalid");
  if (r.url.empty() && !r.media_id && !ctx.file("file")) errors.add("url", "resources.validation.link_or_file");
}

// Stores the uploaded file, if any; false (with the field error and status) when refused.
bool store_upload(Ctx& ctx, Resource& r, FormErrors& errors, int& status) {
  auto* f = ctx.file("file");
  if (!f) return true;
  auto stored = media::store(ctx.db(), ctx.svc.config.data_dir, {f->filename, f->data}, upload_policy(), r.org_id,
                             ctx.user->id);
  if (!stored.ok()) {
    log::warn("resource upload refused", "\"request_id\":\"" + ctx.req.request_id + "\",\"reason\":\"" + stored.error_key + "\"");
    errors.add("file", stored.error_key, stored.args);
    status = stored.status;
    return false;
  }
  r.media_id = stored.item->id;
  return true;
}

Response new_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  Resource r;
  {
    auto c = ctx.db().acquire();
    auto orgs = orgs::publishable(*c, *ctx.user);
    if (orgs.empty()) return ctx.error(403, "resources.forbidden");
    r.org_id = orgs.front().id;
  }
  r.lang = ctx.locale;
  r.licence = "CC-BY-4.0";
  return ctx.page(ctx.t("resources.new.title"), "resources/form", form_data(ctx, r, false));
}

Response create(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  web::allow_fields(ctx, {"org_id", "lang", "kind", "title", "description", "licence", "format", "url", "file"});
  Resource r;
  r.org_id = util::parse_id(ctx.field("org_id")).value_or(0);
  if (!can_manage(ctx, r.org_id)) return ctx.error(403, "resources.forbidden");
  FormErrors errors;
  read_form(ctx, r, errors);
  int status = 422;
  if (errors.empty()) store_upload(ctx, r, errors, status);
  if (!errors.empty()) {
    auto d = form_data(ctx, r, false);
    errors.into(d, ctx);
    return ctx.page(ctx.t("resources.new.title"), "resources/form", d, status);
  }
  std::int64_t id = 0;
  {
    auto c = ctx.db().acquire();
    id = store::create(*c, r, ctx.user->id);
  }
  log::info("resource published", "\"resource_id\":" + std::to_string(id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash("resources.created");
  return ctx.redirect("/resources/" + std::to_string(id));
}

// The resource, when the signed-in person may manage it; otherwise the response to send.
std::variant<Resource, Response> managed(Ctx& ctx) {
  auto id = ctx.path_id("id");
  std::optional<Resource> r;
  {
    auto c = ctx.db().acquire();
    r = store::find(*c, id);
  }
  if (!r) return ctx.error(404, "errors.not_found");
  if (!can_manage(ctx, r->org_id)) {
    log::warn("resource change refused", "\"resource_id\":" + std::to_string(id) + ",\"user_id\":" +
                                             std::to_string(ctx.user->id));
    return ctx.error(403, "resources.forbidden");
  }
  return *r;
}

Response edit_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto m = managed(ctx);
  if (auto* res = std::get_if<Response>(&m)) return std::move(*res);
  return ctx.page(ctx.t("resources.edit.title"), "resources/form", form_data(ctx, std::get<Resource>(m), true));
}

Response update(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto m = managed(ctx);
  if (auto* res = std::get_if<Response>(&m)) return std::move(*res);
  web::allow_fields(ctx, {"lang", "kind", "title", "description", "licence", "format", "url", "file"});
  auto r = std::get<Resource>(m);
  auto old_media = r.media_id;
  FormErrors errors;
  read_form(ctx, r, errors);
  int status = 422;
  if (errors.empty()) store_upload(ctx, r, errors, status);
  if (!errors.empty()) {
    auto d = form_data(ctx, r, true);
    errors.into(d, ctx);
    return ctx.page(ctx.t("resources.edit.title"), "resources/form", d, status);
  }
  {
    auto c = ctx.db().acquire();
    store::update(*c, r);
  }
  if (old_media && old_media != r.media_id) media::remove(ctx.db(), ctx.svc.config.data_dir, *old_media);
  log::info("resource edited", "\"resource_id\":" + std::to_string(r.id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash("resources.saved");
  return ctx.redirect("/resources/" + std::to_string(r.id));
}

Response remove(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto m = managed(ctx);
  if (auto* res = std::get_if<Response>(&m)) return std::move(*res);
  web::allow_fields(ctx, {});
  const auto& r = std::get<Resource>(m);
  {
    auto c = ctx.db().acquire();
    store::remove(*c, r.id);
  }
  if (r.media_id) media::remove(ctx.db(), ctx.svc.config.data_dir, *r.media_id);
  log::info("resource deleted", "\"resource_id\":" + std::to_string(r.id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash("resources.deleted");
  return ctx.redirect("/resources");
}

Response file(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto r = store::find(*c, ctx.path_id("id"));
  auto item = r && r->media_id ? media::find(*c, *r->media_id) : std::nullopt;
  if (!item) return ctx.error(404, "errors.not_found");
  return media::respond(*item, ctx.svc.config.data_dir, ctx.req);
}

}  // namespace

void register_routes(web::App& app) {
  web::RouteOptions upload;
  upload.multipart = true;
  upload.body_limit = kUploadLimit;
  app.route("GET", "/resources", web::Access::kAnyone, list);
  app.route("GET", "/resources/new", web::Access::kPublisher, new_form);
  app.route("POST", "/resources/new", web::Access::kPublisher, create, upload);
  app.route("GET", "/resources/{id}", web::Access::kAnyone, show);
  app.route("GET", "/resources/{id}/edit", web::Access::kPublisher, edit_form);
  app.route("POST", "/resources/{id}/edit", web::Access::kPublisher, update, upload);
  app.route("POST", "/resources/{id}/delete", web::Access::kPublisher, remove);
  app.route("GET", "/resources/{id}/file", web::Access::kAnyone, file);
}

void seed_demo(db::Connection& c, std::int64_t now) {
  if (c.one("SELECT 1 FROM resources LIMIT 1")) return;
  auto org = [&](const char* slug) { return orgs::by_slug(c, slug)->id; };
  auto author = *accounts::user_id_by_email(c, "author@valverde.example.org");
  auto nordic = *accounts::user_id_by_email(c, "editor@nordic-dln.example.org");
  auto add = [&](Resource r, std::int64_t by, std::int64_t age_days) {
    auto id = store::create(c, r, by);
    c.exec("UPDATE resources SET created_at = ?, updated_at = ? WHERE id = ?",
           {now - age_days * 86400, now - age_days * 86400, id});
  };
  Resource r;
  r.org_id = org("valverde");
  r.lang = "it";
  r.kind = "template";
  r.title = "Modello di scheda per lo sportello di facilitazione digitale";
  r.description = "La scheda che i nostri facilitatori compilano a ogni incontro: bisogno, servizio usato, esito. "
                  "Anonima e pronta per le statistiche.";
  r.licence = "CC-BY-4.0";
  r.format = "web";
  r.url = "https://valverde.example.org/agenda-digitale/scheda-sportello";
  add(r, author, 20);
  r = Resource{};
  r.org_id = org("nordic-dln");
  r.lang = "en";
  r.kind = "dataset";
  r.title = "Digital skills survey 2025: anonymised answers";
  r.description = "Answers of 4,300 residents of five Nordic municipalities to the DigComp self-assessment, "
                  "aggregated by age band and area. **Open data** under ODbL.";
  r.licence = "ODbL-1.0";
  r.format = "csv";
  r.url = "https://data.nordic-dln.example.org/digital-skills-2025.csv";
  add(r, nordic, 12);
  r = Resource{};
  r.org_id = org("nordic-dln");
  r.lang = "sv";
  r.kind = "tool";
  r.title = "Bokningsverktyg för digitala ambassadörer";
  r.description = "En enkel webbapp där skolor och träffpunkter bokar pass med digitala ambassadörer.";
  r.licence = "EUPL-1.2";
  r.format = "software";
  r.url = "https://code.nordic-dln.example.org/ambassador-booking";
  add(r, nordic, 4);
}

}  // namespace cityskills::resources
