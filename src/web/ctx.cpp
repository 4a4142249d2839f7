// The request context handed to every handler: fields and files of the request, the session,
// cookies, and the answers a handler gives (a page in the layout, an error, a redirect).
#include "util/crypto.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/app.hpp"
#include "web/cookies.hpp"
#include "web/login_link.hpp"

namespace cityskills::web {

using namespace cookies;

std::string Ctx::field(std::string_view name) const {
  const std::string* found = nullptr;
  for (const auto& [k, v] : form) {
    if (k != name) continue;
    if (found) throw Reject{400, "errors.duplicate_parameter"};
    found = &v;
  }
  return found ? *found : std::string();
}

std::optional<std::string> Ctx::query_value(std::string_view name) const {
  std::optional<std::string> out;
  for (const auto& [k, v] : query) {
    if (k != name) continue;
    if (out) throw Reject{400, "errors.duplicate_parameter"};
    out = v;
  }
  return out;
}

const UploadedFile* Ctx::file(std::string_view name) const {
  auto it = files.find(std::string(name));
  return it == files.end() ? nullptr : &it->second;
}

std::int64_t Ctx::path_id(std::string_view name) const {
  auto it = path_params.find(std::string(name));
  if (it == path_params.end()) throw Reject{404, "errors.not_found"};
  auto id = util::parse_id(it->second);
  if (!id) throw Reject{404, "errors.not_found"};
  return *id;
}

std::string Ctx::csrf_token() const {
  auto* self = const_cast<Ctx*>(this);
  std::string anchor;
  if (session) {
    anchor = "s|" + session->token;
  } else {
    if (pre_session.empty()) {
      self->pre_session = crypto::random_token(32);
      self->set_cookie(kPreCookie, pre_session, 0);
    }
    anchor = "p|" + pre_session;
  }
  return crypto::hmac_hex(svc.secret, "csrf|" + anchor);
}

void Ctx::set_cookie(std::string_view name, std::string_view value, std::int64_t max_age, bool http_only) {
  std::string c = std::string(name) + "=" + std::string(value) + "; Path=/; SameSite=Lax";
  if (max_age > 0) c += "; Max-Age=" + std::to_string(max_age);
  if (max_age < 0) c += "; Max-Age=0";
  if (http_only) c += "; HttpOnly";
  if (is_https(svc)) c += "; Secure";
  set_cookies.push_back(std::move(c));
}

void Ctx::remember_locale(std::string_view lang) {
  locale = std::string(lang);
  set_cookie(kLangCookie, locale, 365 * 24 * 3600);
}

void Ctx::start_session(std::int64_t user_id) {
  end_session();
  Session s{crypto::random_token(32), user_id};
  auto now = util::now_unix();
  auto c = svc.db->acquire();
  c->exec(
      "INSERT INTO sessions (id_hash, user_id, created_at, updated_at, expires_at, ip, user_agent) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {crypto::sha256_hex(s.token), user_id, now, now, now + kSessionLifetime, req.remote_ip,
       std::string(req.header("user-agent").substr(0, 300))});
  set_cookie(kSessionCookie, s.token, kSessionLifetime);
  session = std::move(s);
}

void Ctx::end_session() {
  if (!session) return;
  auto c = svc.db->acquire();
  c->exec("DELETE FROM sessions WHERE id_hash = ?", {crypto::sha256_hex(session->token)});
  session.reset();
  user.reset();
  set_cookie(kSessionCookie, "", -1);
}

std::optional<http::Response> Ctx::require_user() {
  if (user) return std::nullopt;
  std::string next = req.path;
  if (!req.query.empty()) next += "?" + req.query;
  return redirect(login_link(next));
}

std::optional<http::Response> Ctx::require_platform_admin() {
  if (auto r = require_user()) return r;
  if (!user->platform_admin) return error(403, "errors.forbidden");
  return std::nullopt;
}

http::Response Ctx::page(std::string_view title, std::string_view tmpl, view::Data data, int status) {
  // Only pages that show a form get a CSRF token (and so, for visitors, the anonymous cookie):
  // the template is rendered with a stand-in, which is replaced when a form on the page used
  // it. A visitor's page whose forms are all for signed-in people sets no cookie and can be
  // shared (decision note 0037). The stand-in is random per process: no content can name it.
  static const std::string stand_in = "csrf-" + crypto::random_token(18);
  bool forms = view::uses_variable(locale, tmpl, "csrf");
  if (forms) data.set("csrf", stand_in);
  std::string content = view::render(locale, tmpl, data);
  if (forms && content.find(stand_in) != std::string::npos) {
    std::string token = csrf_token();
    for (auto at = content.find(stand_in); at != std::string::npos; at = content.find(stand_in, at + token.size()))
      content.replace(at, stand_in.size(), token);
  }

  view::Data layout;
  layout.set("lang", locale);
  layout.set("title", std::string(title));
  layout.set("content", content);
  if (user) layout.set("csrf", csrf_token());
  if (auto it = svc.manifest.find("app.css"); it != svc.manifest.end()) layout.set("css", it->second);
  if (auto it = svc.manifest.find("app.js"); it != svc.manifest.end()) layout.set("js", it->second);
  if (user) {
    view::Data u;
    u.set("display_name", user->display_name);
    u.set("platform_admin", user->platform_admin);
    u.set("can_admin", user->platform_admin || user->org_admin);
    u.set("publisher", user->publisher);
    u.set("moderator", user->moderator);
    u.set("manages", user->publisher || user->moderator || user->platform_admin || user->org_admin);
    // What waits for a moderator came with the session (App::load_session).
    if (user->moderator) {
      u.set("open_reports", std::to_string(user->open_reports));
      u.set("pending_practices", std::to_string(user->pending_practices));
    }
    layout.set("user", std::move(u));
  }
  view::List feed_links;
  for (const auto& [feed_title, href] : feeds) {
    view::Data f;
    f.set("title", feed_title);
    f.set("href", href);
    f.set("type", href.ends_with(".atom") ? "application/atom+xml" : "text/calendar");
    feed_links.push_back(std::move(f));
  }
  layout.set("feeds", std::move(feed_links));
  if (!flash_key.empty()) {
    layout.set("flash", t(flash_key));
    flash_shown = true;
  }
  // Language switcher: the same page (path and query) in each language.
  view::List langs;
  for (auto l : i18n::kLocales) {
    std::string q;
    for (const auto& [k, v] : query)
      if (k != "lang") q += http::percent_encode(k) + "=" + http::percent_encode(v) + "&";
    view::Data item;
    item.set("code", std::string(l));
    item.set("name", std::string(i18n::native_name(l)));
    item.set("href", req.path + "?" + q + "lang=" + std::string(l));
    item.set("current", l == locale);
    langs.push_back(std::move(item));
  }
  layout.set("languages", std::move(langs));
  for (const auto& decorate : svc.page_decorators) {
    try {
      decorate(*this, layout);
    } catch (const std::exception& e) {
      // An error page for an unavailable database must still render.
      log::warn("page decorator failed", "\"request_id\":\"" + req.request_id + "\",\"error\":\"" +
                                             util::json_escape(e.what()) + "\"");
    }
  }
  http::Response r;
  r.status = status;
  r.body = view::render(locale, "layout", layout);
  r.set("content-type", "text/html; charset=utf-8");
  return r;
}

http::Response Ctx::problem(int status, std::string_view detail_key, const i18n::Args& args, std::string_view extra) {
  std::string title_key = "errors.title." + std::to_string(status);
  std::string title = i18n::has(locale, title_key) ? t(title_key) : t("errors.title.generic");
  std::string body = "{\"type\":\"about:blank\",\"status\":" + std::to_string(status) + ",\"title\":\"" +
                     util::json_escape(title) + "\",\"detail\":\"" + util::json_escape(t(detail_key, args)) +
                     "\",\"code\":\"" + util::json_escape(detail_key) + "\"";
  if (status >= 500) body += ",\"incident\":\"" + util::json_escape(req.request_id) + "\"";
  if (!extra.empty()) body += "," + std::string(extra);
  body += "}";
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  r.set("content-type", "application/problem+json");
  r.set("content-language", locale);
  if (status == 401) r.set("www-authenticate", "Bearer realm=\"api\"");
  return r;
}

http::Response Ctx::error(int status, std::string_view message_key) {
  if (problem_json) return problem(status, message_key);
  view::Data d;
  d.set("status", std::to_string(status));
  d.set("message", t(message_key));
  if (status >= 500) d.set("incident", req.request_id);
  std::string title_key = "errors.title." + std::to_string(status);
  std::string title = i18n::has(locale, title_key) ? t(title_key) : t("errors.title.generic");
  d.set("heading", title);
  return page(title, "error", d, std::move(status));
}

http::Response Ctx::too_many(std::string_view message_key, int retry_after_seconds) {
  auto r = error(429, message_key);
  r.set("retry-after", std::to_string(retry_after_seconds));
  return r;
}

std::string client_ip(const http::Request& req, const std::vector<std::string>& trusted) {
  auto is_trusted = [&](std::string_view ip) {
    for (const auto& t : trusted)
      if (t == ip) return true;
    return false;
  };
  if (!is_trusted(req.remote_ip)) return req.remote_ip;
  auto hops = util::split(req.header("x-forwarded-for"), ',');
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    auto hop = util::trim(*it);
    if (hop.empty()) continue;
    if (!is_trusted(hop)) return std::string(hop);
  }
  return req.remote_ip;
}

}  // namespace cityskills::web
