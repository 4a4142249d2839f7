#include "features/consent/pages.hpp"

#include "features/consent/policy.hpp"
#include "features/consent/retention.hpp"
#include "features/consent/store.hpp"

namespace cityskills::consent {

view::Data contact_data(web::Ctx& ctx) {
  store::Settings s;
  {
    auto c = ctx.db().acquire();
    s = store::settings(*c);
  }
  view::Data d;
  if (!s.controller.empty()) d.set("controller", s.controller);
  if (!s.contact_email.empty()) d.set("contact_email", s.contact_email);
  if (!s.dpo_email.empty()) d.set("dpo_email", s.dpo_email);
  return d;
}

http::Response privacy_page(web::Ctx& ctx) {
  auto d = contact_data(ctx);
  RetentionPeriods p;
  {
    auto c = ctx.db().acquire();
    p = retention_periods(*c);
  }
  auto days = [&](const char* key, int n) { return ctx.t(key, {{"days", std::to_string(n)}}); };
  d.set("anonymous_selftests", days("privacy.retention.selftests", p.self_tests));
  d.set("sessions", days("privacy.retention.sessions_deleted", p.sessions));
  d.set("unverified", days("privacy.retention.unverified", p.unverified_accounts));
  d.set("tokens", days("privacy.retention.tokens", p.tokens));
  d.set("mail", days("privacy.retention.mail", p.jobs));
  d.set("feedback", days("privacy.retention.feedback", p.feedback));
  d.set("throttles", days("privacy.retention.throttles", static_cast<int>(kRateEventsKept / (24 * 3600))));
  d.set("updated", i18n::format_date(ctx.locale, kPrivacyNoticeUpdated));
  return ctx.page(ctx.t("privacy.page.title"), "consent/privacy", d);
}

http::Response legal_page(web::Ctx& ctx) { return ctx.page(ctx.t("legal.page.title"), "consent/legal", contact_data(ctx)); }

}  // namespace cityskills::consent
