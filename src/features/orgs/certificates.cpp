// An organisation's logo and signatory for its certificates (decision note 0022): uploaded and
// named by its administrators; the logos, current and earlier, served to anyone, since every
// certificate and credential the organisation issued points to one.
#include "features/orgs/certificates.hpp"

#include "features/admin/api.hpp"
#include "features/orgs/branding.hpp"
#include "features/orgs/policy.hpp"
#include "features/orgs/store.hpp"
#include "i18n/i18n.hpp"
#include "media/media.hpp"
#include "util/log.hpp"
#include "web/logo_upload.hpp"
#include "web/validate.hpp"

namespace cityskills::orgs {

void SignatoryForm::read(web::FormInput& in) {
  name = in.trimmed("signatory_name");
  for (auto l : i18n::kLocales) roles[std::string(l)] = in.trimmed("signatory_role_" + std::string(l));
}

web::FormErrors check(const SignatoryForm& f) {
  web::FormErrors e;
  bool any_role = false;
  for (const auto& [lang, role] : f.roles) {
    if (role.empty()) continue;
    any_role = true;
    if (auto key = web::check_name(role, kSignatoryRoleMax))
      e.add("signatory_role_" + lang, *key == "validation.text.too_long" ? "orgs.signatory.role_too_long" : *key,
            {{"max", std::to_string(kSignatoryRoleMax)}});
  }
  if (!f.name.empty()) {
    if (auto key = web::check_name(f.name, kSignatoryNameMax))
      e.add("signatory_name", *key == "validation.text.too_long" ? "orgs.signatory.name_too_long" : *key,
            {{"max", std::to_string(kSignatoryNameMax)}});
    if (!any_role) e.add("signatory_role_" + std::string(i18n::kLocales[0]), "orgs.signatory.role_required");
  } else if (any_role) {
    e.add("signatory_name", "orgs.signatory.name_required");
  }
  return e;
}

namespace {

using http::Response;
using web::Ctx;

const std::vector<std::string> kLogoExtensions = {"png", "jpg", "jpeg"};

// The organisation whose certificates the person may change (policy::may_edit_certificates); anyone
// else gets the 404 of an organisation that does not exist, as on the organisation's page.
Organisation administered_org(Ctx& ctx) {
  auto id = ctx.path_id("id");
  if (!policy::may_edit_certificates(ctx.actor(), id)) {
    log::warn("organisation certificates refused",
              "\"user_id\":" + std::to_string(ctx.user->id) + ",\"org_id\":" + std::to_string(id));
    throw web::Reject{404, "errors.not_found"};
  }
  auto c = ctx.db().acquire();
  auto o = store::find(*c, id);
  if (!o) throw web::Reject{404, "errors.not_found"};
  return *o;
}

struct LogoForm {
  const web::UploadedFile* logo = nullptr;
  void read(web::FormInput& in) { logo = in.file("logo"); }
};

Response page_with(Ctx& ctx, const Organisation& o, const web::FormErrors& errors, int status,
                   const SignatoryForm* entered) {
  return organisation_page(ctx, o, errors, status, entered);
}

Response save_logo(Ctx& ctx) {
  auto o = administered_org(ctx);
  auto form = web::read_form<LogoForm>(ctx);
  web::FormErrors errors;
  auto stored = web::store_logo(ctx, form.logo, kLogoExtensions, o.id, "logo", errors);
  if (!stored.media_id) return page_with(ctx, o, errors, stored.status, nullptr);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    store::set_logo(c, o.id, *stored.media_id);
    admin::audit(c, ctx.user->id, {"org.logo", "org", o.id, "", "media=" + std::to_string(*stored.media_id)});
  });
  ctx.flash("orgs.logo.saved");
  return ctx.redirect("/admin/organisations/" + std::to_string(o.id) + "#certificates");
}

Response remove_logo(Ctx& ctx) {
  auto o = administered_org(ctx);
  web::allow_fields(ctx, {});
  ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    store::set_logo(c, o.id, std::nullopt);
    admin::audit(c, ctx.user->id, {"org.logo_remove", "org", o.id, "", ""});
  });
  ctx.flash("orgs.logo.removed");
  return ctx.redirect("/admin/organisations/" + std::to_string(o.id) + "#certificates");
}

Response save_signatory(Ctx& ctx) {
  auto o = administered_org(ctx);
  auto form = web::read_form<SignatoryForm>(ctx);
  if (auto errors = check(form); !errors.empty()) return page_with(ctx, o, errors, 422, &form);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    store::set_signatory(c, o.id, form.name, form.roles);
    admin::audit(c, ctx.user->id, {"org.signatory", "org", o.id, "", ""});
  });
  ctx.flash("common.saved");
  return ctx.redirect("/admin/organisations/" + std::to_string(o.id) + "#certificates");
}

// A logo the organisation has or had: public, as the certificates and credentials that show it.
Response logo(Ctx& ctx) {
  auto org_id = ctx.path_id("id");
  auto media_id = ctx.path_id("media");
  auto c = ctx.db().acquire();
  if (!store::had_logo(*c, org_id, media_id)) return ctx.error(404, "errors.not_found");
  auto item = media::find(*c, media_id);
  if (!item || item->kind != "image") return ctx.error(404, "errors.not_found");
  auto r = media::respond(*item, ctx.svc.config.data_dir, ctx.req);
  r.set("Access-Control-Allow-Origin", "*");
  return r;
}

}  // namespace

void register_certificate_routes(web::App& app) {
  app.route("POST", "/admin/organisations/{id}/logo", web::Access::kOrgAdmin, save_logo, web::logo_upload_route());
  app.route("POST", "/admin/organisations/{id}/logo/remove", web::Access::kOrgAdmin, remove_logo);
  app.route("POST", "/admin/organisations/{id}/signatory", web::Access::kOrgAdmin, save_signatory);
  app.route("GET", "/organisations/{id}/logos/{media}", web::Access::kAnyone, logo);
}

}  // namespace cityskills::orgs
