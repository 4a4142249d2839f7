// The accessibility statement (AgID model) with its feedback mechanism: anyone, signed in or
// not, reports a barrier through a form; the message is kept and e-mailed to the platform
// administrators, who see every message and edit the statement's review date and known
// non-conformities on /admin/privacy/accessibility.
#include <ctime>

#include "features/accounts/api.hpp"
#include "features/consent/forms.hpp"
#include "features/consent/pages.hpp"
#include "features/consent/policy.hpp"
#include "features/consent/store.hpp"
#include "jobs/jobs.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "view/markdown.hpp"
#include "web/forms.hpp"
#include "web/throttle.hpp"

namespace cityskills::consent {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

constexpr int kFeedbackPerHour = 5;
constexpr int kFeedbackPerPage = 50;

// YYYY-MM-DD of a UTC instant, for a date input.
std::string iso_date(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

std::string one_line(std::string s) {
  for (auto& ch : s)
    if (ch == '\r' || ch == '\n') ch = ' ';
  return s;
}

Response statement_page(Ctx& ctx, const FeedbackForm* entered, const FormErrors& errors, int status) {
  auto s = *cached_settings(ctx.svc);
  auto d = contact_data(ctx);
  auto reviewed = s.a11y_reviewed > 0 ? s.a11y_reviewed : kAccessibilityReviewed;
  d.set("preparation", ctx.t("a11y.preparation.text", {{"date", i18n::format_date(ctx.locale, kAccessibilityReviewed)}}));
  d.set("reviewed", ctx.t("a11y.preparation.reviewed", {{"date", i18n::format_date(ctx.locale, reviewed)}}));
  if (!s.a11y_issues.empty()) d.set("issues_html", view::render_markdown(s.a11y_issues).html);
  d.set("signed_in", ctx.user.has_value());
  if (entered) {
    d.set("name", entered->name);
    d.set("email", entered->email);
    d.set("page", entered->page);
    d.set("message", entered->message);
  }
  d.set("message_max", std::to_string(kFeedbackMax));
  errors.into(d, ctx);
  return ctx.page(ctx.t("a11y.page.title"), "consent/accessibility", d, std::move(status));
}

Response statement(Ctx& ctx) { return statement_page(ctx, nullptr, {}, 200); }

// Stores the message and e-mails every platform administrator, in their language.
Response send_feedback(Ctx& ctx) {
  auto form = web::read_form<FeedbackForm>(ctx, !ctx.user.has_value());
  auto errors = check(form);
  if (!errors.empty()) return statement_page(ctx, &form, errors, 422);
  store::Feedback f;
  if (ctx.user) {
    f.user_id = ctx.user->id;
    f.name = ctx.user->display_name;
    f.email = ctx.user->email;
  } else {
    f.name = form.name;
    f.email = form.email;
  }
  f.page = form.page;
  f.message = form.message;
  auto bucket = "a11y-feedback:" + web::throttle_key(ctx.req.remote_ip);
  bool sent = ctx.db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
    if (!accounts::rate_allow(c, bucket, 3600, kFeedbackPerHour)) return false;
    auto now = util::now_unix();
    store::add_feedback(c, ctx.user ? store::Feedback{0, f.user_id, "", "", f.page, f.message, 0} : f, now);
    auto link = ctx.svc.config.public_url + "/admin/privacy/accessibility";
    for (const auto& admin : store::platform_admins(c)) {
      auto lang = i18n::supported(admin.lang) ? admin.lang : ctx.locale;
      auto unknown = i18n::t(lang, "a11y.mail.unknown");
      accounts::queue_mail(c, admin.email, i18n::t(lang, "a11y.mail.subject"),
                           i18n::t(lang, "a11y.mail.body",
                                   {{"name", f.name.empty() ? unknown : one_line(f.name)},
                                    {"email", f.email.empty() ? unknown : f.email},
                                    {"page", f.page.empty() ? unknown : one_line(f.page)},
                                    {"message", f.message},
                                    {"link", link}}));
    }
    return true;
  });
  if (!sent) {
    log::warn("accessibility feedback throttled", "\"request_id\":\"" + ctx.req.request_id + "\"");
    return ctx.too_many("a11y.feedback.too_many", 3600);
  }
  if (ctx.svc.jobs) ctx.svc.jobs->wake();
  log::info("accessibility feedback received", "\"request_id\":\"" + ctx.req.request_id + "\"");
  ctx.flash("a11y.feedback.sent");
  return ctx.redirect("/accessibility#feedback");
}

// ---- administrators ---------------------------------------------------------------------

Response admin_page(Ctx& ctx, const StatementForm* entered, const FormErrors& errors, int status) {
  auto page = util::parse_int(ctx.query_value("page").value_or("1")).value_or(1);
  if (page < 1) page = 1;
  store::Settings s;
  std::vector<store::Feedback> items;
  std::int64_t total = 0;
  {
    auto c = ctx.db().acquire();
    s = store::settings(*c);
    total = store::feedback_count(*c);
    if (page > 1 + total / kFeedbackPerPage) page = 1 + total / kFeedbackPerPage;
    items = store::feedback(*c, kFeedbackPerPage, static_cast<int>((page - 1) * kFeedbackPerPage));
  }
  view::Data d;
  auto reviewed = s.a11y_reviewed > 0 ? s.a11y_reviewed : kAccessibilityReviewed;
  d.set("reviewed", entered ? entered->reviewed : iso_date(reviewed));
  d.set("issues", entered ? entered->issues : s.a11y_issues);
  view::List list;
  for (const auto& f : items) {
    view::Data r;
    r.set("date", i18n::format_datetime(ctx.locale, f.created_at, ctx.zone()));
    r.set("name", f.name.empty() ? ctx.t("a11y.admin.anonymous") : f.name);
    if (!f.email.empty()) r.set("email", f.email);
    r.set("account", f.user_id.has_value());
    if (!f.page.empty()) r.set("page", f.page);
    r.set("message", f.message);
    list.push_back(std::move(r));
  }
  d.set("feedback", list);
  d.set("none", list.empty());
  d.set("count", ctx.t("a11y.admin.count", {{"n", std::to_string(total)}}));
  if (page > 1) d.set("prev", std::to_string(page - 1));
  if (page * kFeedbackPerPage < total) d.set("next", std::to_string(page + 1));
  errors.into(d, ctx);
  return ctx.page(ctx.t("a11y.admin.title"), "consent/admin_accessibility", d, std::move(status));
}

Response admin_show(Ctx& ctx) { return admin_page(ctx, nullptr, {}, 200); }

Response admin_save(Ctx& ctx) {
  auto form = web::read_form<StatementForm>(ctx);
  auto errors = check(form);
  if (!errors.empty()) return admin_page(ctx, &form, errors, 422);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    store::save_statement(c, form.reviewed_at(), form.issues, util::now_unix());
  });
  log::info("accessibility statement changed",
            "\"request_id\":\"" + ctx.req.request_id + "\",\"user_id\":" + std::to_string(ctx.user->id));
  settings_changed(ctx.svc);
  ctx.flash("a11y.admin.saved");
  return ctx.redirect("/admin/privacy/accessibility");
}

}  // namespace

void register_accessibility(web::App& app) {
  app.route("GET", "/accessibility", web::Access::kAnyone, statement, web::shared_page());
  web::RouteOptions feedback;
  feedback.body_limit = 32 * 1024;
  app.route("POST", "/accessibility/feedback", web::Access::kAnyone, send_feedback, feedback);
  app.route("GET", "/admin/privacy/accessibility", web::Access::kPlatformAdmin, admin_show);
  web::RouteOptions statement_form;
  statement_form.body_limit = 128 * 1024;
  app.route("POST", "/admin/privacy/accessibility", web::Access::kPlatformAdmin, admin_save, statement_form);
}

}  // namespace cityskills::consent
