// The site settings as data: read from site_settings (one small query) into this node's
// cache, which keeps them at most a second (decision note 0029), the mail sender, the sign-up
// rule and the contrast check they rely on.
#include <cmath>

#include "features/admin/api.hpp"
#include "features/admin/pages.hpp"
#include "i18n/zones.hpp"
#include "util/strings.hpp"

namespace cityskills::admin {
namespace {

double channel(int v) {
  double c = v / 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

int hex(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

double luminance(std::string_view c) {
  auto byte = [&](std::size_t i) { return hex(c[i]) * 16 + hex(c[i + 1]); };
  return 0.2126 * channel(byte(1)) + 0.7152 * channel(byte(3)) + 0.0722 * channel(byte(5));
}

std::string base64(std::string_view in) {
  static const char* k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                 static_cast<unsigned char>(in[i + 2]);
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
  }
  if (i + 1 == in.size()) {
    unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += {k[v >> 18], k[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
  }
  return out;
}

}  // namespace

bool valid_colour(std::string_view c) {
  if (c.size() != 7 || c[0] != '#') return false;
  for (std::size_t i = 1; i < 7; ++i)
    if (hex(c[i]) < 0) return false;
  return true;
}

double contrast_ratio(std::string_view a, std::string_view b) {
  if (!valid_colour(a) || !valid_colour(b)) return 1.0;
  double la = luminance(a), lb = luminance(b);
  if (la < lb) std::swap(la, lb);
  return (la + 0.05) / (lb + 0.05);
}

SiteSettings site_settings(db::Connection& c) {
  SiteSettings s;
  for (const auto& r : c.query("SELECT name, value, updated_at FROM site_settings")) {
    const auto name = r.str(0), value = r.str(1);
    s.updated_at = std::max(s.updated_at, r.i64(2));
    if (name == "site_name") s.site_name = value;
    else if (name == "logo_id") s.logo_id = util::parse_id(value);
    else if (name == "logo_alt") s.logo_alt = value;
    else if (name == "primary_colour" && valid_colour(value)) s.primary_colour = value;
    else if (name == "footer_links") {
      for (const auto& line : nonempty_lines(value)) {
        auto bar = line.find('|');
        if (bar == std::string::npos) continue;
        s.footer_links.emplace_back(std::string(util::trim(line.substr(0, bar))), std::string(util::trim(line.substr(bar + 1))));
      }
    } else if (name == "contact_email") s.contact_email = value;
    else if (name == "contact_phone") s.contact_phone = value;
    else if (name == "contact_address") s.contact_address = value;
    else if (name == "mail_from_name") s.mail_from_name = value;
    else if (name == "mail_from_address") s.mail_from_address = value;
    else if (name == "default_language") s.default_language = value;
    else if (name == "time_zone" && !value.empty()) s.time_zone = value;
    else if (name == "signup" && !value.empty()) s.signup = value;
    else if (name == "signup_domains") s.signup_domains = nonempty_lines(value);
  }
  return s;
}

namespace {
constexpr const char* kCacheKey = "admin.site_settings";
}

std::shared_ptr<const SiteSettings> site_settings(web::Services& svc) {
  return svc.cache.get<SiteSettings>(kCacheKey, [&] { return site_settings(*svc.db->acquire()); });
}

void settings_changed(web::Services& svc) { svc.cache.drop(kCacheKey); }

std::string site_time_zone(db::Connection& c) {
  auto r = c.one("SELECT value FROM site_settings WHERE name = 'time_zone'");
  auto zone = r ? r->str(0) : std::string();
  return i18n::is_offered_zone(zone) ? zone : std::string(i18n::kDefaultZone);
}

std::string site_zone(const SiteSettings& s) {
  return i18n::is_offered_zone(s.time_zone) ? s.time_zone : std::string(i18n::kDefaultZone);
}

std::string mail_from(const SiteSettings& s, const std::string& fallback) {
  if (s.mail_from_address.empty()) return fallback;
  if (s.mail_from_name.empty()) return s.mail_from_address;
  bool ascii = true;
  for (unsigned char ch : s.mail_from_name) ascii = ascii && ch < 0x80;
  auto name = ascii ? "\"" + s.mail_from_name + "\"" : "=?UTF-8?B?" + base64(s.mail_from_name) + "?=";
  return name + " <" + s.mail_from_address + ">";
}

std::optional<std::string> signup_refusal(const SiteSettings& s, std::string_view email) {
  if (s.signup == "closed") return "admin.signup.closed";
  if (s.signup != "domains") return std::nullopt;
  auto at = email.rfind('@');
  auto domain = at == std::string_view::npos ? std::string() : util::to_lower(email.substr(at + 1));
  for (const auto& d : s.signup_domains)
    if (domain == d) return std::nullopt;
  return "admin.signup.domain_not_allowed";
}

std::vector<std::string> nonempty_lines(const std::string& text) {
  std::vector<std::string> out;
  for (auto line : util::split(text, '\n'))
    if (auto t = util::trim(line); !t.empty()) out.emplace_back(t);
  return out;
}

bool set_logo_unless_set(db::Connection& c, std::int64_t media_id, const std::string& alt) {
  if (c.one("SELECT 1 FROM site_settings WHERE name = 'logo_id'")) return false;
  auto now = util::now_unix();
  for (const auto& [name, value] : {std::pair<std::string, std::string>{"logo_id", std::to_string(media_id)}, {"logo_alt", alt}})
    c.exec("INSERT INTO site_settings (name, value, updated_by, created_at, updated_at) VALUES (?, ?, NULL, ?, ?) "
           "ON CONFLICT (name) DO NOTHING",
           {name, value, now, now});
  return true;
}

}  // namespace cityskills::admin
