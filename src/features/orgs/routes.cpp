// Administration of organisations (tenants), their members' roles and platform admins.
#include <algorithm>

#include "features/accounts/api.hpp"
#include "features/accounts/model.hpp"
#include "features/admin/api.hpp"
#include "features/orgs/api.hpp"
#include "features/orgs/cache.hpp"
#include "features/orgs/branding.hpp"
#include "features/orgs/certificates.hpp"
#include "features/orgs/forms.hpp"
#include "features/orgs/platform_users.hpp"
#include "features/orgs/store.hpp"
#include "i18n/i18n.hpp"
#include "util/log.hpp"
#include "web/extensions.hpp"
#include "web/forms.hpp"
#include "web/logo_upload.hpp"
#include "web/report_page.hpp"
#include "web/validate.hpp"

namespace cityskills::orgs {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

constexpr std::int64_t kUsersPerPage = 50;

// Logged, and written to the platform's audit log (/admin/audit).
void audit(Ctx& ctx, std::string_view action, std::int64_t org_id, std::string_view detail,
           std::int64_t user_id = 0) {
  log::info("admin action", "\"request_id\":\"" + ctx.req.request_id + "\",\"actor\":" + std::to_string(ctx.user->id) +
                                ",\"action\":\"" + std::string(action) + "\",\"org_id\":" + std::to_string(org_id) +
                                ",\"detail\":\"" + util::json_escape(detail) + "\"");
  auto c = ctx.db().acquire();
  admin::Action a{std::string(action), user_id ? "user" : "org", user_id ? user_id : org_id, "", std::string(detail)};
  if (user_id && org_id) a.detail = "org=" + std::to_string(org_id) + " " + a.detail;
  admin::audit(*c, ctx.user->id, a);
}

// Platform admins see every organisation; an organisation admin sees only theirs. Anyone
// else gets the same 404 as for an organisation that does not exist.
std::optional<Organisation> visible_org(Ctx& ctx, std::int64_t id) {
  auto c = ctx.db().acquire();
  auto org = store::find(*c, id);
  if (!org) return std::nullopt;
  if (ctx.user->platform_admin || store::has_role(*c, ctx.user->id, id, "org_admin")) return org;
  log::warn("organisation access refused", "\"user_id\":" + std::to_string(ctx.user->id) + ",\"org_id\":" + std::to_string(id));
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> kind_options(const Ctx& ctx) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& k : kKinds) out.emplace_back(k, ctx.t("orgs.kind." + k));
  return out;
}

std::vector<std::pair<std::string, std::string>> role_options(const Ctx& ctx) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : accounts::kRoles) out.emplace_back(r, ctx.t("orgs.role." + r));
  return out;
}

view::Data org_form_data(const Ctx& ctx, const Organisation& o) {
  view::Data d;
  d.set("name", o.name);
  d.set("slug", o.slug);
  d.set("website", o.website);
  d.set("kinds", web::options(kind_options(ctx), o.kind));
  d.set("countries", web::options(accounts::country_options(ctx.locale), o.country.empty() ? "IT" : o.country));
  return d;
}

// The organisation form as entered, and its errors.
Organisation read_org(Ctx& ctx, FormErrors& errors) {
  auto form = web::read_form<OrgForm>(ctx);
  errors = check(form);
  return form.organisation();
}

Response org_list_page(Ctx& ctx, const Organisation& draft, const FormErrors& errors, int status) {
  auto c = ctx.db().acquire();
  view::List list;
  for (const auto& o : store::list(*c)) {
    view::Data item;
    item.set("id", std::to_string(o.id));
    item.set("name", o.name);
    item.set("slug", o.slug);
    item.set("kind", ctx.t("orgs.kind." + o.kind));
    item.set("country", o.country);
    list.push_back(std::move(item));
  }
  auto d = org_form_data(ctx, draft);
  d.set("organisations", list);
  errors.into(d, ctx);
  return ctx.page(ctx.t("orgs.list.title"), "orgs/list", d, std::move(status));
}

Response org_list(Ctx& ctx) {
  if (auto r = ctx.require_platform_admin()) return *r;
  Organisation draft;
  draft.kind = "partner";
  return org_list_page(ctx, draft, {}, 200);
}

Response org_create(Ctx& ctx) {
  if (auto r = ctx.require_platform_admin()) return *r;
  FormErrors errors;
  auto o = read_org(ctx, errors);
  if (errors.empty()) {
    auto c = ctx.db().acquire();
    if (auto id = store::create(*c, o)) {
      organisations_changed(ctx.svc);
      audit(ctx, "org.create", *id, o.slug);
      ctx.flash("orgs.created");
      return ctx.redirect("/admin/organisations/" + std::to_string(*id));
    }
    errors.add("slug", "orgs.validation.slug_taken");
  }
  return org_list_page(ctx, o, errors, 422);
}

// The certificates section: the logo, and the signatory as stored or as just entered.
void certificates_data(const Ctx& ctx, db::Connection& c, const Organisation& o, const SignatoryForm* entered,
                       const FormErrors& errors, view::Data& d) {
  auto cert = store::certificates(c, o.id);
  if (cert.logo_id) d.set("logo_src", logo_path(o.id, *cert.logo_id));
  d.set("logo_max_kb", std::to_string(web::kLogoMaxBytes / 1024));
  d.set("logo_max_side", std::to_string(web::kLogoMaxSide));
  d.set("signatory_name", entered ? entered->name : cert.signatory_name);
  view::List roles;
  for (auto l : i18n::kLocales) {
    std::string lang(l);
    view::Data r;
    r.set("lang", lang);
    r.set("language", std::string(i18n::native_name(l)));
    auto source = entered ? entered->roles : cert.roles;
    auto it = source.find(lang);
    r.set("value", it == source.end() ? "" : it->second);
    if (auto key = errors.key("signatory_role_" + lang); !key.empty())
      r.set("error", ctx.t(key, errors.args("signatory_role_" + lang)));
    roles.push_back(std::move(r));
  }
  d.set("signatory_roles", std::move(roles));
}

Response org_page(Ctx& ctx, const Organisation& o, const FormErrors& errors, int status,
                  const std::string& member_email = "", const std::string& member_role = "learner",
                  const SignatoryForm* entered = nullptr) {
  auto d = org_form_data(ctx, o);
  d.set("id", std::to_string(o.id));
  d.set("org_name", o.name);
  d.set("can_edit", ctx.user->platform_admin);
  auto c = ctx.db().acquire();
  certificates_data(ctx, *c, o, entered, errors, d);
  view::List members;
  for (const auto& m : store::members(*c, o.id)) {
    view::Data item;
    item.set("user_id", std::to_string(m.user_id));
    item.set("display_name", m.display_name);
    item.set("email", m.email);
    item.set("role", m.role);
    item.set("role_label", ctx.t("orgs.role." + m.role));
    members.push_back(std::move(item));
  }
  if (!members.empty()) d.set("members", std::move(members));
  d.set("member_email", member_email);
  d.set("roles", web::options(role_options(ctx), member_role));
  errors.into(d, ctx);
  return ctx.page(o.name, "orgs/edit", d, std::move(status));
}

Response org_show(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto o = visible_org(ctx, ctx.path_id("id"));
  if (!o) return ctx.error(404, "errors.not_found");
  return org_page(ctx, *o, {}, 200);
}

Response org_update(Ctx& ctx) {
  if (auto r = ctx.require_platform_admin()) return *r;
  auto id = ctx.path_id("id");
  auto existing = visible_org(ctx, id);
  if (!existing) return ctx.error(404, "errors.not_found");
  FormErrors errors;
  auto o = read_org(ctx, errors);
  o.id = id;
  if (errors.empty()) {
    auto c = ctx.db().acquire();
    if (store::update(*c, o)) {
      organisations_changed(ctx.svc);
      audit(ctx, "org.update", id, o.slug);
      ctx.flash("common.saved");
      return ctx.redirect("/admin/organisations/" + std::to_string(id));
    }
    errors.add("slug", "orgs.validation.slug_taken");
  }
  return org_page(ctx, o, errors, 422);
}

Response member_grant(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto o = visible_org(ctx, ctx.path_id("id"));
  if (!o) return ctx.error(404, "errors.not_found");
  auto form = web::read_form<MemberForm>(ctx);
  const auto& role = form.role;
  auto c = ctx.db().acquire();
  auto user = accounts::user_id_by_email(*c, form.email);
  auto errors = check(form, user.has_value());
  if (!errors.empty()) return org_page(ctx, *o, errors, 422, form.email, role);
  store::grant(*c, *user, o->id, role);
  audit(ctx, "role.grant", o->id, "role=" + role, *user);
  ctx.flash("orgs.role_granted");
  return ctx.redirect("/admin/organisations/" + std::to_string(o->id));
}

Response member_revoke(Ctx& ctx) {
  if (auto r = ctx.require_user()) return *r;
  auto o = visible_org(ctx, ctx.path_id("id"));
  if (!o) return ctx.error(404, "errors.not_found");
  web::FormInput in(ctx);
  auto user_id = in.id("user_id");
  auto role = in.text("role");
  in.finish();
  if (!user_id) return ctx.error(400, "errors.bad_request");
  auto c = ctx.db().acquire();
  // An organisation admin cannot remove their own admin role and lock the organisation out.
  if (*user_id == ctx.user->id && role == "org_admin" && !ctx.user->platform_admin)
    return ctx.error(409, "orgs.cannot_revoke_self");
  store::revoke(*c, *user_id, o->id, role);
  audit(ctx, "role.revoke", o->id, "role=" + role, *user_id);
  ctx.flash("orgs.role_revoked");
  return ctx.redirect("/admin/organisations/" + std::to_string(o->id));
}

Response user_list(Ctx& ctx) {
  if (auto r = ctx.require_platform_admin()) return *r;
  auto q = std::string(util::trim(ctx.query_value("q").value_or("")));
  web::ReportPage page(ctx, kUsersPerPage);
  std::vector<store::Account> accounts;
  {
    auto c = ctx.db().acquire();
    accounts = store::accounts_matching(*c, q, kUsersPerPage + 1, static_cast<std::int64_t>(page.from()));
  }
  view::List users;
  for (std::size_t i = 0; i < accounts.size() && i < static_cast<std::size_t>(kUsersPerPage); ++i) {
    const auto& a = accounts[i];
    view::Data item;
    item.set("id", std::to_string(a.id));
    item.set("email", a.email);
    item.set("display_name", a.display_name);
    item.set("platform_admin", a.platform_admin);
    item.set("verified", a.verified);
    item.set("self", a.id == ctx.user->id);
    users.push_back(std::move(item));
  }
  view::Data d;
  d.set("q", q);
  d.set("users", users);
  // One more than a page was asked for: a next page exists when it came back.
  page.links(d, "/admin/users?q=" + http::percent_encode(q) + "&page=", page.from() + accounts.size());
  return ctx.page(ctx.t("admin.users.title"), "orgs/users", std::move(d));
}

Response user_platform_admin(Ctx& ctx) {
  if (auto r = ctx.require_platform_admin()) return *r;
  web::FormInput in(ctx);
  auto value = in.text("platform_admin");
  in.finish();
  auto id = ctx.path_id("id");
  if (value != "0" && value != "1") return ctx.error(400, "errors.bad_request");
  if (id == ctx.user->id && value == "0") return ctx.error(409, "admin.users.cannot_demote_self");
  auto c = ctx.db().acquire();
  if (!accounts::user_exists(*c, id)) return ctx.error(404, "errors.not_found");
  store::set_platform_admin(*c, id, value == "1");
  audit(ctx, value == "1" ? "platform_admin.grant" : "platform_admin.revoke", 0, "", id);
  ctx.flash("common.saved");
  return ctx.redirect("/admin/users");
}

}  // namespace

Response organisation_page(Ctx& ctx, const Organisation& o, const FormErrors& errors, int status,
                           const SignatoryForm* entered) {
  return org_page(ctx, o, errors, status, "", "learner", entered);
}

void register_reports(web::App& app);  // reports.cpp

void register_routes(web::App& app) {
  // The signatory an organisation names is a person, shown on every certificate it issues.
  web::declare_personal_data({"orgs", "signatories", "processing.orgs.signatories.purpose",
                              "processing.orgs.signatories.data", web::LegalBasis::kPublicTask,
                              "processing.retention.content", "", {"staff", "public"},
                              {"organisations", "organisation_signatory_roles"}});
  app.route("GET", "/admin/organisations", web::Access::kPlatformAdmin, org_list);
  app.route("POST", "/admin/organisations", web::Access::kPlatformAdmin, org_create);
  app.route("GET", "/admin/organisations/{id}", web::Access::kOrgAdmin, org_show);
  app.route("POST", "/admin/organisations/{id}", web::Access::kPlatformAdmin, org_update);
  app.route("POST", "/admin/organisations/{id}/members", web::Access::kOrgAdmin, member_grant);
  app.route("POST", "/admin/organisations/{id}/members/revoke", web::Access::kOrgAdmin, member_revoke);
  app.route("GET", "/admin/users", web::Access::kPlatformAdmin, user_list);
  app.route("POST", "/admin/users/{id}/platform-admin", web::Access::kPlatformAdmin, user_platform_admin);
  register_reports(app);
  register_certificate_routes(app);
}

}  // namespace cityskills::orgs
