#include "features/consent/pages.hpp"

#include "features/consent/policy.hpp"
#include "features/consent/retention.hpp"
#include "features/consent/store.hpp"
#include "web/extensions.hpp"

namespace cityskills::consent {

namespace {
constexpr const char* kCacheKey = "consent.settings";
}

std::shared_ptr<const store::Settings> cached_settings(web::Services& svc) {
  return svc.cache.get<store::Settings>(kCacheKey, [&] { return store::settings(*svc.db->acquire()); });
}

void settings_changed(web::Services& svc) { svc.cache.drop(kCacheKey); }

view::Data contact_data(web::Ctx& ctx) {
  auto cached = cached_settings(ctx.svc);
  const auto& s = *cached;
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
  d.set("exports", days("privacy.retention.exports", p.exports));
  d.set("updated", i18n::format_date(ctx.locale, kPrivacyNoticeUpdated));
  notice_for_privacy_page(ctx, d);
  return ctx.page(ctx.t("privacy.page.title"), "consent/privacy", std::move(d));
}

http::Response legal_page(web::Ctx& ctx) { return ctx.page(ctx.t("legal.page.title"), "consent/legal", contact_data(ctx)); }

namespace {

const char* basis_key(web::LegalBasis b) {
  switch (b) {
    case web::LegalBasis::kPublicTask: return "processing.basis.public_task";
    case web::LegalBasis::kContract: return "processing.basis.contract";
    case web::LegalBasis::kConsent: return "processing.basis.consent";
    case web::LegalBasis::kLegalObligation: return "processing.basis.legal_obligation";
    case web::LegalBasis::kLegitimateInterest: return "processing.basis.legitimate_interest";
  }
  return "processing.basis.public_task";
}

}  // namespace

http::Response records_page(web::Ctx& ctx) {
  auto d = contact_data(ctx);
  RetentionPeriods periods;
  {
    auto c = ctx.db().acquire();
    periods = retention_periods(*c);
  }
  int throttle_days = static_cast<int>(kRateEventsKept / (24 * 3600));
  view::List rows;
  for (const auto& p : web::personal_data()) {
    view::Data r;
    r.set("id", p.feature + "-" + p.activity);
    r.set("feature", p.feature);
    r.set("purpose", ctx.t(p.purpose_key));
    r.set("data", ctx.t(p.data_key));
    r.set("basis", ctx.t(basis_key(p.basis)));
    int days = throttle_days;
    for (const auto& f : retention_fields())
      if (p.retention_period == f.name) days = periods.*f.days;
    r.set("retention", ctx.t(p.retention_key, {{"days", std::to_string(days)}}));
    std::string recipients;
    for (const auto& who : p.recipients)
      recipients += (recipients.empty() ? "" : "; ") + ctx.t("processing.recipients." + who);
    r.set("recipients", recipients.empty() ? ctx.t("processing.recipients.none") : recipients);
    std::string tables;
    for (const auto& t : p.tables) tables += (tables.empty() ? "" : ", ") + t;
    r.set("tables", std::move(tables));
    rows.push_back(std::move(r));
  }
  d.set("activities", std::move(rows));
  return ctx.page(ctx.t("processing.page.title"), "consent/records", std::move(d));
}

}  // namespace cityskills::consent
