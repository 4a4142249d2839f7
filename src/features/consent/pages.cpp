#include "features/consent/pages.hpp"

#include "features/consent/policy.hpp"
#include "features/consent/store.hpp"

namespace cityskills::consent {
namespace {

view::Data contacts(web::Ctx& ctx) {
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

}  // namespace

http::Response privacy_page(web::Ctx& ctx) {
  auto d = contacts(ctx);
  d.set("anonymous_selftests",
        ctx.t("privacy.retention.selftests", {{"days", std::to_string(kAnonymousSelfTestRetentionDays)}}));
  d.set("updated", i18n::format_date(ctx.locale, kPrivacyNoticeUpdated));
  return ctx.page(ctx.t("privacy.page.title"), "consent/privacy", d);
}

http::Response legal_page(web::Ctx& ctx) { return ctx.page(ctx.t("legal.page.title"), "consent/legal", contacts(ctx)); }

http::Response accessibility_page(web::Ctx& ctx) {
  auto d = contacts(ctx);
  d.set("preparation", ctx.t("a11y.preparation.text", {{"date", i18n::format_date(ctx.locale, kAccessibilityReviewed)}}));
  return ctx.page(ctx.t("a11y.page.title"), "consent/accessibility", d);
}

}  // namespace cityskills::consent
