#pragma once
// The web layer: routing, request context and the middleware every request passes
// (request id + access log, locale, session, CSRF and origin checks, security headers,
// friendly error pages). Features register routes here; none of this includes Beast.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "http/message.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "http/url.hpp"
#include "i18n/i18n.hpp"
#include "mail/mail.hpp"
#include "view/view.hpp"
#include "web/node_cache.hpp"
#include "web/roles.hpp"
#include "web/shared_pages.hpp"

namespace cityskills::jobs { class Runner; }

namespace cityskills::web {

struct Config {
  std::string data_dir = "data";
  std::string database_url;            // empty: sqlite:<data_dir>/cityskills.db
  std::string listen = "127.0.0.1:8080";
  std::string assets_dir;              // built front-end (manifest.json, assets/)
  std::string public_url;              // e.g. https://skills.example.org; https -> Secure cookies
  // Reverse proxies (nginx) whose X-Forwarded-For is believed; from anyone else it is ignored.
  std::vector<std::string> trusted_proxies;
  mail::Settings mail;
  // Sends Server-Timing with the number of database statements of each request (tests, tuning).
  bool server_timing = false;
  int worker_threads = 0;              // 0: two per core, at least four
  int io_threads = 0;
  std::string database() const { return database_url.empty() ? "sqlite:" + data_dir + "/cityskills.db" : database_url; }
};

struct User {
  std::int64_t id = 0;
  std::string email;
  std::string display_name;
  std::string lang;
  bool platform_admin = false;
  bool verified = false;
  bool org_admin = false;  // administers at least one organisation
  bool publisher = false;  // author or organisation admin somewhere (platform admins: everywhere)
  bool moderator = false;  // moderator or organisation admin somewhere
  std::vector<Membership> roles;  // every role the person holds, by organisation and role
  // What waits for a moderator (open forum reports, practices awaiting review) in the
  // organisations the person moderates (all of them for platform admins); moderators only.
  std::int64_t open_reports = 0, pending_practices = 0;
  // The values of the features' session columns (Services::session_columns), by name.
  std::map<std::string, std::optional<std::string>, std::less<>> extra;
};

// A value a feature needs about the signed-in person on every request (the newest consent
// record), read by the session's own statement so that it costs no round trip of its own:
// `sql` is a scalar subquery in which `u.id` is the person's id; its text is a constant of the
// feature, never user data.
struct SessionColumn {
  std::string name;
  std::string sql;
};

class Ctx;

struct Services {
  Config config;
  db::Database* db = nullptr;
  jobs::Runner* jobs = nullptr;
  std::string secret;  // shared by all nodes, stored in the settings table
  std::unique_ptr<http::StaticFiles> assets;
  std::map<std::string, std::string> manifest;
  // What features add to every page's layout (the consent notice, the analytics tag), called
  // by Ctx::page after the layout's own data is set. A decorator that throws adds nothing.
  std::vector<std::function<void(Ctx&, view::Data& layout)>> page_decorators;
  // This node's copy of what every page reads (site and privacy settings), at most a second
  // old and dropped when this node writes it (decision note 0029).
  NodeCache cache;
  // This node's shared copies of public pages for visitors without a session, at most a second
  // old and all dropped when a request changes something here (decision note 0037).
  SharedPages pages;
  // The administrators' choices every request may need, set by the site settings: the language
  // for visitors whose browser names none the site has, and the site's time zone. Unset or
  // empty: the built-in defaults.
  std::function<std::string()> default_locale;
  std::function<std::string()> time_zone;
  // Read with the session (see SessionColumn); add them before the server starts.
  std::vector<SessionColumn> session_columns;
  // Checks the bearer token of a request to an Access::kToken route for `scope` (the API
  // feature sets it): fills ctx.user and ctx.bearer, or returns the refusal (401, 403, 429).
  std::function<std::optional<http::Response>(Ctx&, std::string_view scope)> bearer;
};

// An expected failure that ends the request with a translated error page.
struct Reject {
  int status;
  std::string message_key;
};

struct Session {
  std::string token;  // raw cookie value (only its hash is stored)
  std::int64_t user_id = 0;
};

// The API token a request to a token route was made with (decision note 0033): ctx.user is
// the person it acts as; an organisation's service token acts only in that organisation.
struct Bearer {
  std::int64_t token_id = 0;
  std::optional<std::int64_t> org_id;  // set: an organisation's service token
  std::vector<std::string> scopes;     // "courses:read", "events:write", ...
};

// A file part of a multipart/form-data request. `data` points into the request body and is
// valid while the request is being handled.
struct UploadedFile {
  std::string filename;      // as the browser sent it: untrusted, never a path
  std::string content_type;  // as the browser claimed it: untrusted
  std::string_view data;
};

class Ctx {
 public:
  Ctx(http::Request& r, Services& s) : req(r), svc(s) {}
  http::Request& req;
  Services& svc;
  std::string locale = std::string(i18n::kDefaultLocale);
  std::optional<User> user;
  std::optional<Session> session;
  std::optional<Bearer> bearer;  // token routes only
  // Errors are RFC 9457 problem details (application/problem+json) rather than pages: set on
  // token routes.
  bool problem_json = false;
  std::string pre_session;  // anonymous CSRF anchor
  std::map<std::string, std::string> path_params;
  http::Params query;
  http::Params form;
  std::map<std::string, UploadedFile> files;  // multipart routes only; empty file inputs left out
  std::vector<std::string> set_cookies;
  std::string flash_key;  // shown once: on this page, or on the next one after a redirect
  bool flash_shown = false;  // a page showed it; the browser's copy can go
  std::shared_ptr<const void> body_mapping;  // keeps an upload's mapped body file alive
  // Feeds the page offers (title, address), announced in its head for feed readers.
  std::vector<std::pair<std::string, std::string>> feeds;
  // One more origin this response may load scripts from and send to (the analytics tool the
  // administrators registered, once the visitor consented); empty: only 'self'.
  std::string csp_extra_origin;
  // The shared copy this response is (or was kept as), with its validator and compressed body.
  std::shared_ptr<const SharedPage> shared_page;

  db::Database& db() { return *svc.db; }
  // Who is asking, with every role the person holds: loaded once per request, on first use.
  const Actor& actor() const;
  std::string t(std::string_view key, const i18n::Args& args = {}) const { return i18n::t(locale, key, args); }
  // The site's time zone, in which pages show dates and times (the administrators' choice).
  const std::string& zone() const;
  // A form field; Reject 400 if it appears more than once (parameter pollution).
  std::string field(std::string_view name) const;
  std::optional<std::string> query_value(std::string_view name) const;
  const UploadedFile* file(std::string_view name) const;  // nullptr when none was chosen
  std::int64_t path_id(std::string_view name) const;  // Reject 404 when not a valid id

  std::string csrf_token() const;
  void set_cookie(std::string_view name, std::string_view value, std::int64_t max_age, bool http_only = true);
  void flash(std::string key) { flash_key = std::move(key); }
  // Answers in `lang` and remembers it in this browser (cookie); stores nothing.
  void remember_locale(std::string_view lang);
  void start_session(std::int64_t user_id);  // new id on every sign-in (no fixation)
  void end_session();

  // Renders `tmpl` inside the layout.
  http::Response page(std::string_view title, std::string_view tmpl, view::Data data, int status = 200);
  http::Response error(int status, std::string_view message_key);
  // An RFC 9457 problem: translated title of the status and `detail` (a translation key with
  // its arguments); `extra` holds further members as JSON text (`"errors": [...]`) or "".
  http::Response problem(int status, std::string_view detail_key, const i18n::Args& args = {},
                         std::string_view extra = {});
  // 429 with the message and Retry-After (a rate limit reached).
  http::Response too_many(std::string_view message_key, int retry_after_seconds);
  http::Response redirect(std::string_view to) { return http::Response::redirect(to, 303); }

 private:
  mutable std::optional<Actor> actor_;
  mutable std::optional<std::string> zone_;

 public:
  // Redirects to the login page (with a return path) unless signed in.
  std::optional<http::Response> require_user();
  std::optional<http::Response> require_platform_admin();
};

using Handler = std::function<http::Response(Ctx&)>;

// Who may call a route, declared with it and checked before the body is read. A role is held
// in at least one organisation (or the person is a platform admin); whether it is the right
// organisation for the object is the feature's policy, checked in the handler.
enum class Access : std::uint8_t {
  kAnyone,
  kSignedIn,
  kPublisher,      // author or organisation admin
  kModerator,      // moderator or organisation admin
  kOrgAdmin,       // organisation admin
  kPlatformAdmin,
  // An API token carrying RouteOptions::scope (Authorization: Bearer; cookies are ignored, so
  // there is no CSRF check); errors are problem details. Services::bearer checks it.
  kToken,
};
std::string_view access_name(Access a);

struct RouteOptions {
  bool csrf = true;                        // state-changing methods must carry a valid token
  std::size_t body_limit = 64 * 1024;      // forms; uploads raise it per route
  // Accepts multipart/form-data besides urlencoded forms: text parts go to ctx.form (the
  // CSRF token is the `_csrf` part), file parts to ctx.files.
  bool multipart = false;
  // Object-level check run before the body is read (an upload to someone else's lesson is
  // refused before its bytes arrive); throws Reject. Only path and query are available.
  std::function<void(Ctx&)> before_body;
  // Access::kToken routes: the scope the token must carry ("courses:read").
  std::string scope;
  // A public GET page that is the same for every visitor without a session: they share one
  // rendered copy for up to a second (SharedPages, decision note 0037).
  bool shared = false;
};
// The options of a public page whose visitors without a session share one copy.
inline RouteOptions shared_page() {
  RouteOptions o;
  o.shared = true;
  return o;
}

// One line of the route table, as `cityskills routes` lists it.
struct RouteInfo {
  std::string method, pattern;
  Access access;
  RouteOptions options;
};

class App {
 public:
  explicit App(Services& s);
  void route(std::string method, std::string pattern, Access access, Handler h, RouteOptions opt = {});
  http::Response handle(http::Request& req);
  // Decides from the header block alone whether a request's body will be read (route,
  // access, origin, content type, the route's own early check) and how much of it.
  http::Admission admit(http::Request& req);
  std::vector<RouteInfo> routes() const;
  // Built front-end files, answered from memory on the io thread without a worker hop.
  std::optional<http::Response> handle_static(http::Request& req);
  http::Response protocol_error(int status, const http::Request& req);
  Services& services() { return svc_; }

 private:
  struct Route {
    std::string method, pattern;
    std::vector<std::string> segments;
    Access access;
    Handler handler;
    RouteOptions opt;
  };
  // The request context as admission left it (see http::Request::admitted).
  struct Admitted {
    const Route* route;
    std::string locale;
    std::optional<User> user;
    std::optional<Session> session;
    std::optional<Bearer> bearer;
    std::string pre_session;
    std::map<std::string, std::string> path_params;
    http::Params query;
    std::vector<std::string> set_cookies;
    std::string flash_key;
  };
  // Restores what admission found into `ctx` and returns its route; nullptr when the request
  // was not admitted (no body).
  const Route* admitted_route(Ctx& ctx) const;
  const Route* match(const std::string& method, const std::string& path, std::map<std::string, std::string>& params,
                     std::string& allow) const;
  http::Response dispatch(Ctx& ctx);
  // Query, session, locale and flash: what every request needs before its route runs.
  std::optional<http::Response> prepare(Ctx& ctx);
  // The session named by the cookie, with the person, every role and the session columns in
  // one statement; false when there is none (unknown, expired, tampered or disabled).
  bool load_session(Ctx& ctx, const std::string& token);
  // The route's declared access and, for state changes, origin and content type.
  std::optional<http::Response> check_route(Ctx& ctx, const Route& route);
  std::optional<http::Response> check_token_route(Ctx& ctx, const Route& route);
  std::optional<http::Response> read_multipart(Ctx& ctx);
  void begin(http::Request& req) const;
  void finish(Ctx& ctx, http::Response& res);
  Services& svc_;
  std::vector<Route> routes_;
  std::once_flag session_sql_once_;
  std::string session_sql_;
};

// The client's address: the peer, or, when the peer is a trusted proxy, the right-most
// X-Forwarded-For entry that is not itself a trusted proxy.
std::string client_ip(const http::Request& req, const std::vector<std::string>& trusted);
// Loads or creates the shared secret (settings table).
std::string load_secret(db::Database& db);
// The real server for an app: handler, admission and error pages wired to it.
std::unique_ptr<http::Server> make_server(App& app, http::ServerOptions opt);
// Security headers every HTML response carries; `extra_origin` (a bare scheme://host[:port])
// is added to script-src, connect-src and img-src.
void security_headers(http::Response& res, bool https, std::string_view extra_origin = {});

}  // namespace cityskills::web
