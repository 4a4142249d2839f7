// /admin/settings: the site's name, logo, colour, footer, contacts, mail sender, default
// language and time zone, and who may sign up. The layout shows them on every page; the
// colour is served as a small stylesheet (/theme.css) so the CSP needs no inline style.
#include <algorithm>
#include <cmath>
#include <map>

#include "features/admin/api.hpp"
#include "features/admin/pages.hpp"
#include "i18n/i18n.hpp"
#include "i18n/zones.hpp"
#include "media/media.hpp"
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/forms.hpp"
#include "web/logo_upload.hpp"
#include "web/validate.hpp"

namespace cityskills::admin {
namespace {

using http::Response;
using web::Ctx;
using web::FormErrors;

constexpr std::size_t kMaxFooterLinks = 8;
constexpr std::size_t kMaxDomains = 50;
const std::vector<std::string> kSignupModes = {"open", "closed", "domains"};

bool safe_line(std::string_view s) {
  for (unsigned char ch : s)
    if (ch < 0x20 || ch == 0x7f) return false;
  return util::valid_utf8(s);
}

bool valid_domain(std::string_view d) {
  if (d.size() < 3 || d.size() > 253 || d.find('.') == std::string_view::npos || d.front() == '.' || d.back() == '.' ||
      d.front() == '-')
    return false;
  for (char ch : d)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '.')) return false;
  return d.find("..") == std::string_view::npos;
}

// The form: every field named once; `check` is pure.
struct SettingsForm {
  std::string site_name, primary_colour, footer_links, contact_email, contact_phone, contact_address, mail_from_name,
      mail_from_address, default_language, time_zone, signup, signup_domains;
  void read(web::FormInput& in) {
    site_name = in.trimmed("site_name");
    primary_colour = util::to_lower(in.trimmed("primary_colour"));
    footer_links = in.text("footer_links");
    contact_email = util::to_lower(in.trimmed("contact_email"));
    contact_phone = in.trimmed("contact_phone");
    contact_address = in.trimmed("contact_address");
    mail_from_name = in.trimmed("mail_from_name");
    mail_from_address = util::to_lower(in.trimmed("mail_from_address"));
    default_language = in.trimmed("default_language");
    time_zone = in.trimmed("time_zone");
    signup = in.trimmed("signup");
    signup_domains = util::to_lower(in.text("signup_domains"));
  }
  std::vector<std::pair<std::string, std::string>> values() const {
    return {{"site_name", site_name},          {"primary_colour", primary_colour},
            {"footer_links", footer_links},    {"contact_email", contact_email},
            {"contact_phone", contact_phone},  {"contact_address", contact_address},
            {"mail_from_name", mail_from_name}, {"mail_from_address", mail_from_address},
            {"default_language", default_language}, {"time_zone", time_zone},
            {"signup", signup},                {"signup_domains", signup_domains}};
  }
};

FormErrors check(const SettingsForm& f) {
  FormErrors e;
  if (util::utf8_length(f.site_name) > 80 || !safe_line(f.site_name))
    e.add("site_name", "admin.settings.name_invalid", {{"max", "80"}});
  if (!f.primary_colour.empty()) {
    if (!valid_colour(f.primary_colour)) {
      e.add("primary_colour", "admin.settings.colour_invalid");
    } else {
      auto ratio = contrast_ratio(f.primary_colour, "#ffffff");
      if (ratio < 4.5) {
        char ratio_buf[16];
        std::snprintf(ratio_buf, sizeof ratio_buf, "%.2f", std::floor(ratio * 100) / 100);
        e.add("primary_colour", "admin.settings.contrast_low", {{"ratio", ratio_buf}});
      }
    }
  }
  auto links = nonempty_lines(f.footer_links);
  if (links.size() > kMaxFooterLinks) e.add("footer_links", "admin.settings.too_many_links", {{"max", std::to_string(kMaxFooterLinks)}});
  for (std::size_t i = 0; i < links.size() && e.key("footer_links").empty(); ++i) {
    auto bar = links[i].find('|');
    auto label = bar == std::string::npos ? std::string_view() : util::trim(std::string_view(links[i]).substr(0, bar));
    auto url = bar == std::string::npos ? std::string_view() : util::trim(std::string_view(links[i]).substr(bar + 1));
    FormErrors url_check;
    if (label.empty() || util::utf8_length(label) > 60 || !safe_line(label) || !web::check_url(url_check, "x", url, true))
      e.add("footer_links", "admin.settings.link_invalid", {{"line", std::to_string(i + 1)}});
  }
  if (!f.contact_email.empty() && web::check_email(f.contact_email)) e.add("contact_email", "admin.settings.email_invalid");
  if (f.contact_phone.size() > 40 || std::any_of(f.contact_phone.begin(), f.contact_phone.end(), [](char ch) {
        return !((ch >= '0' && ch <= '9') || ch == ' ' || ch == '+' || ch == '(' || ch == ')' || ch == '-' || ch == '.');
      }))
    e.add("contact_phone", "admin.settings.phone_invalid");
  if (util::utf8_length(f.contact_address) > 300 || !util::valid_utf8(f.contact_address))
    e.add("contact_address", "admin.settings.address_invalid", {{"max", "300"}});
  if (util::utf8_length(f.mail_from_name) > 80 || !safe_line(f.mail_from_name) ||
      f.mail_from_name.find_first_of("\"\\<>") != std::string::npos)
    e.add("mail_from_name", "admin.settings.sender_name_invalid");
  if (!f.mail_from_address.empty() && web::check_email(f.mail_from_address))
    e.add("mail_from_address", "admin.settings.email_invalid");
  if (!f.mail_from_name.empty() && f.mail_from_address.empty())
    e.add("mail_from_address", "admin.settings.sender_address_required");
  if (!f.default_language.empty()) web::check_choice(e, "default_language", f.default_language, i18n::kLocales);
  web::check_choice(e, "time_zone", f.time_zone, i18n::offered_zones());
  web::check_choice(e, "signup", f.signup, kSignupModes);
  auto domains = nonempty_lines(f.signup_domains);
  if (domains.size() > kMaxDomains) e.add("signup_domains", "admin.settings.too_many_domains", {{"max", std::to_string(kMaxDomains)}});
  for (std::size_t i = 0; i < domains.size() && e.key("signup_domains").empty(); ++i) {
    auto d = domains[i];
    if (d.starts_with("@")) d = d.substr(1);
    if (!valid_domain(d)) e.add("signup_domains", "admin.settings.domain_invalid", {{"line", std::to_string(i + 1)}});
  }
  if (f.signup == "domains" && domains.empty()) e.add("signup_domains", "admin.settings.domains_required");
  return e;
}

view::Data form_data(Ctx& ctx, const SettingsForm& f, const SiteSettings& current) {
  view::Data d;
  for (const auto& [k, v] : f.values()) d.set(k, v);
  d.set("default_site_name", ctx.t("site.name"));
  auto langs = web::language_names();
  langs.insert(langs.begin(), {"", ctx.t("admin.settings.language_browser")});
  d.set("languages", web::options(langs, f.default_language));
  d.set("zones", web::options(i18n::zone_choices(ctx.locale, util::now_unix()), f.time_zone));
  view::List modes;
  for (const auto& m : kSignupModes) {
    view::Data o;
    o.set("value", m);
    o.set("label", ctx.t("admin.settings.signup." + m));
    o.set("checked", m == f.signup);
    modes.push_back(std::move(o));
  }
  d.set("signup_modes", std::move(modes));
  if (current.logo_id) {
    d.set("logo", "/site/logo?v=" + std::to_string(*current.logo_id));
    d.set("logo_alt", current.logo_alt);
  }
  d.set("logo_max_kb", std::to_string(web::kLogoMaxBytes / 1024));
  return d;
}

SettingsForm form_of(const SiteSettings& s, db::Connection& c) {
  SettingsForm f;
  std::map<std::string, std::string> raw;
  for (const auto& r : c.query("SELECT name, value FROM site_settings")) raw[r.str(0)] = r.str(1);
  f.site_name = s.site_name;
  f.primary_colour = s.primary_colour;
  f.footer_links = raw["footer_links"];
  f.contact_email = s.contact_email;
  f.contact_phone = s.contact_phone;
  f.contact_address = s.contact_address;
  f.mail_from_name = s.mail_from_name;
  f.mail_from_address = s.mail_from_address;
  f.default_language = s.default_language;
  f.time_zone = s.time_zone;
  f.signup = s.signup;
  f.signup_domains = raw["signup_domains"];
  return f;
}

Response settings_page(Ctx& ctx, const SettingsForm& f, const FormErrors& errors, int status,
                       const FormErrors& logo_errors = {}, const std::string& logo_alt_entered = "") {
  auto c = ctx.db().acquire();
  auto d = form_data(ctx, f, site_settings(*c));
  errors.into(d, ctx);
  logo_errors.into(d, ctx);
  if (!logo_alt_entered.empty()) d.set("logo_alt_entered", logo_alt_entered);
  return ctx.page(ctx.t("admin.settings.title"), "admin/settings", d, std::move(status));
}

Response show(Ctx& ctx) {
  auto c = ctx.db().acquire();
  auto f = form_of(site_settings(*c), *c);
  return settings_page(ctx, f, {}, 200);
}

void put(db::Connection& c, const std::string& name, const std::string& value, std::int64_t by, std::int64_t now) {
  c.exec("INSERT INTO site_settings (name, value, updated_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
         "ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, "
         "updated_at = excluded.updated_at",
         {name, value, by, now, now});
}

Response save(Ctx& ctx) {
  auto f = web::read_form<SettingsForm>(ctx);
  auto errors = check(f);
  if (!errors.empty()) return settings_page(ctx, f, errors, 422);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    std::map<std::string, std::string> before;
    for (const auto& r : c.query("SELECT name, value FROM site_settings")) before[r.str(0)] = r.str(1);
    auto now = util::now_unix();
    std::string changed;
    for (const auto& [k, v] : f.values()) {
      auto it = before.find(k);
      if (it != before.end() && it->second == v) continue;
      if (it == before.end() && v.empty()) continue;
      put(c, k, v, ctx.user->id, now);
      changed += (changed.empty() ? "" : " ") + k;
    }
    if (!changed.empty()) audit(c, ctx.user->id, {"settings.update", "setting", 0, "", changed});
    return true;
  });
  settings_changed(ctx.svc);  // this node shows the change at once, the others within a second
  log::info("site settings saved", "\"request_id\":\"" + ctx.req.request_id + "\",\"actor_id\":" + std::to_string(ctx.user->id));
  ctx.flash("common.saved");
  return ctx.redirect("/admin/settings");
}

struct LogoForm {
  const web::UploadedFile* logo = nullptr;
  std::string alt;
  void read(web::FormInput& in) {
    logo = in.file("logo");
    alt = in.trimmed("logo_alt");
  }
};

Response save_logo(Ctx& ctx) {
  auto form = web::read_form<LogoForm>(ctx);
  SettingsForm f;
  {
    auto c = ctx.db().acquire();
    f = form_of(site_settings(*c), *c);
  }
  FormErrors e;
  if (form.alt.empty()) e.add("logo_alt", "admin.settings.logo_alt_required");
  else if (util::utf8_length(form.alt) > 150 || !safe_line(form.alt)) e.add("logo_alt", "admin.settings.logo_alt_invalid", {{"max", "150"}});
  if (!form.logo) e.add("logo", "admin.settings.logo_required");
  if (!e.empty()) return settings_page(ctx, f, {}, 422, e, form.alt);
  auto stored = web::store_logo(ctx, form.logo, media::image_policy().extensions, std::nullopt, "logo", e);
  if (!stored.media_id) return settings_page(ctx, f, {}, stored.status, e, form.alt);
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto now = util::now_unix();
    put(c, "logo_id", std::to_string(*stored.media_id), ctx.user->id, now);
    put(c, "logo_alt", form.alt, ctx.user->id, now);
    audit(c, ctx.user->id, {"settings.logo", "setting", 0, "", "media=" + std::to_string(*stored.media_id)});
    return true;
  });
  settings_changed(ctx.svc);  // this node shows the change at once, the others within a second
  ctx.flash("admin.settings.logo_saved");
  return ctx.redirect("/admin/settings");
}

Response remove_logo(Ctx& ctx) {
  web::allow_fields(ctx, {});
  ctx.db().tx(db::TxKind::kWrite, [&](db::Connection& c) {
    c.exec("DELETE FROM site_settings WHERE name IN ('logo_id', 'logo_alt')");
    audit(c, ctx.user->id, {"settings.logo_remove", "setting", 0, "", ""});
    return true;
  });
  settings_changed(ctx.svc);  // this node shows the change at once, the others within a second
  ctx.flash("admin.settings.logo_removed");
  return ctx.redirect("/admin/settings");
}

Response logo(Ctx& ctx) {
  auto s = site_settings(ctx.svc);
  if (!s->logo_id) return ctx.error(404, "errors.not_found");
  auto item = media::find(*ctx.db().acquire(), *s->logo_id);
  if (!item || item->kind != "image") return ctx.error(404, "errors.not_found");
  return media::respond(*item, ctx.svc.config.data_dir, ctx.req);
}

std::string theme_css(const SiteSettings& s) {
  std::string css = ".cs-logo{height:3rem;width:auto;margin-right:.5rem;vertical-align:middle}\n";
  if (!s.primary_colour.empty()) {
    const auto& p = s.primary_colour;
    css += ":root{--cs-primary:" + p + "}\n"
           ".it-header-slim-wrapper,.it-header-center-wrapper,.it-header-navbar-wrapper,.it-footer-main{background-color:" + p + "}\n"
           ".btn-primary{background-color:" + p + ";border-color:" + p + "}\n"
           "main a:not(.btn){color:" + p + "}\n";
  }
  return css;
}

// Revalidated by ETag on each use (no-cache): a new colour shows on the next page, on every
// node within a second.
Response theme(Ctx& ctx) {
  auto css = theme_css(*site_settings(ctx.svc));
  auto etag = "\"" + crypto::sha256_hex(css).substr(0, 16) + "\"";
  Response r;
  r.set("etag", etag);
  r.set("cache-control", "no-cache");
  if (ctx.req.header("if-none-match") == etag) {
    r.status = 304;
    return r;
  }
  r.status = 200;
  r.body = css;
  r.set("content-type", "text/css; charset=utf-8");
  return r;
}

// What every page's layout shows of the settings.
void decorate(Ctx& ctx, view::Data& layout) {
  auto cached = site_settings(ctx.svc);
  const auto& s = *cached;
  if (!s.site_name.empty()) layout.set("site_name", s.site_name);
  if (s.logo_id) {
    layout.set("site_logo", "/site/logo?v=" + std::to_string(*s.logo_id));
    layout.set("site_logo_alt", s.logo_alt);
  }
  layout.set("theme_css", "/theme.css?v=" + crypto::sha256_hex(theme_css(s)).substr(0, 12));
  view::List links;
  for (const auto& [label, url] : s.footer_links) {
    view::Data l;
    l.set("label", label);
    l.set("url", url);
    links.push_back(std::move(l));
  }
  layout.set("footer_links", std::move(links));
  if (!s.contact_email.empty() || !s.contact_phone.empty() || !s.contact_address.empty()) {
    view::Data contact;
    if (!s.contact_email.empty()) contact.set("email", s.contact_email);
    if (!s.contact_phone.empty()) contact.set("phone", s.contact_phone);
    if (!s.contact_address.empty()) contact.set("address", s.contact_address);
    layout.set("site_contact", std::move(contact));
  }
}

}  // namespace

void register_settings_routes(web::App& app) {
  auto& svc = app.services();
  svc.page_decorators.emplace_back(decorate);
  // The administrators' default language (asked for only for visitors whose browser names
  // none the site has) and the site's time zone, from this node's copy of the settings.
  auto choice = [&svc](std::string SiteSettings::*field, std::string_view what) {
    return [&svc, field, what]() -> std::string {
      if (!svc.db) return "";
      try {
        return (*site_settings(svc)).*field;
      } catch (const db::Error& e) {
        log::warn(std::string(what) + " unavailable", "\"error\":\"" + util::json_escape(e.what()) + "\"");
        return "";
      }
    };
  };
  svc.default_locale = choice(&SiteSettings::default_language, "default language");
  svc.time_zone = [zone = choice(&SiteSettings::time_zone, "site time zone")] {
    auto z = zone();
    return i18n::is_offered_zone(z) ? z : std::string(i18n::kDefaultZone);
  };
  app.route("GET", "/admin/settings", web::Access::kPlatformAdmin, show);
  app.route("POST", "/admin/settings", web::Access::kPlatformAdmin, save);
  app.route("POST", "/admin/settings/logo", web::Access::kPlatformAdmin, save_logo, web::logo_upload_route());
  app.route("POST", "/admin/settings/logo/remove", web::Access::kPlatformAdmin, remove_logo);
  app.route("GET", "/site/logo", web::Access::kAnyone, logo);
  app.route("GET", "/theme.css", web::Access::kAnyone, theme);
}

}  // namespace cityskills::admin
