#include "features/consent/forms.hpp"

#include <array>

#include "i18n/i18n.hpp"
#include "util/strings.hpp"
#include "web/validate.hpp"

namespace cityskills::consent {

namespace {
constexpr std::array<std::string_view, 3> kChoices = {"accept_all", "refuse_all", "choose"};
}

void ConsentForm::read(web::FormInput& in) {
  choice = in.text("choice");
  analytics = in.flag("analytics");
  profiling = in.flag("profiling");
  return_to = in.text("return_to");
}

Choice ConsentForm::result() const {
  if (choice == "accept_all") return Choice{true, true};
  if (choice == "refuse_all") return Choice{false, false};
  return Choice{analytics, profiling};
}

web::FormErrors check(const ConsentForm& form) {
  web::FormErrors errors;
  bool known = false;
  for (auto c : kChoices) known = known || form.choice == c;
  if (!known) errors.add("choice", "consent.validation.choice");
  return errors;
}

void AnalyticsForm::read(web::FormInput& in) {
  url = in.trimmed("url");
  site_id = in.trimmed("site_id");
}

web::FormErrors check(const AnalyticsForm& form) {
  web::FormErrors errors;
  if (form.url.empty() && form.site_id.empty()) return errors;
  if (form.url.find_first_of("?#") != std::string::npos || !analytics_origin(form.url))
    errors.add("url", "consent.validation.analytics_url");
  bool digits = !form.site_id.empty() && form.site_id.size() <= kSiteIdMax;
  for (char c : form.site_id) digits = digits && c >= '0' && c <= '9';
  if (!digits) errors.add("site_id", "consent.validation.site_id");
  return errors;
}

void ContactsForm::read(web::FormInput& in) {
  controller = in.trimmed("controller");
  contact_email = util::to_lower(in.trimmed("contact_email"));
  dpo_email = util::to_lower(in.trimmed("dpo_email"));
}

web::FormErrors check(const ContactsForm& form) {
  web::FormErrors errors;
  if (auto e = web::check_name(form.controller, kControllerMax)) errors.add("controller", *e);
  if (auto e = web::check_email(form.contact_email)) errors.add("contact_email", *e);
  if (!form.dpo_email.empty())
    if (auto e = web::check_email(form.dpo_email)) errors.add("dpo_email", *e);
  return errors;
}

void EraseForm::read(web::FormInput& in) {
  password = in.text("password");
  confirm = in.flag("confirm");
}

web::FormErrors check(const EraseForm& form, bool has_password) {
  web::FormErrors errors;
  if (has_password && form.password.empty()) errors.add("password", "rights.erase.password_required");
  if (!form.confirm) errors.add("confirm", "rights.erase.confirm_required");
  return errors;
}

void AdminRequestForm::read(web::FormInput& in, bool erasing) {
  reason = in.trimmed("reason");
  if (erasing) confirm = in.flag("confirm");
}

web::FormErrors check(const AdminRequestForm& form, bool erasing) {
  web::FormErrors errors;
  // The page has both forms: the export's reason field has its own id.
  web::check_text(errors, erasing ? "reason" : "export_reason", form.reason, kReasonMax, "practices.validation.too_long");
  if (erasing && !form.confirm) errors.add("confirm", "rights.erase.confirm_required");
  return errors;
}

void RetentionForm::read(web::FormInput& in) {
  for (const auto& f : retention_fields()) {
    entered.emplace_back(f.name, in.trimmed(f.name));
    values.push_back(in.integer(f.name));
  }
}

RetentionPeriods RetentionForm::result() const {
  RetentionPeriods p;
  const auto& fields = retention_fields();
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (values[i]) p.*fields[i].days = static_cast<int>(*values[i]);
  return p;
}

web::FormErrors check(const RetentionForm& form) {
  web::FormErrors errors;
  const auto& fields = retention_fields();
  for (std::size_t i = 0; i < fields.size() && i < form.values.size(); ++i)
    web::check_int_range(errors, fields[i].name, form.values[i], fields[i].min_days, fields[i].max_days);
  return errors;
}

void FeedbackForm::read(web::FormInput& in, bool anonymous) {
  if (anonymous) {
    name = in.trimmed("name");
    email = util::to_lower(in.trimmed("email"));
  }
  page = in.trimmed("page");
  message = in.trimmed("message");
}

web::FormErrors check(const FeedbackForm& form) {
  web::FormErrors errors;
  if (!form.name.empty())
    if (auto e = web::check_name(form.name)) errors.add("name", *e);
  if (!form.email.empty())
    if (auto e = web::check_email(form.email)) errors.add("email", *e);
  web::check_text(errors, "page", form.page, kFeedbackPageMax, "practices.validation.too_long", false);
  web::check_text(errors, "message", form.message, kFeedbackMax, "practices.validation.too_long");
  return errors;
}

void StatementForm::read(web::FormInput& in) {
  reviewed = in.trimmed("reviewed");
  issues = in.text("issues");
}

std::int64_t StatementForm::reviewed_at() const { return web::resolve_local_time(reviewed, "", "UTC", true).utc; }

web::FormErrors check(const StatementForm& form) {
  web::FormErrors errors;
  if (web::resolve_local_time(form.reviewed, "", "UTC", true).status != web::LocalTimeStatus::kOk)
    errors.add("reviewed", "consent.validation.review_date");
  web::check_markdown(errors, "issues", form.issues, kIssuesMax, "practices.validation.too_long", false);
  return errors;
}

std::string normalised_url(const std::string& url) {
  if (url.empty() || url.back() == '/') return url;
  return url + "/";
}

void NoticeForm::read(web::FormInput& in) {
  lang = in.trimmed("lang");
  body = in.text("body");
  action = in.text("action");
}

web::FormErrors check(const NoticeForm& form) {
  web::FormErrors errors;
  if (!i18n::supported(form.lang)) errors.add("lang", "privacy.notice.lang_invalid");
  if (form.action != "save" && form.action != "publish") errors.add("body", "validation.choice.invalid");
  bool blank = util::trim(form.body).empty();
  if (form.publishing() && blank)
    errors.add("body", "privacy.notice.empty");
  else if (!blank)
    web::check_markdown(errors, "body", form.body, kNoticeMax, "privacy.notice.too_long");
  return errors;
}

void AcknowledgeForm::read(web::FormInput& in) {
  notice_id = in.integer("notice_id");
  next = in.text("next");
}

}  // namespace cityskills::consent
