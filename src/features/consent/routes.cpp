// The cookie centre: the notice on every page until a choice is made (plain forms, no script
// needed), /cookies with every cookie the instance sets and the choice to change, the
// analytics tool's loader, and the administrators' privacy settings.
#include <string>

#include "features/consent/api.hpp"
#include "features/consent/forms.hpp"
#include "features/consent/pages.hpp"
#include "features/consent/policy.hpp"
#include "features/consent/retention.hpp"
#include "features/consent/rights.hpp"
#include "jobs/jobs.hpp"
#include "features/consent/store.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/forms.hpp"
#include "web/extensions.hpp"
#include "web/validate.hpp"

namespace cityskills::consent {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

// Loads the analytics tool named by its script tag's data attributes (Matomo's tracker API);
// served from this site so that no inline script is needed under the CSP.
constexpr std::string_view kAnalyticsLoader =
    "(function(){var s=document.currentScript;if(!s)return;var u=s.getAttribute('data-url'),"
    "id=s.getAttribute('data-site');if(!u||!id)return;var q=window._paq=window._paq||[];"
    "q.push(['setTrackerUrl',u+'matomo.php']);q.push(['setSiteId',id]);q.push(['trackPageView']);"
    "q.push(['enableLinkTracking']);var g=document.createElement('script');g.async=true;"
    "g.src=u+'matomo.js';document.head.appendChild(g);})();\n";

std::string cookie_value(const Ctx& ctx, std::string_view name) {
  for (auto part : util::split(ctx.req.header("cookie"), ';')) {
    part = util::trim(part);
    if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=')
      return std::string(part.substr(name.size() + 1));
  }
  return "";
}

// The visitor id's hash, when the browser carries a well-formed visitor cookie.
std::string visitor_hash(const Ctx& ctx) {
  auto v = cookie_value(ctx, kVisitorCookie);
  return v.size() == 43 ? crypto::sha256_hex("consent|" + v) : "";
}

// The person's newest consent record, read with the session ("version:analytics:profiling:
// created_at"; see register_routes).
constexpr std::string_view kSessionColumn = "consent";
const char* const kSessionColumnSql =
    "(SELECT CAST(policy_version AS TEXT) || ':' || CAST(analytics AS TEXT) || ':' || CAST(profiling AS TEXT) || ':' || "
    "CAST(created_at AS TEXT) FROM consent_records WHERE user_id = u.id ORDER BY id DESC LIMIT 1)";

std::optional<Recorded> from_session(const Ctx& ctx) {
  auto it = ctx.user->extra.find(kSessionColumn);
  if (it == ctx.user->extra.end() || !it->second) return std::nullopt;
  auto parts = util::split(*it->second, ':');
  if (parts.size() != 4) return std::nullopt;
  auto version = util::parse_int(parts[0]), analytics = util::parse_int(parts[1]), profiling = util::parse_int(parts[2]),
       at = util::parse_int(parts[3]);
  if (!version || !analytics || !profiling || !at) return std::nullopt;
  return Recorded{static_cast<int>(*version), Choice{*analytics != 0, *profiling != 0}, *at};
}

std::optional<Recorded> current(const Ctx& ctx, db::Connection& c) {
  if (ctx.user)
    if (auto r = from_session(ctx)) return r;
  auto h = visitor_hash(ctx);
  if (h.empty()) return std::nullopt;
  return store::for_visitor(c, h);
}

std::string here(const Ctx& ctx) { return ctx.req.path + (ctx.req.query.empty() ? "" : "?" + ctx.req.query); }

// Every page: the notice until a valid choice is recorded; the analytics tag (and its origin in
// the CSP) only after analytics were accepted.
void decorate(Ctx& ctx, view::Data& layout) {
  auto cached = cached_settings(ctx.svc);
  const auto& s = *cached;
  auto rec = current(ctx, *ctx.db().acquire());
  if (needs_asking(rec, s.policy_version, util::now_unix())) {
    if (ctx.req.path == "/cookies") return;  // the page itself asks
    view::Data d;
    d.set("return_to", web::safe_next(here(ctx)));
    d.set("again", rec.has_value());
    layout.set("consent_notice", view::render(ctx.locale, "consent/notice", d));
    return;
  }
  if (!rec->choice.analytics || s.analytics_url.empty() || s.analytics_site_id.empty()) return;
  auto origin = analytics_origin(s.analytics_url);
  if (!origin) return;
  ctx.csp_extra_origin = *origin;
  view::Data d;
  d.set("url", s.analytics_url);
  d.set("site_id", s.analytics_site_id);
  layout.set("analytics_tag", view::render(ctx.locale, "consent/analytics_tag", d));
}

view::List category_rows(const Ctx& ctx, const std::string& category, bool analytics_registered,
                         const std::string& analytics_origin_name) {
  view::List out;
  for (const auto& ck : cookie_catalogue(analytics_registered)) {
    if (ck.category != category) continue;
    view::Data r;
    r.set("name", ck.name);
    r.set("purpose", ctx.t(ck.purpose_key));
    r.set("duration", ctx.t(ck.duration_key, {{"n", std::to_string(ck.duration_n)}}));
    r.set("by", ck.third_party ? ctx.t("consent.by.analytics", {{"origin", analytics_origin_name}})
                               : ctx.t("consent.by.site"));
    out.push_back(std::move(r));
  }
  return out;
}

Response cookies_page(Ctx& ctx, const ConsentForm* entered, const FormErrors& errors, int status) {
  auto s = *cached_settings(ctx.svc);
  std::optional<Recorded> rec;
  {
    auto c = ctx.db().acquire();
    rec = current(ctx, *c);
  }
  bool registered = !s.analytics_url.empty() && !s.analytics_site_id.empty();
  std::string origin = registered ? analytics_origin(s.analytics_url).value_or("") : "";
  view::Data d;
  d.set("technical", category_rows(ctx, "technical", registered, origin));
  auto analytics = category_rows(ctx, "analytics", registered, origin);
  d.set("analytics_cookies", analytics);
  d.set("no_analytics_cookies", analytics.empty());
  d.set("policy_version", std::to_string(s.policy_version));
  bool valid = !needs_asking(rec, s.policy_version, util::now_unix());
  Choice shown = entered ? entered->result() : (valid ? rec->choice : Choice{});
  d.set("analytics", shown.analytics);
  d.set("profiling", shown.profiling);
  if (valid) {
    d.set("recorded", ctx.t("consent.page.recorded",
                            {{"date", i18n::format_datetime(ctx.locale, rec->created_at, ctx.zone())},
                             {"version", std::to_string(rec->policy_version)}}));
  } else if (rec) {
    d.set("recorded", ctx.t("consent.page.ask_again"));
  }
  d.set("return_to", entered ? web::safe_next(entered->return_to) : "");
  errors.into(d, ctx);
  return ctx.page(ctx.t("consent.page.title"), "consent/cookies", d, std::move(status));
}

Response cookies_show(Ctx& ctx) { return cookies_page(ctx, nullptr, {}, 200); }

// The notice posts without a token (a token would need a cookie before any choice): the
// browser's Origin or Sec-Fetch-Site must then say the form is ours (a cross-site one was
// already refused before the body was read). The /cookies form carries a token as usual.
bool posted_from_this_site(Ctx& ctx) {
  if (!ctx.req.header("origin").empty() || ctx.req.header("sec-fetch-site") == "same-origin") return true;
  auto token = ctx.field("_csrf");
  return !token.empty() && crypto::equal_constant_time(token, ctx.csrf_token());
}

Response cookies_save(Ctx& ctx) {
  if (!posted_from_this_site(ctx)) {
    log::warn("consent refused", "\"request_id\":\"" + ctx.req.request_id + "\",\"reason\":\"no origin or token\"");
    return ctx.error(403, "errors.csrf");
  }
  auto form = web::read_form<ConsentForm>(ctx);
  auto errors = check(form);
  if (!errors.empty()) return cookies_page(ctx, &form, errors, 422);
  auto visitor = cookie_value(ctx, kVisitorCookie);
  if (visitor.size() != 43) visitor = crypto::random_token(32);
  ctx.set_cookie(kVisitorCookie, visitor, kVisitorCookieLifetime);
  auto now = util::now_unix();
  std::optional<std::int64_t> user_id;
  if (ctx.user) user_id = ctx.user->id;
  auto hash = crypto::sha256_hex("consent|" + visitor);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    store::record(c, user_id, hash, store::settings(c).policy_version, form.result(), now);
  });
  ctx.flash("consent.saved");
  auto next = web::safe_next(form.return_to);
  return ctx.redirect(next.empty() ? "/cookies" : next);
}

Response analytics_loader(Ctx&) {
  auto r = Response::text(200, std::string(kAnalyticsLoader), "text/javascript; charset=utf-8");
  r.set("cache-control", "public, max-age=3600");
  return r;
}

// ---- administrators ---------------------------------------------------------------------

// The settings page, with one of its two forms as entered when shown again with errors.
Response admin_page(Ctx& ctx, const AnalyticsForm* analytics, const ContactsForm* contacts, const FormErrors& errors,
                    int status, const RetentionForm* retention = nullptr) {
  store::Settings s;
  RetentionPeriods periods;
  {
    auto c = ctx.db().acquire();
    s = store::settings(*c);
    periods = retention_periods(*c);
  }
  view::Data d;
  d.set("url", analytics ? analytics->url : s.analytics_url);
  d.set("site_id", analytics ? analytics->site_id : s.analytics_site_id);
  d.set("controller", contacts ? contacts->controller : s.controller);
  d.set("contact_email", contacts ? contacts->contact_email : s.contact_email);
  d.set("dpo_email", contacts ? contacts->dpo_email : s.dpo_email);
  d.set("policy_version", std::to_string(s.policy_version));
  view::List rows;
  const auto& fields = retention_fields();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const auto& f = fields[i];
    view::Data r;
    r.set("name", f.name);
    r.set("label", ctx.t(std::string("consent.retention.") + f.name));
    r.set("hint", ctx.t("consent.admin.retention_bounds",
                        {{"min", std::to_string(f.min_days)}, {"max", std::to_string(f.max_days)}}));
    r.set("min", std::to_string(f.min_days));
    r.set("max", std::to_string(f.max_days));
    r.set("value", retention ? retention->entered[i].second : std::to_string(periods.*f.days));
    if (errors.has(f.name)) r.set("error", ctx.t(errors.key(f.name), errors.args(f.name)));
    rows.push_back(std::move(r));
  }
  d.set("retention", std::move(rows));
  errors.into(d, ctx);
  return ctx.page(ctx.t("consent.admin.title"), "consent/admin", d, std::move(status));
}

Response admin_show(Ctx& ctx) { return admin_page(ctx, nullptr, nullptr, {}, 200); }

Response admin_analytics(Ctx& ctx) {
  auto form = web::read_form<AnalyticsForm>(ctx);
  auto errors = check(form);
  if (!errors.empty()) return admin_page(ctx, &form, nullptr, errors, 422);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    store::save_analytics(c, normalised_url(form.url), form.site_id, util::now_unix());
  });
  log::info("analytics tool changed", "\"request_id\":\"" + ctx.req.request_id + "\",\"user_id\":" +
                                          std::to_string(ctx.user->id) + ",\"url\":\"" + util::json_escape(form.url) + "\"");
  settings_changed(ctx.svc);
  ctx.flash("consent.admin.saved");
  return ctx.redirect("/admin/privacy");
}

Response admin_contacts(Ctx& ctx) {
  auto form = web::read_form<ContactsForm>(ctx);
  auto errors = check(form);
  if (!errors.empty()) return admin_page(ctx, nullptr, &form, errors, 422);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    store::save_contacts(c, form.controller, form.contact_email, form.dpo_email, util::now_unix());
  });
  settings_changed(ctx.svc);
  ctx.flash("consent.admin.saved_contacts");
  return ctx.redirect("/admin/privacy");
}

Response admin_retention(Ctx& ctx) {
  auto form = web::read_form<RetentionForm>(ctx);
  auto errors = check(form);
  if (!errors.empty()) return admin_page(ctx, nullptr, nullptr, errors, 422, &form);
  ctx.db().tx(db::TxKind::kWrite,
              [&](db::Connection& c) { save_retention_periods(c, form.result(), util::now_unix()); });
  log::info("retention periods changed",
            "\"request_id\":\"" + ctx.req.request_id + "\",\"user_id\":" + std::to_string(ctx.user->id));
  ctx.flash("consent.admin.saved_retention");
  return ctx.redirect("/admin/privacy#retention");
}

Response admin_policy_version(Ctx& ctx) {
  web::allow_fields(ctx, {});
  int v = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) { return store::bump_policy_version(c, util::now_unix()); });
  log::info("cookie policy version raised", "\"request_id\":\"" + ctx.req.request_id + "\",\"user_id\":" +
                                                std::to_string(ctx.user->id) + ",\"version\":" + std::to_string(v));
  settings_changed(ctx.svc);
  ctx.flash("consent.admin.version_raised");
  return ctx.redirect("/admin/privacy");
}

// What the privacy feature and the platform's shared services keep about people, for the
// records of processing (GDPR art. 30).
void declare_processing() {
  web::declare_personal_data({"consent", "cookie_choices", "processing.consent.cookie_choices.purpose",
                              "processing.consent.cookie_choices.data", web::LegalBasis::kLegalObligation,
                              "processing.retention.consent", "", {"staff"}, {"consent_records"}});
  web::declare_personal_data({"consent", "privacy_requests", "processing.consent.privacy_requests.purpose",
                              "processing.consent.privacy_requests.data", web::LegalBasis::kLegalObligation,
                              "processing.retention.audit", "", {"staff"}, {"privacy_audit"}});
  web::declare_personal_data({"consent", "accessibility_feedback", "processing.consent.accessibility_feedback.purpose",
                              "processing.consent.accessibility_feedback.data", web::LegalBasis::kLegalObligation,
                              "processing.retention.period", "feedback", {"staff", "processors"},
                              {"accessibility_feedback"}});
  web::declare_personal_data({"consent", "privacy_notice", "processing.consent.privacy_notice.purpose",
                              "processing.consent.privacy_notice.data", web::LegalBasis::kLegalObligation,
                              "processing.retention.account", "", {"staff"},
                              {"privacy_acceptances", "privacy_notices", "privacy_notice_drafts"}});
  web::declare_personal_data({"consent", "data_exports", "processing.consent.data_exports.purpose",
                              "processing.consent.data_exports.data", web::LegalBasis::kLegalObligation,
                              "processing.retention.exports", "exports", {}, {"privacy_exports"}});
  web::declare_personal_data({"platform", "mail", "processing.platform.mail.purpose", "processing.platform.mail.data",
                              web::LegalBasis::kPublicTask, "processing.retention.period", "jobs", {"processors"},
                              {"jobs"}});
  web::declare_personal_data({"platform", "throttling", "processing.platform.throttling.purpose",
                              "processing.platform.throttling.data", web::LegalBasis::kLegitimateInterest,
                              "processing.retention.throttles", "", {"staff"}, {"rate_events"}});
  web::declare_personal_data({"platform", "uploads", "processing.platform.uploads.purpose",
                              "processing.platform.uploads.data", web::LegalBasis::kPublicTask,
                              "processing.retention.content", "", {"staff", "public"}, {"media"}});
}

}  // namespace

void register_routes(web::App& app) {
  declare_processing();
  auto& svc = app.services();
  svc.page_decorators.emplace_back(decorate);
  svc.session_columns.push_back({std::string(kSessionColumn), kSessionColumnSql});
  // A server with a job runner applies the retention periods daily.
  if (svc.jobs && svc.db) {
    db::Database* db = svc.db;
    svc.jobs->on(std::string(kRetentionJob), [db](const std::string&) { run_retention_job(*db); });
    schedule_retention(*db);
  }
  app.route("GET", "/cookies", web::Access::kAnyone, cookies_show);
  web::RouteOptions choice;  // token checked in the handler (see posted_from_this_site)
  choice.csrf = false;
  choice.body_limit = 4 * 1024;
  app.route("POST", "/cookies", web::Access::kAnyone, cookies_save, choice);
  app.route("GET", "/cookies/analytics.js", web::Access::kAnyone, analytics_loader);
  app.route("GET", "/privacy", web::Access::kAnyone, privacy_page, web::shared_page());
  app.route("GET", "/legal", web::Access::kAnyone, legal_page, web::shared_page());
  register_notice(app);
  register_accessibility(app);
  app.route("GET", "/admin/privacy/records", web::Access::kPlatformAdmin, records_page);
  app.route("GET", "/admin/privacy", web::Access::kPlatformAdmin, admin_show);
  app.route("POST", "/admin/privacy/analytics", web::Access::kPlatformAdmin, admin_analytics);
  app.route("POST", "/admin/privacy/contacts", web::Access::kPlatformAdmin, admin_contacts);
  app.route("POST", "/admin/privacy/retention", web::Access::kPlatformAdmin, admin_retention);
  app.route("POST", "/admin/privacy/policy-version", web::Access::kPlatformAdmin, admin_policy_version);
  rights::register_routes(app);
}

}  // namespace cityskills::consent
