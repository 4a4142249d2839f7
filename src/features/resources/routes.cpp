// Shared resources: tools, templates and datasets with a licence, a format, and a link or an
// uploaded file, published and maintained by the authors of one organisation.
#include <algorithm>
#include <variant>

#include "features/accounts/api.hpp"
#include "features/orgs/api.hpp"
#include "features/resources/api.hpp"
#include "features/resources/forms.hpp"
#include "features/resources/policy.hpp"
#include "features/resources/store.hpp"
#include "media/media.hpp"
#include "util/log.hpp"
#include "view/markdown.hpp"
#include "web/forms.hpp"
#include "web/extensions.hpp"
#include "web/upload_route.hpp"
#include "web/processing.hpp"
#include "web/list_cards.hpp"

namespace cityskills::resources {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

constexpr int kPerPage = 20;
constexpr std::size_t kUploadLimit = 25 * 1024 * 1024;

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
  d.set("date", i18n::format_date(ctx.locale, r.updated_at, ctx.zone()));
  return d;
}

Response list(Ctx& ctx) {
  web::ListParams q(ctx, "/resources", "resources.filter.invalid");
  store::Filter f;
  f.kind = q.choice("kind", kKinds);
  f.licence = q.choice("licence", kLicences);
  f.format = q.choice("format", kFormats);
  f.lang = q.language();
  auto c = ctx.db().acquire();
  std::string org_slug;
  f.org_id = orgs::org_filter(*c, q, org_slug);
  auto items = store::list(*c, f, kPerPage + 1, q.offset(kPerPage));
  view::Data d;
  d.set("resources", web::page_cards(q, d, items, kPerPage, [&](const Resource& r) { return card(ctx, r); }));
  d.set("kinds", web::filter_menu(ctx, "resources.kind.", kKinds, f.kind));
  std::vector<std::pair<std::string, std::string>> licences;
  for (const auto& l : kLicences) licences.emplace_back(l, licence_label(ctx, l));
  d.set("licences", web::filter_menu(ctx, std::move(licences), f.licence));
  d.set("formats", web::filter_menu(ctx, "resources.format.", kFormats, f.format));
  d.set("languages", web::language_menu(ctx, f.lang));
  d.set("orgs", orgs::org_menu(*c, ctx, org_slug));
  d.set("can_write", ctx.actor().can_somewhere(web::Can::kPublish));
  return ctx.page(ctx.t("resources.list.title"), "resources/list", std::move(d));
}

bool can_manage(Ctx& ctx, std::int64_t org_id) { return policy::may_manage(ctx.actor(), org_id); }

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
  return ctx.page(r->title, "resources/show", std::move(d));
}

std::vector<orgs::OrgRef> publishable_orgs(Ctx& ctx) {
  auto c = ctx.db().acquire();
  return orgs::publishable(*c, *ctx.user);
}

Response form_page(Ctx& ctx, const Resource& r, bool editing, const FormErrors& errors, int status) {
  auto d = values(ctx, r, editing, publishable_orgs(ctx));
  errors.into(d, ctx);
  return ctx.page(ctx.t(editing ? "resources.edit.title" : "resources.new.title"), "resources/form", d, std::move(status));
}

// Stores the uploaded file, if any; false (with the field error and status) when refused.
bool store_upload(Ctx& ctx, const web::UploadedFile* f, Resource& r, FormErrors& errors, int& status) {
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

// Checks the form, stores a new file and saves `r` (new when it has no id yet); the form again
// with the errors otherwise.
Response save(Ctx& ctx, const ResourceForm& form, Resource r) {
  bool editing = r.id != 0;
  auto old_media = r.media_id;
  form.apply(r);
  auto errors = check(form, r.media_id.has_value());
  int status = 422;
  if (errors.empty()) store_upload(ctx, form.file, r, errors, status);
  if (!errors.empty()) return form_page(ctx, r, editing, errors, status);
  {
    auto c = ctx.db().acquire();
    if (editing)
      store::update(*c, r);
    else
      r.id = store::create(*c, r, ctx.user->id);
  }
  if (old_media && old_media != r.media_id) media::remove(ctx.db(), ctx.svc.config.data_dir, *old_media);
  log::info(editing ? "resource edited" : "resource published",
            "\"resource_id\":" + std::to_string(r.id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash(editing ? "resources.saved" : "resources.created");
  return ctx.redirect("/resources/" + std::to_string(r.id));
}

Response new_form(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto orgs = publishable_orgs(ctx);
  if (orgs.empty()) return ctx.error(403, "resources.forbidden");
  Resource r;
  r.org_id = orgs.front().id;
  r.lang = ctx.locale;
  r.licence = "CC-BY-4.0";
  return ctx.page(ctx.t("resources.new.title"), "resources/form", values(ctx, r, false, orgs));
}

Response create(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto form = web::read_form<ResourceForm>(ctx, true);
  Resource r;
  r.org_id = form.org_id.value_or(0);
  if (!can_manage(ctx, r.org_id)) return ctx.error(403, "resources.forbidden");
  return save(ctx, form, r);
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
  return form_page(ctx, std::get<Resource>(m), true, {}, 200);
}

Response update(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto m = managed(ctx);
  if (auto* res = std::get_if<Response>(&m)) return std::move(*res);
  auto form = web::read_form<ResourceForm>(ctx, false);
  return save(ctx, form, std::get<Resource>(m));
}

Response remove(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto m = managed(ctx);
  if (auto* res = std::get_if<Response>(&m)) return std::move(*res);
  web::FormInput(ctx).finish();
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
  // What this feature keeps about people, for the records of processing (GDPR art. 30).
  web::declare_content_data("resources", "resources", {"staff", "public"}, {"resources"});
  auto upload = web::upload_route(kUploadLimit);
  app.route("GET", "/resources", web::Access::kAnyone, list, web::shared_page());
  app.route("GET", "/resources/new", web::Access::kPublisher, new_form);
  app.route("POST", "/resources/new", web::Access::kPublisher, create, upload);
  app.route("GET", "/resources/{id}", web::Access::kAnyone, show, web::shared_page());
  app.route("GET", "/resources/{id}/edit", web::Access::kPublisher, edit_form);
  app.route("POST", "/resources/{id}/edit", web::Access::kPublisher, update, upload);
  app.route("POST", "/resources/{id}/delete", web::Access::kPublisher, remove);
  app.route("GET", "/resources/{id}/file", web::Access::kAnyone, file);
}

}  // namespace cityskills::resources
