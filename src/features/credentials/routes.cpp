// Certificates and verifiable credentials: a person's awards, the public verification page,
// the PDF certificate, the Open Badges credential, the issuer's keys, and revocation by the
// issuing organisations. Every page reads the award from the database (no cache), so a
// revocation or a privacy change shows at once on every node.
#include <fstream>
#include <iterator>
#include <map>

#include "features/admin/api.hpp"
#include "features/assessment/api.hpp"
#include "features/credentials/api.hpp"
#include "features/credentials/badge.hpp"
#include "features/credentials/certificate.hpp"
#include "features/credentials/forms.hpp"
#include "features/credentials/policy.hpp"
#include "features/credentials/store.hpp"
#include "features/orgs/api.hpp"
#include "features/orgs/branding.hpp"
#include "media/media.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/forms.hpp"
#include "web/throttle.hpp"
#include "web/extensions.hpp"
#include "web/processing.hpp"

namespace cityskills::credentials {
namespace {

using http::Response;
using web::Ctx;

constexpr int kIssuedPageSize = 200;

// ---- guessing: failed look-ups per client are limited

constexpr std::int64_t kLookupWindow = 10 * 60;
constexpr int kLookupMaxFailures = 30;

std::string client_key(const Ctx& ctx) { return web::throttle_key(ctx.req.remote_ip); }

// 429 with Retry-After once a client has had too many codes or credentials refused lately.
std::optional<Response> lookup_throttled(Ctx& ctx) {
  auto c = ctx.db().acquire();
  if (store::failed_lookups(*c, client_key(ctx), util::now_unix() - kLookupWindow) < kLookupMaxFailures)
    return std::nullopt;
  log::warn("credential look-ups throttled", "\"ip\":\"" + util::json_escape(ctx.req.remote_ip) + "\"");
  return ctx.too_many("credentials.verify.too_many", static_cast<int>(kLookupWindow));
}

void record_failure(Ctx& ctx) {
  auto c = ctx.db().acquire();
  store::record_failed_lookup(*c, client_key(ctx), util::now_unix(), kLookupWindow);
}

// ---- policy: who may see and who may revoke an award

// The award behind a verification code, as anyone may see it: a malformed or unknown code, or
// an award its holder made private, is the same 404 (to everyone but the holder).
Award find_visible(Ctx& ctx) {
  auto code = ctx.path_params["code"];
  std::optional<Award> a;
  if (store::well_formed(code)) {
    auto c = ctx.db().acquire();
    a = store::by_public_id(*c, code);
  }
  if (!a || !policy::may_view(ctx.actor(), a->user_id, a->is_private)) {
    record_failure(ctx);
    throw web::Reject{404, "credentials.verify.not_found"};
  }
  return *a;
}

// The signed-in person's own award by id; anyone else's is a 404.
Award find_own(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto a = store::find(*c, ctx.path_id("id"));
  if (!a || !policy::is_holder(ctx.actor(), a->user_id)) throw web::Reject{404, "errors.not_found"};
  return *a;
}

// The award, when the signed-in person publishes for (is author or admin of) one of the
// organisations that issued it; 404 for an unknown code, 403 otherwise (logged).
Award find_revocable(Ctx& ctx) {
  auto code = ctx.path_params["code"];
  if (!store::well_formed(code)) throw web::Reject{404, "errors.not_found"};
  auto c = ctx.db().acquire();
  auto a = store::by_public_id(*c, code);
  if (!a) throw web::Reject{404, "errors.not_found"};
  std::vector<std::int64_t> issuers;
  for (const auto& i : a->issuers) issuers.push_back(i.org_id);
  if (policy::may_revoke(ctx.actor(), issuers)) return *a;
  log::warn("award revocation refused", "\"award_id\":" + std::to_string(a->id) + ",\"user_id\":" + std::to_string(ctx.user->id));
  throw web::Reject{403, "credentials.revoke.forbidden"};
}

// ---- view models

std::string base_url(const Ctx& ctx) { return ctx.svc.config.public_url; }
std::string verify_url(const Ctx& ctx, const Award& a) { return base_url(ctx) + "/verify/" + a.public_id; }

const std::vector<std::string> kBands = {"foundation", "intermediate", "advanced", "highly_specialised"};

std::string band_label(std::string_view locale, const std::string& band) {
  for (const auto& b : kBands)
    if (b == band) return i18n::t(locale, "credentials.band." + band);
  return band;
}

view::Data card(const Ctx& ctx, const Award& a) {
  view::Data d;
  d.set("id", std::to_string(a.id));
  d.set("code", a.public_id);
  d.set("href", "/verify/" + a.public_id);
  d.set("title", a.title);
  d.set("lang", a.lang);
  d.set("description", a.description);
  d.set("recipient", a.recipient_name);
  d.set("kind", ctx.t("credentials.kind." + a.kind));
  d.set("date", i18n::format_date(ctx.locale, a.achieved_at, "UTC"));
  view::List comps;
  for (const auto& [code, band] : a.competences) {
    view::Data x;
    x.set("code", code);
    x.set("name", assessment::digcomp_name(code, ctx.locale));
    if (!band.empty()) x.set("band", band_label(ctx.locale, band));
    comps.push_back(std::move(x));
  }
  d.set("competences", comps);
  d.set("has_competences", !comps.empty());
  std::string issuers;
  for (const auto& i : a.issuers) issuers += (issuers.empty() ? "" : ", ") + i.name;
  d.set("issuers", issuers);
  view::List issuer_list;
  for (const auto& i : a.issuers) {
    view::Data x;
    x.set("name", i.name);
    x.set("profile_href", "/credentials/organisations/" + std::to_string(i.org_id));
    if (i.logo_id) x.set("logo_src", orgs::logo_path(i.org_id, *i.logo_id));
    if (!i.signatory_name.empty()) {
      x.set("signatory", i.signatory_name);
      x.set("signatory_role", i.signatory_role);
    }
    issuer_list.push_back(std::move(x));
  }
  d.set("issuer_list", std::move(issuer_list));
  d.set("private", a.is_private);
  auto status = status_at(a, util::now_unix());
  d.set("valid", status == Status::kValid);
  d.set("expired", status == Status::kExpired);
  d.set("revoked", status == Status::kRevoked);
  if (a.expires_at) d.set("expires", i18n::format_date(ctx.locale, *a.expires_at, "UTC"));
  if (a.revoked_at) {
    d.set("revoked_on", i18n::format_date(ctx.locale, *a.revoked_at, "UTC"));
    d.set("revoke_reason", a.revoke_reason);
  }
  return d;
}

// ---- the holder

Response mine(Ctx& ctx) {
  std::vector<Award> awards;
  view::Data d;
  {
    auto c = ctx.db().acquire();
    awards = store::of_user(*c, ctx.user->id);
    d.set("can_issue", !orgs::publishable(*c, *ctx.user).empty());
  }
  view::List cards;
  for (const auto& a : awards) cards.push_back(card(ctx, a));
  d.set("awards", cards);
  d.set("has_awards", !cards.empty());
  return ctx.page(ctx.t("credentials.my.title"), "credentials/my", std::move(d));
}

Response set_privacy(Ctx& ctx) {
  auto a = find_own(ctx);
  auto form = web::read_form<PrivacyForm>(ctx);
  {
    auto c = ctx.db().acquire();
    store::set_private(*c, a.id, form.make_private);
  }
  ctx.flash(form.make_private ? "credentials.my.now_private" : "credentials.my.now_public");
  return ctx.redirect("/my/credentials");
}

// ---- anyone: verification, certificate, credential

Response verify(Ctx& ctx) {
  if (auto r = lookup_throttled(ctx)) return *r;
  auto a = find_visible(ctx);
  auto d = card(ctx, a);
  d.set("pdf_href", "/verify/" + a.public_id + "/certificate.pdf");
  d.set("jwt_href", "/verify/" + a.public_id + "/credential.jwt");
  Response r = ctx.page(ctx.t("credentials.verify.title"), "credentials/verify", d);
  r.set("Cache-Control", "no-store");
  r.set("X-Robots-Tag", "noindex");
  return r;
}

// The bytes of the award's issuers' logos, by media id, from the media store (the logos the
// award was given with, even when an organisation has changed its logo since).
std::map<std::int64_t, std::string> logo_files(Ctx& ctx, const Award& a) {
  std::map<std::int64_t, std::string> out;
  auto c = ctx.db().acquire();
  for (const auto& i : a.issuers) {
    if (!i.logo_id || out.contains(*i.logo_id)) continue;
    auto item = media::find(*c, *i.logo_id);
    if (!item || item->kind != "image") continue;
    std::ifstream in(media::path_for(ctx.svc.config.data_dir, item->sha256), std::ios::binary);
    std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (in.bad() || bytes.empty()) {
      log::warn("issuer logo unreadable", "\"media_id\":" + std::to_string(item->id));
      continue;
    }
    out[*i.logo_id] = std::move(bytes);
  }
  return out;
}

Response certificate(Ctx& ctx) {
  if (auto r = lookup_throttled(ctx)) return *r;
  auto a = find_visible(ctx);
  Response r;
  r.body = certificate_pdf(a, verify_url(ctx, a), logo_files(ctx, a));
  r.set("Content-Type", "application/pdf");
  r.set("Content-Disposition", "attachment; filename=\"certificate-" + a.public_id + ".pdf\"");
  r.set("Cache-Control", "private, no-store");
  return r;
}

// The issuer's name in every signed document: one language, so documents do not vary by reader.
std::string issuer_name() { return i18n::t(i18n::kDefaultLocale, "site.name"); }

Response credential(Ctx& ctx) {
  if (auto r = lookup_throttled(ctx)) return *r;
  auto a = find_visible(ctx);
  SigningKey key;
  {
    auto c = ctx.db().acquire();
    key = store::current_key(*c);
  }
  Response r;
  r.body = credential_jwt(a, base_url(ctx), issuer_name(), key);
  r.set("Content-Type", "application/vc+jwt");
  r.set("Content-Disposition", "attachment; filename=\"credential-" + a.public_id + ".jwt\"");
  r.set("Cache-Control", "private, no-store");
  return r;
}

Response json_response(std::string body, std::string_view type = "application/json") {
  auto r = Response::text(200, std::move(body), type);
  r.set("Cache-Control", "public, max-age=300");
  r.set("Access-Control-Allow-Origin", "*");
  return r;
}

std::vector<SigningKey> keys(Ctx& ctx) {
  auto c = ctx.db().acquire();
  store::current_key(*c);
  return store::all_keys(*c);
}

// A revocation status list, read from the database on each request (a revocation shows at once).
Response status_list(Ctx& ctx) {
  auto list = util::parse_id(ctx.path_params["n"]);
  if (!list && ctx.path_params["n"] == "0") list = 0;
  std::string body;
  {
    auto c = ctx.db().acquire();
    if (!list || *list > store::max_id(*c) / kStatusListBits) throw web::Reject{404, "errors.not_found"};
    auto revoked = store::revoked_between(*c, *list * kStatusListBits, (*list + 1) * kStatusListBits);
    body = status_list_jwt(*list, revoked, base_url(ctx), issuer_name(), store::current_key(*c));
  }
  auto r = Response::text(200, std::move(body), "application/vc+jwt");
  r.set("Cache-Control", "no-store");
  r.set("Access-Control-Allow-Origin", "*");
  return r;
}

Response jwks(Ctx& ctx) { return json_response(jwks_json(keys(ctx)), "application/jwk-set+json"); }
Response issuer(Ctx& ctx) { return json_response(issuer_json(base_url(ctx), issuer_name(), keys(ctx))); }
// An issuing organisation's profile, as it is now (its current logo); 404 for an unknown one.
Response organisation(Ctx& ctx) {
  auto id = ctx.path_id("id");
  std::optional<orgs::Branding> b;
  {
    auto c = ctx.db().acquire();
    b = orgs::branding(*c, id, i18n::kDefaultLocale);
  }
  if (!b) throw web::Reject{404, "errors.not_found"};
  auto image = b->logo_id ? base_url(ctx) + orgs::logo_path(id, *b->logo_id) : "";
  return json_response(organisation_json(base_url(ctx), id, b->name, b->website, image));
}
Response did(Ctx& ctx) { return json_response(did_json(base_url(ctx), keys(ctx)), "application/did+json"); }

// ---- anyone: a credential pasted or uploaded, checked

Response check_page(Ctx& ctx, view::Data d, const web::FormErrors& errors, int status) {
  errors.into(d, ctx);
  d.set("can_upload", ctx.user.has_value());
  return ctx.page(ctx.t("credentials.check.title"), "credentials/check", d, std::move(status));
}

Response check_form(Ctx& ctx) { return check_page(ctx, {}, {}, 200); }

const char* check_key(Check c) {
  switch (c) {
    case Check::kMalformed: return "credentials.check.malformed";
    case Check::kUnsupported: return "credentials.check.unsupported";
    case Check::kUnknownKey: return "credentials.check.unknown_key";
    case Check::kBadSignature: return "credentials.check.bad_signature";
    case Check::kForeign: return "credentials.check.foreign";
    case Check::kOk: break;
  }
  return "credentials.check.unknown";
}

Response check_credential(Ctx& ctx, bool upload) {
  auto form = web::read_form<CheckForm>(ctx, upload);
  if (auto r = lookup_throttled(ctx)) return *r;
  if (auto errors = check(form); !errors.empty()) return check_page(ctx, {}, errors, 422);
  std::optional<Award> a;
  Checked checked;
  {
    auto c = ctx.db().acquire();
    checked = check_jwt(form.token(), store::all_keys(*c), base_url(ctx));
    if (checked.result == Check::kOk && store::well_formed(checked.code)) a = store::by_public_id(*c, checked.code);
  }
  view::Data d;
  if (!a) {
    record_failure(ctx);
    log::warn("credential check failed", "\"reason\":\"" + std::string(check_key(checked.result)) + "\"");
    d.set("refused", ctx.t(check_key(checked.result)));
    return check_page(ctx, d, {}, 422);
  }
  d = card(ctx, *a);
  d.set("checked", true);
  return check_page(ctx, d, {}, 200);
}

// ---- issuers: what was issued, and revocation

std::vector<std::int64_t> issuing_orgs(Ctx& ctx, db::Connection& c) {
  std::vector<std::int64_t> ids;
  for (const auto& o : orgs::publishable(c, *ctx.user)) ids.push_back(o.id);
  return ids;
}

Response issued(Ctx& ctx) {
  view::Data d;
  view::List cards, log;
  {
    auto c = ctx.db().acquire();
    auto ids = issuing_orgs(ctx, *c);
    for (const auto& a : store::issued_by(*c, ids, kIssuedPageSize)) cards.push_back(card(ctx, a));
    for (const auto& e : store::log_of(*c, ids, kIssuedPageSize)) {
      view::Data x;
      x.set("code", e.public_id);
      x.set("action", ctx.t("credentials.log." + e.action));
      x.set("actor", e.actor_name);
      x.set("reason", e.reason);
      x.set("title", e.title);
      x.set("date", i18n::format_datetime(ctx.locale, e.created_at, "UTC"));
      log.push_back(std::move(x));
    }
  }
  d.set("awards", cards);
  d.set("has_awards", !cards.empty());
  d.set("log", log);
  return ctx.page(ctx.t("credentials.issued.title"), "credentials/issued", std::move(d));
}

Response revoke_page(Ctx& ctx, const Award& a, const RevokeForm& form, const web::FormErrors& errors, int status) {
  auto d = card(ctx, a);
  d.set("reason", form.reason);
  d.set("is_revoked", a.revoked_at.has_value());
  errors.into(d, ctx);
  return ctx.page(ctx.t(a.revoked_at ? "credentials.reinstate.title" : "credentials.revoke.title"), "credentials/revoke", d,
                  status);
}

Response revoke_form(Ctx& ctx) {
  auto a = find_revocable(ctx);
  return revoke_page(ctx, a, {}, {}, 200);
}

Response revoke(Ctx& ctx) {
  auto a = find_revocable(ctx);
  auto form = web::read_form<RevokeForm>(ctx);
  if (a.revoked_at) return ctx.error(409, "credentials.revoke.already");
  if (auto errors = check(form); !errors.empty()) return revoke_page(ctx, a, form, errors, 422);
  bool done;
  {
    auto c = ctx.db().acquire();
    done = store::revoke(*c, a.id, ctx.user->id, form.reason);
  }
  if (!done) return ctx.error(409, "credentials.revoke.already");
  log::info("award revoked", "\"award_id\":" + std::to_string(a.id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash("credentials.revoke.done");
  return ctx.redirect("/verify/" + a.public_id);
}

// An issuer undoes a revocation (made in error, or overturned on appeal): valid again on the
// verification page and in the status list at the next request, on every node.
Response reinstate(Ctx& ctx) {
  auto a = find_revocable(ctx);
  auto form = web::read_form<RevokeForm>(ctx);
  if (!a.revoked_at) return ctx.error(409, "credentials.reinstate.not_revoked");
  if (auto errors = check(form); !errors.empty()) return revoke_page(ctx, a, form, errors, 422);
  bool done = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    if (!store::reinstate(c, a.id, ctx.user->id, form.reason)) return false;
    admin::audit(c, ctx.user->id, {"award.reinstate", "award", a.id, form.reason, a.public_id});
    return true;
  });
  if (!done) return ctx.error(409, "credentials.reinstate.not_revoked");
  log::info("award reinstated", "\"award_id\":" + std::to_string(a.id) + ",\"actor\":" + std::to_string(ctx.user->id));
  ctx.flash("credentials.reinstate.done");
  return ctx.redirect("/verify/" + a.public_id);
}

}  // namespace

void register_routes(web::App& app) {
  // What this feature keeps about people, for the records of processing (GDPR art. 30).
  web::declare_account_data("credentials", "credentials", {"staff", "organisation", "public"}, {"awards", "award_log"});
  app.route("GET", "/my/credentials", web::Access::kSignedIn, mine);
  app.route("POST", "/my/credentials/{id}/privacy", web::Access::kSignedIn, set_privacy);
  web::RouteOptions paste;
  paste.body_limit = 64 * 1024;
  web::RouteOptions upload = paste;
  upload.multipart = true;
  app.route("GET", "/verify", web::Access::kAnyone, check_form);
  app.route("POST", "/verify", web::Access::kAnyone, [](Ctx& ctx) { return check_credential(ctx, false); }, paste);
  app.route("POST", "/verify/upload", web::Access::kSignedIn, [](Ctx& ctx) { return check_credential(ctx, true); }, upload);
  app.route("GET", "/verify/{code}", web::Access::kAnyone, verify);
  app.route("GET", "/verify/{code}/certificate.pdf", web::Access::kAnyone, certificate);
  app.route("GET", "/verify/{code}/credential.jwt", web::Access::kAnyone, credential);
  app.route("GET", "/credentials/issuer", web::Access::kAnyone, issuer);
  app.route("GET", "/credentials/organisations/{id}", web::Access::kAnyone, organisation);
  app.route("GET", "/credentials/status/{n}", web::Access::kAnyone, status_list);
  app.route("GET", "/.well-known/jwks.json", web::Access::kAnyone, jwks);
  app.route("GET", "/.well-known/did.json", web::Access::kAnyone, did);
  app.route("GET", "/credentials/issued", web::Access::kPublisher, issued);
  app.route("GET", "/credentials/awards/{code}/revoke", web::Access::kPublisher, revoke_form);
  app.route("POST", "/credentials/awards/{code}/revoke", web::Access::kPublisher, revoke);
  app.route("POST", "/credentials/awards/{code}/reinstate", web::Access::kPublisher, reinstate);
}

}  // namespace cityskills::credentials
