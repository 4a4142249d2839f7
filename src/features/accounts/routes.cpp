// Sign-up, e-mail verification, sign-in/out and password reset; the route table. The profile
// is in profile.cpp, the e-mails and their delivery job in mail.cpp.

#include <algorithm>

#include "features/accounts/api.hpp"
#include "features/accounts/forms.hpp"
#include "features/accounts/mails.hpp"
#include "features/admin/api.hpp"
#include "features/consent/api.hpp"
#include "features/accounts/passwords.hpp"
#include "features/accounts/store.hpp"
#include "features/accounts/throttles.hpp"
#include "features/orgs/api.hpp"
#include "jobs/jobs.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "web/extensions.hpp"
#include "web/forms.hpp"
#include "web/validate.hpp"
#include "web/processing.hpp"

namespace cityskills::accounts {
void register_profile(web::App& app);

namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

// Per client (IPv4 address or IPv6 /64), within an hour: sign-ups, requests for mail
// (new verification link, password reset) and links that were not valid.
constexpr std::int64_t kHourWindow = 3600;
constexpr int kSignupMaxPerIp = 10;
constexpr int kMailRequestsPerIp = 10;
constexpr int kBadTokensPerIp = 20;

std::string base_url(const Ctx& ctx) { return ctx.svc.config.public_url; }

// Verifying against this when the account does not exist keeps the timing the same.
const std::string& dummy_hash() {
  static const std::string h = crypto::hash_password(crypto::random_token(16));
  return h;
}

Response too_many_for(Ctx& ctx, const std::string& bucket, std::int64_t wait) {
  auto minutes = std::max<std::int64_t>(1, (wait + 59) / 60);
  log::warn("throttled", "\"bucket\":\"" + util::json_escape(bucket.substr(0, bucket.find(':'))) + "\",\"ip\":\"" +
                             util::json_escape(ctx.req.remote_ip) + "\"");
  view::Data d;
  d.set("status", "429");
  d.set("heading", ctx.t("errors.title.429"));
  d.set("message", i18n::tn(ctx.locale, "accounts.throttled", minutes));
  auto r = ctx.page(ctx.t("errors.title.429"), "error", d, 429);
  r.set("retry-after", std::to_string(wait));
  return r;
}

Response too_many(Ctx& ctx, db::Connection& c, const std::string& bucket, std::int64_t window) {
  return too_many_for(ctx, bucket, store::retry_after(c, bucket, window));
}

bool throttled(db::Connection& c, const std::string& bucket, std::int64_t window, int max) {
  return store::count_events(c, bucket, window) >= max;
}

std::string ip_bucket(const Ctx& ctx, std::string_view what) { return client_bucket(what, ctx.req.remote_ip); }

// Queues a new verification link unless mail to this person is being held back; true when sent.
bool send_verification(db::Connection& c, const Ctx& ctx, const Account& a) {
  return send_verification_mail(c, a, ctx.locale, base_url(ctx));
}

// ---- sign-up -------------------------------------------------------------------------

// The privacy notice in force for the page's language, as sign-up shows it: its id (0: the
// built-in one) and "version 3 of 6 December 2026".
consent::NoticeVersion signup_notice(Ctx& ctx) {
  auto c = ctx.db().acquire();
  return consent::current_notice(*c, ctx.locale);
}

view::Data signup_data(Ctx& ctx, const std::string& email, const std::string& name) {
  view::Data d;
  auto notice = signup_notice(ctx);
  d.set("notice_id", std::to_string(notice.id));
  if (notice.id)
    d.set("notice_version", ctx.t("accounts.signup.notice_version",
                                  {{"version", std::to_string(notice.version)},
                                   {"date", i18n::format_date(ctx.locale, notice.published_at, ctx.zone())}}));
  d.set("email", email);
  d.set("display_name", name);
  d.set("password_min", std::to_string(kPasswordMin));
  d.set("password_hint", ctx.t("accounts.password.hint", kPasswordLimits));
  return d;
}

// Sign-up as the administrators set it (/admin/settings): open, closed, or limited to
// addresses at listed domains.
std::optional<Refusal> signup_refused(Ctx& ctx, std::string_view email) {
  auto c = ctx.db().acquire();
  auto s = admin::site_settings(*c);
  auto key = admin::signup_refusal(s, util::to_lower(email));
  if (!key) return std::nullopt;
  std::string domains;
  for (const auto& d : s.signup_domains) domains += (domains.empty() ? "" : ", ") + d;
  return std::make_pair(*key, i18n::Args{{"domains", domains}});
}

Response signup_form(Ctx& ctx) {
  if (ctx.user) return ctx.redirect("/profile");
  if (auto r = signup_refused(ctx, ""); r && r->first == "admin.signup.closed") return ctx.error(403, r->first);
  return ctx.page(ctx.t("accounts.signup.title"), "accounts/signup", signup_data(ctx, "", ""));
}

Response signup(Ctx& ctx) {
  auto form = web::read_form<SignupForm>(ctx);
  auto notice = signup_notice(ctx);
  std::optional<Refusal> refused;
  if (!web::check_email(form.email)) refused = signup_refused(ctx, form.email);
  if (refused) {
    if (refused->first == "admin.signup.closed") return ctx.error(403, refused->first);
    log::warn("sign-up refused: domain not allowed", "\"ip\":\"" + util::json_escape(ctx.req.remote_ip) + "\"");
  }
  // The notice accepted is the one shown; a version published while the form was open is
  // shown now and accepted again.
  auto errors = check(form, refused, notice.id);
  auto c = ctx.db().acquire();
  if (throttled(*c, ip_bucket(ctx, "signup"), kHourWindow, kSignupMaxPerIp))
    return too_many(ctx, *c, ip_bucket(ctx, "signup"), kHourWindow);
  if (!errors.empty()) {
    auto d = signup_data(ctx, form.email, form.display_name);
    errors.into(d, ctx);
    return ctx.page(ctx.t("accounts.signup.title"), "accounts/signup", std::move(d), 422);
  }
  // Counted in the same step as the check, so sign-ups sent at once cannot pass the limit together.
  if (!rate_allow(ctx.db(), ip_bucket(ctx, "signup"), kHourWindow, kSignupMaxPerIp))
    return too_many(ctx, *c, ip_bucket(ctx, "signup"), kHourWindow);
  Account a;
  a.email = util::to_lower(form.email);
  a.display_name = form.display_name;
  a.lang = ctx.locale;
  a.password_hash = crypto::hash_password(form.password);
  // The answer is the same whether or not the address is already registered; the owner
  // of an existing account gets a note instead of a second account.
  ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& tx) {
    if (auto id = store::create(tx, a)) {
      a.id = *id;
      consent::record_notice_acceptance(tx, a.id, notice.id, "signup", util::now_unix());
      send_verification(tx, ctx, a);
    } else if (auto existing = store::find_by_email(tx, a.email)) {
      send_already_registered_mail(tx, *existing, ctx.locale, base_url(ctx));
    }
  });
  if (ctx.svc.jobs) ctx.svc.jobs->wake();
  return ctx.redirect("/signup/check-email");
}

Response check_email(Ctx& ctx) {
  return ctx.page(ctx.t("accounts.check_email.title"), "accounts/check_email", {});
}

// ---- e-mail verification ---------------------------------------------------------------

// Links that were not valid count against the client, so tokens cannot be guessed at speed.
Response link_expired(Ctx& ctx, std::string_view kind) {
  {
    auto c = ctx.db().acquire();
    store::record_event(*c, ip_bucket(ctx, "token"));
  }
  log::warn("link refused", "\"kind\":\"" + std::string(kind) + "\",\"ip\":\"" + util::json_escape(ctx.req.remote_ip) + "\"");
  view::Data d;
  d.set(std::string(kind), true);
  return ctx.page(ctx.t("accounts.link_expired.title"), "accounts/link_expired", std::move(d), 400);
}

// GET only shows a button: mail scanners that follow links must not use up the token.
std::optional<Response> token_guessing(Ctx& ctx, db::Connection& c) {
  if (!throttled(c, ip_bucket(ctx, "token"), kHourWindow, kBadTokensPerIp)) return std::nullopt;
  return too_many(ctx, c, ip_bucket(ctx, "token"), kHourWindow);
}

Response verify_form(Ctx& ctx) {
  auto token = ctx.query_value("token").value_or("");
  auto c = ctx.db().acquire();
  if (auto r = token_guessing(ctx, *c)) return std::move(*r);
  if (!store::peek_token(*c, token, "verify_email")) return link_expired(ctx, "verify");
  view::Data d;
  d.set("token", std::move(token));
  return ctx.page(ctx.t("accounts.verify.title"), "accounts/verify", std::move(d));
}

// The link proves the address and nothing more: it never signs anyone in. The person signs
// in with the password, unless this browser is already signed in as them.
Response verify(Ctx& ctx) {
  web::FormInput in(ctx);
  auto token = in.text("token");
  in.finish();
  {
    auto c = ctx.db().acquire();
    if (auto r = token_guessing(ctx, *c)) return std::move(*r);
  }
  auto user = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) -> std::optional<std::int64_t> {
    auto id = store::consume_token(c, token, "verify_email");
    if (!id) return std::nullopt;
    store::mark_verified(c, *id);
    store::revoke_tokens(c, *id, "verify_email");  // the other links sent to the address
    return id;
  });
  if (!user) return link_expired(ctx, "verify");
  if (ctx.user && ctx.user->id == *user) {
    ctx.flash("accounts.verify.done");
    return ctx.redirect("/profile");
  }
  ctx.flash("accounts.verify.done_sign_in");
  return ctx.redirect("/login");
}

// A one-field e-mail form shown again with its error and the address kept.
Response email_form_page(Ctx& ctx, std::string_view title_key, std::string_view tmpl, const std::string& email,
                         const FormErrors& errors) {
  view::Data d;
  d.set("email", email);
  errors.into(d, ctx);
  return ctx.page(ctx.t(title_key), tmpl, std::move(d), 422);
}

Response resend_form(Ctx& ctx) {
  return ctx.page(ctx.t("accounts.resend.title"), "accounts/resend", {});
}

Response resend(Ctx& ctx) {
  auto form = web::read_form<EmailForm>(ctx);
  const auto& email = form.email;
  auto c = ctx.db().acquire();
  if (throttled(*c, ip_bucket(ctx, "resend"), kHourWindow, kMailRequestsPerIp))
    return too_many(ctx, *c, ip_bucket(ctx, "resend"), kHourWindow);
  if (auto e = check(form); !e.empty()) return email_form_page(ctx, "accounts.resend.title", "accounts/resend", email, e);
  if (!rate_allow(ctx.db(), ip_bucket(ctx, "resend"), kHourWindow, kMailRequestsPerIp))
    return too_many(ctx, *c, ip_bucket(ctx, "resend"), kHourWindow);
  // The answer is the same whether a link went out, was held back or there is no such account.
  if (auto a = store::find_by_email(*c, email); a && !a->verified && !a->disabled) {
    ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& tx) { send_verification(tx, ctx, *a); });
    if (ctx.svc.jobs) ctx.svc.jobs->wake();
  }
  return ctx.redirect("/signup/check-email");
}

// ---- sign-in / sign-out ------------------------------------------------------------------

Response login_page(Ctx& ctx, const std::string& email, const std::string& error_key, int status) {
  view::Data d;
  d.set("email", email);
  d.set("next", web::safe_next(ctx.query_value("next").value_or(ctx.field("next"))));
  std::string other_ways;  // what other features offer beside the password (single sign-on)
  for (const auto& html : web::sections("login", ctx)) other_ways += html;
  d.set("sections", std::move(other_ways));
  if (!error_key.empty()) {
    FormErrors errors;
    errors.add("email", error_key);
    errors.into(d, ctx);
  }
  return ctx.page(ctx.t("accounts.login.title"), "accounts/login", d, std::move(status));
}

Response login_form(Ctx& ctx) {
  if (ctx.user) return ctx.redirect("/profile");
  return login_page(ctx, "", "", 200);
}

Response login(Ctx& ctx) {
  auto form = web::read_form<LoginForm>(ctx);
  const auto& email = form.email;
  // Failures slow down this client on this account, never the account for everyone.
  if (auto wait = begin_login_attempt(ctx.db(), email, ctx.req.remote_ip); wait > 0)
    return too_many_for(ctx, "login", wait);
  auto c = ctx.db().acquire();
  auto a = web::check_email(email) ? std::nullopt : store::find_by_email(*c, email);
  // An account without a password (single sign-on only) costs the same time and never matches.
  bool has_password = a && !a->password_hash.empty();
  bool ok = crypto::verify_password(has_password ? a->password_hash : dummy_hash(), form.password.substr(0, 1024)) && has_password;
  if (!ok) {
    log::warn("sign-in failed", "\"ip\":\"" + util::json_escape(ctx.req.remote_ip) + "\"");
    return login_page(ctx, email, "accounts.login.failed", 422);
  }
  record_login_success(*c, email, ctx.req.remote_ip);
  // Only the right password learns that the account is blocked, so the answer reveals nothing
  // to someone guessing.
  if (a->disabled) {
    log::warn("sign-in refused: account blocked", "\"user_id\":" + std::to_string(a->id));
    return login_page(ctx, email, "accounts.login.blocked", 403);
  }
  if (!a->verified) {
    bool sent = ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& tx) { return send_verification(tx, ctx, *a); });
    if (sent && ctx.svc.jobs) ctx.svc.jobs->wake();
    return login_page(ctx, email, sent ? "accounts.login.unverified" : "accounts.login.unverified_recent", 403);
  }
  ctx.start_session(a->id);
  auto next = web::safe_next(form.next);
  // A privacy notice published since the person last accepted one is shown before going on.
  if (consent::notice_to_acknowledge(*c, a->id, i18n::supported(a->lang) ? a->lang : ctx.locale))
    return ctx.redirect(consent::acknowledge_path(next));
  return ctx.redirect(next.empty() ? "/" : next);
}

Response logout(Ctx& ctx) {
  web::allow_fields(ctx, {});
  auto then = web::sign_out_page(ctx);  // e.g. "sign out at the identity provider too"
  ctx.end_session();
  ctx.flash("accounts.logout.done");
  return ctx.redirect(then.empty() ? "/" : then);
}

// ---- password reset ----------------------------------------------------------------------

Response reset_request_form(Ctx& ctx) {
  return ctx.page(ctx.t("accounts.reset.title"), "accounts/reset_request", {});
}

Response reset_request(Ctx& ctx) {
  auto form = web::read_form<EmailForm>(ctx);
  auto email = util::to_lower(form.email);
  auto c = ctx.db().acquire();
  if (auto e = check(form); !e.empty()) return email_form_page(ctx, "accounts.reset.title", "accounts/reset_request", email, e);
  auto ipb = ip_bucket(ctx, "reset");
  if (throttled(*c, ipb, kHourWindow, kMailRequestsPerIp)) return too_many(ctx, *c, ipb, kHourWindow);
  store::record_event(*c, ipb);
  // Mail held back for the person is held back silently, so the answer never reveals the address.
  if (auto a = store::find_by_email(*c, email); a && !a->disabled) {
    bool sent = ctx.db().tx(db::TxKind::kWrite,
                            [&](db::Connection& tx) { return send_reset_mail(tx, *a, ctx.locale, base_url(ctx)); });
    if (sent && ctx.svc.jobs) ctx.svc.jobs->wake();
  }
  return ctx.redirect("/password-reset/sent");
}

Response reset_sent(Ctx& ctx) { return ctx.page(ctx.t("accounts.reset.sent_title"), "accounts/reset_sent", {}); }

view::Data reset_form_data(const Ctx& ctx, const std::string& token) {
  view::Data d;
  d.set("token", token);
  d.set("password_hint", ctx.t("accounts.password.hint", kPasswordLimits));
  return d;
}

Response reset_form(Ctx& ctx) {
  auto token = ctx.query_value("token").value_or("");
  auto c = ctx.db().acquire();
  if (auto r = token_guessing(ctx, *c)) return std::move(*r);
  if (!store::peek_token(*c, token, "reset_password")) return link_expired(ctx, "reset");
  return ctx.page(ctx.t("accounts.reset.new_title"), "accounts/reset_form", reset_form_data(ctx, token));
}

Response reset(Ctx& ctx) {
  auto form = web::read_form<ResetForm>(ctx);
  const auto& token = form.token;
  auto c = ctx.db().acquire();
  if (auto r = token_guessing(ctx, *c)) return std::move(*r);
  auto user_id = store::peek_token(*c, token, "reset_password");
  if (!user_id) return link_expired(ctx, "reset");
  auto a = store::find_by_id(*c, *user_id);
  if (!a) return link_expired(ctx, "reset");
  if (auto errors = check(form, *a); !errors.empty()) {
    auto d = reset_form_data(ctx, token);
    errors.into(d, ctx);
    return ctx.page(ctx.t("accounts.reset.new_title"), "accounts/reset_form", std::move(d), 422);
  }
  auto hash = crypto::hash_password(form.password);
  bool done = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& tx) {
    auto id = store::consume_token(tx, token, "reset_password");
    if (!id) return false;
    store::set_password(tx, *id, hash);
    store::mark_verified(tx, *id);  // the link proved the address
    store::end_sessions_and_tokens(tx, *id);  // signed out everywhere, every other link dead
    return true;
  });
  if (!done) return link_expired(ctx, "reset");
  ctx.end_session();
  ctx.flash("accounts.reset.done");
  return ctx.redirect("/login");
}

}  // namespace


std::optional<std::int64_t> user_id_by_email(db::Connection& c, std::string_view email) {
  auto a = store::find_by_email(c, email);
  if (!a) return std::nullopt;
  return a->id;
}

bool user_exists(db::Connection& c, std::int64_t id) { return store::find_by_id(c, id).has_value(); }


void end_sessions(db::Connection& c, std::int64_t user_id) { store::delete_sessions(c, user_id); }

bool rate_allow(db::Tx& t, const std::string& bucket, std::int64_t window, int max) {
  return store::take_event(t, bucket, window, max);
}

bool rate_allow(db::Database& db, const std::string& bucket, std::int64_t window, int max) {
  return db.tx(db::TxKind::kWrite, [&](db::Tx& t) { return store::take_event(t, bucket, window, max); });
}


// What this feature keeps about people, for the records of processing (GDPR art. 30).
static void declare_processing() {
  web::declare_account_data("accounts", "accounts", {"staff"}, {"users", "memberships"});
  web::declare_personal_data({"accounts", "sessions",
                              "processing.accounts.sessions.purpose", "processing.accounts.sessions.data",
                              web::LegalBasis::kLegitimateInterest, "processing.retention.sessions", "sessions",
                              {"staff"},
                              {"sessions"}});
  web::declare_personal_data({"accounts", "tokens",
                              "processing.accounts.tokens.purpose", "processing.accounts.tokens.data",
                              web::LegalBasis::kPublicTask, "processing.retention.tokens", "tokens",
                              {},
                              {"tokens"}});
}

void register_routes(web::App& app) {
  declare_processing();
  // Queued e-mails are sent by whichever node's job runner takes them.
  if (auto* runner = app.services().jobs) {
    const web::Config& config = app.services().config;
    runner->on("mail", [&config](const std::string& p) { deliver_mail_job(config, p); });
  }
  app.route("GET", "/signup", web::Access::kAnyone, signup_form);
  app.route("POST", "/signup", web::Access::kAnyone, signup);
  app.route("GET", "/signup/check-email", web::Access::kAnyone, check_email);
  app.route("GET", "/verify-email", web::Access::kAnyone, verify_form);
  app.route("POST", "/verify-email", web::Access::kAnyone, verify);
  app.route("GET", "/verify-email/resend", web::Access::kAnyone, resend_form);
  app.route("POST", "/verify-email/resend", web::Access::kAnyone, resend);
  app.route("GET", "/login", web::Access::kAnyone, login_form);
  app.route("POST", "/login", web::Access::kAnyone, login);
  app.route("POST", "/logout", web::Access::kAnyone, logout);
  app.route("GET", "/password-reset", web::Access::kAnyone, reset_request_form);
  app.route("POST", "/password-reset", web::Access::kAnyone, reset_request);
  app.route("GET", "/password-reset/sent", web::Access::kAnyone, reset_sent);
  app.route("GET", "/password-reset/confirm", web::Access::kAnyone, reset_form);
  app.route("POST", "/password-reset/confirm", web::Access::kAnyone, reset);
  register_profile(app);
}

}  // namespace cityskills::accounts
