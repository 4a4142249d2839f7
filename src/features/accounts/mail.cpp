// The e-mails accounts queues (mails.hpp and api.hpp) and the job that delivers every queued
// e-mail of the platform.
#include <boost/json.hpp>

#include "features/accounts/api.hpp"
#include "features/accounts/mails.hpp"
#include "features/accounts/store.hpp"
#include "features/accounts/throttles.hpp"
#include "features/admin/api.hpp"
#include "jobs/jobs.hpp"

namespace cityskills::accounts {
namespace {

std::string lang_of(const Account& a, const std::string& fallback) { return i18n::supported(a.lang) ? a.lang : fallback; }

}  // namespace

bool send_verification_mail(db::Connection& c, const Account& a, const std::string& fallback_lang,
                            const std::string& base_url) {
  if (!allow_account_mail(c, a.id, a.email)) return false;
  auto token = store::issue_token(c, a.id, "verify_email", kVerifyTtl);
  auto lang = lang_of(a, fallback_lang);
  queue_mail(c, a.email, i18n::t(lang, "mail.verify.subject"),
             i18n::t(lang, "mail.verify.body",
                     {{"name", a.display_name}, {"link", base_url + "/verify-email?token=" + token}, {"hours", "48"}}));
  return true;
}

bool send_reset_mail(db::Connection& c, const Account& a, const std::string& fallback_lang, const std::string& base_url) {
  if (!allow_account_mail(c, a.id, a.email)) return false;
  auto token = store::issue_token(c, a.id, "reset_password", kResetTtl);
  auto lang = lang_of(a, fallback_lang);
  queue_mail(c, a.email, i18n::t(lang, "mail.reset.subject"),
             i18n::t(lang, "mail.reset.body", {{"name", a.display_name},
                                               {"link", base_url + "/password-reset/confirm?token=" + token},
                                               {"minutes", "60"}}));
  return true;
}

void send_already_registered_mail(db::Connection& c, const Account& a, const std::string& fallback_lang,
                                  const std::string& base_url) {
  if (!allow_account_mail(c, a.id, a.email)) return;
  auto lang = lang_of(a, fallback_lang);
  queue_mail(c, a.email, i18n::t(lang, "mail.exists.subject"),
             i18n::t(lang, "mail.exists.body",
                     {{"name", a.display_name}, {"login", base_url + "/login"}, {"reset", base_url + "/password-reset"}}));
}

bool mail_verification_link(db::Connection& c, std::int64_t user_id, const std::string& base_url) {
  auto a = store::find_by_id(c, user_id);
  if (!a || a->verified || a->disabled) return false;
  return send_verification_mail(c, *a, std::string(i18n::kDefaultLocale), base_url);
}

bool mail_reset_link(db::Connection& c, std::int64_t user_id, const std::string& base_url) {
  auto a = store::find_by_id(c, user_id);
  if (!a || a->disabled) return false;
  return send_reset_mail(c, *a, std::string(i18n::kDefaultLocale), base_url);
}

void queue_mail(db::Connection& c, const std::string& to, const std::string& subject, const std::string& text,
                const std::vector<mail::Attachment>& attachments) {
  boost::json::object o;
  o["to"] = to;
  o["subject"] = subject;
  o["text"] = text;
  boost::json::array files;
  for (const auto& a : attachments)
    files.push_back(boost::json::object{{"filename", a.filename}, {"type", a.content_type}, {"data", a.data}});
  if (!files.empty()) o["attachments"] = std::move(files);
  // The sender the administrators chose, fixed when the message is queued.
  if (auto from = admin::mail_from(admin::site_settings(c), ""); !from.empty()) o["from"] = from;
  jobs::enqueue(c, "mail", boost::json::serialize(o));
}

void deliver_mail_job(const web::Config& config, const std::string& payload) {
  auto v = boost::json::parse(payload).as_object();
  mail::Message m{std::string(v.at("to").as_string()), std::string(v.at("subject").as_string()),
                  std::string(v.at("text").as_string()), {}};
  if (auto* files = v.if_contains("attachments"))
    for (const auto& f : files->as_array()) {
      const auto& o = f.as_object();
      m.attachments.push_back({std::string(o.at("filename").as_string()), std::string(o.at("type").as_string()),
                               std::string(o.at("data").as_string())});
    }
  auto settings = config.mail;
  if (auto* from = v.if_contains("from"); from && from->is_string()) settings.from = std::string(from->as_string());
  mail::deliver(settings, m);
}

}  // namespace cityskills::accounts
