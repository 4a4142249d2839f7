#include "web/app.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>

#include "http/file_sent.hpp"
#include "http/multipart.hpp"
#include "http/static_files.hpp"
#include "util/crypto.hpp"
#include "util/gzip.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/cluster.hpp"
#include "web/cookies.hpp"
#include "web/delivery.hpp"
#include "web/shared_pages.hpp"
#include "web/throttle.hpp"

namespace cityskills::web {
namespace {

using namespace cookies;

bool state_changing(std::string_view m) { return m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE"; }

bool valid_key(std::string_view k) {
  if (k.empty() || k.size() > 100) return false;
  for (char c : k)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.')) return false;
  return true;
}

std::vector<std::string> split_path(std::string_view p) {
  std::vector<std::string> out;
  for (auto s : util::split(p, '/'))
    if (!s.empty()) out.emplace_back(s);
  return out;
}


// The origin a same-site form is posted from: the public URL's scheme with the Host asked for.
std::string expected_origin(const Services& s, std::string_view host) {
  return std::string(is_https(s) ? "https://" : "http://") + util::to_lower(host);
}

// The media type of a Content-Type value, without parameters, lower-case.
std::string media_type(std::string_view content_type) {
  auto semi = content_type.find(';');
  return util::to_lower(util::trim(content_type.substr(0, semi)));
}

// An upload's body file mapped read-only, so that multipart parts are views into it
// without holding the whole file in memory.
struct MappedFile {
  void* data = MAP_FAILED;
  std::size_t size = 0;
  ~MappedFile() {
    if (data != MAP_FAILED) ::munmap(data, size);
  }
};

std::shared_ptr<const MappedFile> map_file(const std::string& path, std::size_t size) {
  auto m = std::make_shared<MappedFile>();
  if (size == 0) return m;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  m->data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (m->data == MAP_FAILED) return nullptr;
  m->size = size;
  return m;
}

// The administrators' default language when it is one the site has, else the built-in one.
std::string default_locale(const Services& svc) {
  auto lang = svc.default_locale ? svc.default_locale() : std::string();
  return i18n::supported(lang) ? lang : std::string(i18n::kDefaultLocale);
}

// Whether an Accept-Language header names `locale` (negotiate's answer when it names none).
bool names_locale(std::string_view header, std::string_view locale) {
  for (auto part : util::split(header, ',')) {
    auto tag = util::to_lower(util::trim(part.substr(0, part.find(';'))));
    if (tag.substr(0, tag.find('-')) == locale) return true;
  }
  return false;
}

}  // namespace

// ---- App -------------------------------------------------------------------------------

std::string_view access_name(Access a) {
  switch (a) {
    case Access::kAnyone: return "anyone";
    case Access::kSignedIn: return "signed-in";
    case Access::kPublisher: return "publisher";
    case Access::kModerator: return "moderator";
    case Access::kOrgAdmin: return "org-admin";
    case Access::kPlatformAdmin: return "platform-admin";
    case Access::kToken: return "token";
  }
  return "?";
}


App::App(Services& s) : svc_(s) {
  http::set_file_sent_observer(file_sent);
}

void App::route(std::string method, std::string pattern, Access access, Handler h, RouteOptions opt) {
  auto segments = split_path(pattern);
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(segments), access, std::move(h), std::move(opt)});
}

std::vector<RouteInfo> App::routes() const {
  std::vector<RouteInfo> out;
  for (const auto& r : routes_) out.push_back(RouteInfo{r.method, r.pattern, r.access, r.opt});
  return out;
}

const App::Route* App::match(const std::string& method, const std::string& path,
                             std::map<std::string, std::string>& params, std::string& allow) const {
  auto segs = split_path(path);
  const Route* found = nullptr;
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::map<std::string, std::string> p;
    bool ok = true;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      const auto& pat = r.segments[i];
      if (pat.size() > 2 && pat.front() == '{' && pat.back() == '}') p[pat.substr(1, pat.size() - 2)] = segs[i];
      else ok = pat == segs[i];
    }
    if (!ok) continue;
    bool method_ok = r.method == method || (method == "HEAD" && r.method == "GET");
    if (method_ok && !found) {
      found = &r;
      params = std::move(p);
    }
    if (allow.find(r.method) == std::string::npos) allow += (allow.empty() ? "" : ", ") + r.method;
    if (r.method == "GET" && allow.find("HEAD") == std::string::npos) allow += ", HEAD";
  }
  return found;
}

http::Response App::protocol_error(int status, const http::Request& req) {
  http::Request copy = req;
  if (copy.path.empty()) copy.path = "/";
  Ctx ctx(copy, svc_);
  ctx.locale = i18n::negotiate(req.header("accept-language"));
  std::map<std::string, std::string> params;
  std::string allow;
  if (const auto* route = match(copy.method, copy.path, params, allow)) ctx.problem_json = route->access == Access::kToken;
  std::string key = status == 408 ? "errors.timeout" : status == 413 ? "errors.too_large"
                  : status == 414 ? "errors.uri_too_long" : status == 431 ? "errors.headers_too_large"
                  : status == 405 ? "errors.method_not_allowed" : status == 411 ? "errors.length_required"
                  : status == 503 ? "errors.busy" : status == 507 ? "errors.storage_full"
                  : status == 500 ? "errors.internal" : "errors.bad_request";
  http::Response res = ctx.error(status, key);
  if (status == 503) res.set("retry-after", "30");
  res.close = true;
  security_headers(res, is_https(svc_));
  return res;
}

namespace {
std::atomic<bool> g_draining{false};

// A request id chosen by a trusted proxy (nginx's $request_id) is kept, so one id follows the
// request through both logs; anything else gets a fresh one.
bool usable_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_')) return false;
  return true;
}
}  // namespace

void start_draining() { g_draining = true; }
bool draining() { return g_draining; }

void App::begin(http::Request& req) const {
  const auto& proxies = svc_.config.trusted_proxies;
  bool from_proxy = std::find(proxies.begin(), proxies.end(), req.remote_ip) != proxies.end();
  auto forwarded_id = req.header("x-request-id");
  req.request_id = from_proxy && usable_request_id(forwarded_id) ? std::string(forwarded_id) : crypto::random_token(9);
  if (!proxies.empty()) req.remote_ip = client_ip(req, proxies);
}

std::optional<http::Response> App::handle_static(http::Request& req) {
  if (!svc_.assets) return std::nullopt;
  auto t0 = std::chrono::steady_clock::now();
  auto res = svc_.assets->serve(req);
  if (!res) return std::nullopt;
  begin(req);
  res->set("x-request-id", req.request_id);
  log_access(req, *res, t0, 0);
  return res;
}

http::Response App::handle(http::Request& req) {
  auto t0 = std::chrono::steady_clock::now();
  begin(req);
  db::Database::RequestScope one_connection(*svc_.db);
  http::Response res;
  Ctx ctx(req, svc_);
  try {
    res = dispatch(ctx);
  } catch (const Reject& r) {
    res = ctx.error(r.status, r.message_key);
  } catch (const db::Unavailable& e) {
    log::warn("store unavailable", "\"request_id\":\"" + req.request_id + "\",\"error\":\"" +
                                       util::json_escape(e.what()) + "\"");
    res = e.storage_full() ? ctx.error(507, "errors.storage_full") : ctx.error(503, "errors.unavailable");
    res.set("retry-after", e.storage_full() ? "60" : "5");
  } catch (const std::exception& e) {
    log::error("request failed", "\"request_id\":\"" + req.request_id + "\",\"error\":\"" +
                                     util::json_escape(e.what()) + "\"");
    try {
      res = ctx.error(500, "errors.internal");
    } catch (...) {
      res = http::Response::text(500, "Internal error. Incident " + req.request_id);
    }
  }
  // What this node wrote shows on its next page: no shared copy of a page outlives a change.
  if (state_changing(req.method) && res.status < 400) svc_.pages.drop_all();
  finish(ctx, res);
  res.set("x-request-id", req.request_id);
  // Statements this request sent (each a round trip on PostgreSQL): in the access log, and in a
  // Server-Timing header where the operator asked for it (the tests count them per page).
  auto statements = one_connection.statements();
  if (svc_.config.server_timing) res.set("server-timing", "db;desc=\"" + std::to_string(statements) + " statements\"");
  if (hand_to_proxy(svc_.config.data_dir, res))
    log_access(req, res.status, 0, t0, ctx.user ? ctx.user->id : 0, statements, "proxy");
  else
    log_access(req, res, t0, ctx.user ? ctx.user->id : 0, statements);
  return res;
}

std::optional<http::Response> App::prepare(Ctx& ctx) {
  auto& req = ctx.req;
  auto q = http::parse_form(req.query);
  auto cookies = parse_cookies(req.header("cookie"));
  if (!q) {
    ctx.locale = i18n::negotiate(req.header("accept-language"));
    return ctx.error(400, "errors.bad_request");
  }
  ctx.query = std::move(*q);

  // Session: unknown, expired or tampered cookies are simply anonymous.
  if (auto it = cookies.find(std::string(kSessionCookie)); it != cookies.end() && !it->second.empty())
    if (!load_session(ctx, it->second)) ctx.set_cookie(kSessionCookie, "", -1);
  if (auto it = cookies.find(std::string(kPreCookie)); it != cookies.end() && it->second.size() == 43)
    ctx.pre_session = it->second;

  // Locale: ?lang= wins and is remembered in this browser's cookie (a GET changes no stored
  // data: the account's language changes only through the profile form); then the cookie,
  // the signed-in user's saved choice, and Accept-Language.
  std::optional<std::string> lang_param;
  for (const auto& [k, v] : ctx.query)
    if (k == "lang") lang_param = v;
  auto lang_cookie = cookies.find(std::string(kLangCookie));
  if (lang_param && i18n::supported(*lang_param)) {
    ctx.remember_locale(*lang_param);
  } else if (lang_cookie != cookies.end() && i18n::supported(lang_cookie->second)) {
    ctx.locale = lang_cookie->second;
  } else if (ctx.user && i18n::supported(ctx.user->lang)) {
    ctx.locale = ctx.user->lang;
  } else {
    auto accept = req.header("accept-language");
    ctx.locale = i18n::negotiate(accept);
    if (!names_locale(accept, ctx.locale)) ctx.locale = default_locale(svc_);
  }

  // The one-time message waits in its cookie until a page shows it (App::finish), so a
  // background request (a video's progress save) racing the page cannot take it.
  if (auto it = cookies.find(std::string(kFlashCookie)); it != cookies.end()) {
    if (valid_key(it->second) && i18n::has(ctx.locale, it->second)) ctx.flash_key = it->second;
    else ctx.set_cookie(kFlashCookie, "", -1);
  }
  return std::nullopt;
}

std::optional<http::Response> App::check_route(Ctx& ctx, const Route& route) {
  auto& req = ctx.req;
  if (route.access == Access::kToken) return check_token_route(ctx, route);
  if (route.access != Access::kAnyone) {
    if (auto r = ctx.require_user()) return r;
    bool ok = true;
    switch (route.access) {
      case Access::kAnyone:
      case Access::kSignedIn: break;
      case Access::kPlatformAdmin: ok = ctx.user->platform_admin; break;
      case Access::kOrgAdmin: ok = ctx.user->platform_admin || ctx.user->org_admin; break;
      case Access::kPublisher: ok = ctx.actor().can_somewhere(Can::kPublish); break;
      case Access::kModerator: ok = ctx.actor().can_somewhere(Can::kModerate); break;
      case Access::kToken: ok = false; break;
    }
    if (!ok) {
      log::warn("access refused", "\"request_id\":\"" + req.request_id + "\",\"path\":\"" + util::json_escape(req.path) +
                                      "\",\"needs\":\"" + std::string(access_name(route.access)) + "\",\"user_id\":" +
                                      std::to_string(ctx.user->id));
      return ctx.error(403, "errors.forbidden");
    }
  }
  if (!state_changing(req.method)) return std::nullopt;
  // Cross-site requests never change state, whatever cookies they carry.
  auto site = req.header("sec-fetch-site");
  if (site == "cross-site") return ctx.error(403, "errors.cross_site");
  auto origin = req.header("origin");
  if (origin == "null") return ctx.error(403, "errors.cross_site");
  if (!origin.empty() && util::to_lower(origin) != expected_origin(svc_, req.header("host")))
    return ctx.error(403, "errors.cross_site");
  auto type = media_type(req.header("content-type"));
  if (type != "application/x-www-form-urlencoded" && !(route.opt.multipart && type == "multipart/form-data"))
    return ctx.error(415, "errors.unsupported_type");
  return std::nullopt;
}

// A token route knows only the bearer token: a session cookie, cross-site headers and CSRF
// tokens mean nothing there (a browser never attaches the token by itself).
std::optional<http::Response> App::check_token_route(Ctx& ctx, const Route& route) {
  ctx.problem_json = true;
  ctx.user.reset();
  ctx.session.reset();
  ctx.set_cookies.clear();
  ctx.flash_key.clear();
  auto accept = ctx.req.header("accept-language");
  ctx.locale = i18n::negotiate(accept);
  if (!names_locale(accept, ctx.locale)) ctx.locale = default_locale(svc_);
  if (!svc_.bearer) return ctx.problem(401, "api.errors.token_missing");
  if (auto refused = svc_.bearer(ctx, route.opt.scope)) return refused;
  if (!state_changing(ctx.req.method)) return std::nullopt;
  auto type = media_type(ctx.req.header("content-type"));
  if (!type.empty() && type != "application/json") return ctx.problem(415, "api.errors.json_only");
  return std::nullopt;
}

http::Admission App::admit(http::Request& req) {
  http::Admission a;
  auto t0 = std::chrono::steady_clock::now();
  http::Request copy = req;  // begin() below sets the id and client address on this copy only
  begin(copy);
  a.client = throttle_key(copy.remote_ip);  // an IPv6 /64 is one client
  db::Database::RequestScope one_connection(*svc_.db);
  Ctx ctx(copy, svc_);
  std::optional<http::Response> refuse;
  try {
    refuse = prepare(ctx);
    std::string allow;
    const Route* route = refuse ? nullptr : match(copy.method, copy.path, ctx.path_params, allow);
    if (!refuse && !route) {
      refuse = ctx.error(allow.empty() ? 404 : 405, allow.empty() ? "errors.not_found" : "errors.method_not_allowed");
      if (!allow.empty()) refuse->set("allow", std::move(allow));
    }
    if (!refuse) refuse = check_route(ctx, *route);
    if (!refuse && route->opt.before_body) route->opt.before_body(ctx);
    if (route) a.body_limit = route->opt.body_limit;
    if (!refuse) {
      req.admitted = std::make_shared<const Admitted>(Admitted{route, ctx.locale, ctx.user, ctx.session, ctx.bearer,
                                                               ctx.pre_session, ctx.path_params, ctx.query,
                                                               ctx.set_cookies, ctx.flash_key});
    }
  } catch (const Reject& r) {
    refuse = ctx.error(r.status, r.message_key);
  } catch (const db::Unavailable& e) {
    log::warn("store unavailable", "\"request_id\":\"" + copy.request_id + "\",\"error\":\"" +
                                       util::json_escape(e.what()) + "\"");
    refuse = e.storage_full() ? ctx.error(507, "errors.storage_full") : ctx.error(503, "errors.unavailable");
    refuse->set("retry-after", e.storage_full() ? "60" : "5");
  }
  if (refuse) {
    refuse->close = true;
    finish(ctx, *refuse);
    refuse->set("x-request-id", copy.request_id);
    log_access(copy, *refuse, t0, ctx.user ? ctx.user->id : 0);
    a.refuse = std::move(*refuse);
  }
  return a;
}

const App::Route* App::admitted_route(Ctx& ctx) const {
  const auto* a = static_cast<const Admitted*>(ctx.req.admitted.get());
  if (!a) return nullptr;
  ctx.locale = a->locale;
  ctx.user = a->user;
  ctx.session = a->session;
  ctx.bearer = a->bearer;
  ctx.problem_json = a->route->access == Access::kToken;
  ctx.pre_session = a->pre_session;
  ctx.path_params = a->path_params;
  ctx.query = a->query;
  ctx.set_cookies = a->set_cookies;
  ctx.flash_key = a->flash_key;
  return a->route;
}

http::Response App::dispatch(Ctx& ctx) {
  auto& req = ctx.req;
  // A request with a body was prepared and checked when it was admitted; the others are here.
  const Route* route = admitted_route(ctx);
  if (!route) {
    if (auto r = prepare(ctx)) return std::move(*r);
    std::string allow;
    route = match(req.method, req.path, ctx.path_params, allow);
    if (!route) {
      if (!allow.empty()) {
        auto res = ctx.error(405, "errors.method_not_allowed");
        res.set("allow", std::move(allow));
        return res;
      }
      return ctx.error(404, "errors.not_found");
    }
    if (auto r = check_route(ctx, *route)) return std::move(*r);
  }

  // A token route reads its own JSON body (ctx.req.body).
  if (state_changing(req.method) && route->access != Access::kToken) {
    if (media_type(req.header("content-type")) == "multipart/form-data") {
      if (auto bad = read_multipart(ctx)) return std::move(*bad);
    } else {
      if (!req.body_file.empty()) return ctx.error(413, "errors.too_large");  // forms stay small
      auto form = http::parse_form(req.body);
      if (!form) return ctx.error(400, "errors.bad_request");
      ctx.form = std::move(*form);
    }
    if (route->opt.csrf) {
      std::size_t n = 0;
      std::string token;
      for (const auto& [k, v] : ctx.form)
        if (k == "_csrf") { ++n; token = v; }
      for (const auto& [k, v] : ctx.query)
        if (k == "_csrf") ++n;
      if (n > 1) return ctx.error(400, "errors.duplicate_parameter");
      if (n == 0 || !crypto::equal_constant_time(token, ctx.csrf_token())) {
        log::warn("csrf rejected", "\"request_id\":\"" + req.request_id + "\",\"ip\":\"" + util::json_escape(req.remote_ip) + "\"");
        return ctx.error(403, "errors.csrf");
      }
    }
  }
  if (route->opt.shared) return answer_shared(ctx, route->handler);
  return route->handler(ctx);
}

std::optional<http::Response> App::read_multipart(Ctx& ctx) {
  auto& req = ctx.req;
  std::string_view body = req.body;
  if (!req.body_file.empty()) {
    auto m = map_file(req.body_file, static_cast<std::size_t>(req.body_file_size));
    if (!m) return ctx.error(500, "errors.internal");
    if (m->size) body = std::string_view(static_cast<const char*>(m->data), m->size);
    ctx.body_mapping = m;
  }
  auto parsed = http::parse_multipart(req.header("content-type"), body);
  auto refuse = [&](int status, std::string_view reason) {
    log::warn("multipart refused", "\"request_id\":\"" + req.request_id + "\",\"reason\":\"" +
                                       util::json_escape(reason) + "\",\"ip\":\"" + util::json_escape(req.remote_ip) + "\"");
    return ctx.error(status, status == 413 ? "errors.too_large" : "errors.bad_request");
  };
  if (!parsed.ok()) return refuse(parsed.status, parsed.reason);
  for (auto& p : parsed.parts) {
    if (p.filename) {
      if (p.filename->empty() && p.data.empty()) continue;  // a file input left empty
      if (ctx.files.count(p.name)) return ctx.error(400, "errors.duplicate_parameter");
      ctx.files.emplace(p.name, UploadedFile{std::move(*p.filename), std::move(p.content_type), p.data});
      continue;
    }
    // Text parts obey the rules of urlencoded fields: valid UTF-8, no NUL.
    if (!util::valid_utf8(p.data) || p.data.find('\0') != std::string_view::npos) return refuse(400, "text part encoding");
    ctx.form.emplace_back(std::move(p.name), std::string(p.data));
  }
  return std::nullopt;
}

void App::finish(Ctx& ctx, http::Response& res) {
  if (!ctx.flash_key.empty() && res.status >= 300 && res.status < 400)
    ctx.set_cookie(kFlashCookie, ctx.flash_key, 60);
  else if (ctx.flash_shown)
    ctx.set_cookie(kFlashCookie, "", -1);
  for (auto& c : ctx.set_cookies) res.add("set-cookie", c);
  if (res.get("cache-control").empty())
    res.set("cache-control", ctx.user || !ctx.set_cookies.empty() ? "no-store" : "no-cache");
  res.set("vary", "Cookie, Accept-Language");
  if (res.status >= 200 && res.status < 300 && ctx.req.method == "GET" && res.get("content-language").empty() &&
      res.get("content-type").starts_with("text/html"))
    res.set("content-language", ctx.locale);
  security_headers(res, is_https(svc_), ctx.csp_extra_origin);
  encode(ctx.req, res, !ctx.user && ctx.set_cookies.empty(), ctx.shared_page ? &ctx.shared_page->encoded : nullptr);
}

}  // namespace cityskills::web
