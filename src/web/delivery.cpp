// The response's way out of the application: the security headers, compression and validators,
// nginx hand-off of media files, and the access log.
#include "web/delivery.hpp"

#include <algorithm>
#include <map>
#include <mutex>

#include "util/crypto.hpp"
#include "util/gzip.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"
#include "web/app.hpp"

namespace cityskills::web {
namespace {

// Text worth compressing (images, video, PDF and zip files are compressed already).
bool compressible(std::string_view type) {
  for (std::string_view t : {"text/", "application/json", "application/ld+json", "application/atom+xml", "application/xml",
                             "application/opensearchdescription+xml", "image/svg+xml", "application/manifest+json"})
    if (type.starts_with(t)) return true;
  return false;
}

// Whether If-None-Match names `tag` (weak comparison, RFC 9110 13.1.2).
bool none_match(std::string_view header, std::string_view tag) {
  auto bare = [](std::string_view t) { return t.starts_with("W/") ? t.substr(2) : t; };
  for (auto part : util::split(header, ',')) {
    auto t = util::trim(part);
    if (t == "*" || bare(t) == bare(tag)) return true;
  }
  return false;
}

std::string etag_of(std::string_view body) { return "W/\"" + crypto::sha256_hex(body).substr(0, 32) + "\""; }
constexpr std::size_t kCompressFrom = 1024;
constexpr int kGzipLevel = 5;

}  // namespace

Encoded encoding_of(const http::Response& res) {
  Encoded e;
  if (res.file || !res.get("content-encoding").empty()) return e;
  if (res.status == 200 && !res.body.empty()) e.etag = res.get("etag").empty() ? etag_of(res.body) : std::string(res.get("etag"));
  if (compressible(res.get("content-type")) && res.body.size() >= kCompressFrom) e.gzip = util::gzip(res.body, kGzipLevel);
  return e;
}

// What the application renders: a validator on responses that are the same for every visitor
// (a revisit costs a 304), and GZIP when the client accepts it. Files (media, uploads) are
// served with their own ETag and Range support, built assets precompressed, so both are left alone.
void encode(const http::Request& req, http::Response& res, bool shared, const Encoded* known) {
  if (res.file || !res.get("content-encoding").empty()) return;
  bool text = compressible(res.get("content-type"));
  if (shared && res.status == 200 && (req.method == "GET" || req.method == "HEAD") && !res.body.empty()) {
    std::string tag(res.get("etag"));
    if (tag.empty()) {
      tag = known && !known->etag.empty() ? known->etag : etag_of(res.body);
      res.set("etag", tag);
    }
    if (auto inm = req.header("if-none-match"); !inm.empty() && none_match(inm, tag)) {
      res.status = 304;
      res.body.clear();
      res.headers.erase(std::remove_if(res.headers.begin(), res.headers.end(),
                                       [](const auto& h) { return h.first == "content-type"; }),
                        res.headers.end());
      return;
    }
  }
  if (!text) return;
  res.set("vary", std::string(res.get("vary")) + ", Accept-Encoding");
  if (res.body.size() >= kCompressFrom && http::accepts(req.header("accept-encoding"), "gzip")) {
    res.body = known && !known->gzip.empty() ? known->gzip : util::gzip(res.body, kGzipLevel);
    res.set("content-encoding", "gzip");
  }
}

namespace {
std::mutex g_accel_mu;
std::string g_accel_prefix;
}  // namespace

void set_accel_redirect(std::string prefix) {
  std::lock_guard lock(g_accel_mu);
  g_accel_prefix = std::move(prefix);
}

// With --accel-redirect PREFIX, a media file the handler decided to send is handed to nginx
// (X-Accel-Redirect: PREFIX/ab/cdef...): nginx reads it from the shared media folder and
// answers Range and conditional requests itself; the app has already checked access.
bool hand_to_proxy(const std::string& data_dir, http::Response& res) {
  std::string prefix;
  {
    std::lock_guard lock(g_accel_mu);
    prefix = g_accel_prefix;
  }
  if (prefix.empty() || !res.file || (res.status != 200 && res.status != 206)) return false;
  std::string media = data_dir + "/media/";
  if (!res.file->path.starts_with(media)) return false;
  std::string rel = res.file->path.substr(media.size());
  res.file.reset();
  res.body.clear();
  res.status = 200;  // nginx answers the original Range itself
  std::erase_if(res.headers, [](const auto& h) { return h.first == "content-range" || h.first == "etag"; });
  res.set("x-accel-redirect", prefix + "/" + rel);
  return true;
}

void log_access(const http::Request& req, int status, std::uint64_t bytes, std::chrono::steady_clock::time_point t0,
                std::int64_t user_id, std::uint64_t statements, std::string_view via) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0).count();
  log::info("request", "\"request_id\":\"" + req.request_id + "\",\"method\":\"" + util::json_escape(req.method) +
                           "\",\"path\":\"" + util::json_escape(req.path) + "\",\"status\":" +
                           std::to_string(status) + ",\"bytes\":" + std::to_string(bytes) +
                           (via.empty() ? std::string() : ",\"sent_by\":\"" + std::string(via) + "\"") +
                           ",\"duration_us\":" + std::to_string(us) + ",\"db_statements\":" + std::to_string(statements) +
                           ",\"user_id\":" + std::to_string(user_id) +
                           ",\"ip\":\"" + util::json_escape(req.remote_ip) + "\"");
}

namespace {
// A file response is logged once the server has sent it (or found it gone), with what was
// really sent: its line waits here, by request id, for the server's report.
struct PendingFile {
  std::string method, path, ip;
  std::chrono::steady_clock::time_point t0;
  std::int64_t user_id;
  std::uint64_t statements;
};
std::mutex g_pending_mu;
std::multimap<std::string, PendingFile> g_pending_files;

}  // namespace

void file_sent(const std::string& request_id, int status, std::uint64_t bytes) {
  PendingFile p;
  {
    std::lock_guard lock(g_pending_mu);
    auto it = g_pending_files.find(request_id);
    if (it == g_pending_files.end()) return;
    p = std::move(it->second);
    g_pending_files.erase(it);
  }
  http::Request req;
  req.method = std::move(p.method);
  req.path = std::move(p.path);
  req.remote_ip = std::move(p.ip);
  req.request_id = request_id;
  log_access(req, status, bytes, p.t0, p.user_id, p.statements);
}

void log_access(const http::Request& req, const http::Response& res, std::chrono::steady_clock::time_point t0,
                std::int64_t user_id, std::uint64_t statements) {
  if (!res.file) return log_access(req, res.status, res.body.size(), t0, user_id, statements);
  std::lock_guard lock(g_pending_mu);
  g_pending_files.emplace(req.request_id, PendingFile{req.method, req.path, req.remote_ip, t0, user_id, statements});
}

void security_headers(http::Response& res, bool https, std::string_view extra_origin) {
  std::string extra = extra_origin.empty() ? "" : " " + std::string(extra_origin);
  res.set("content-security-policy",
          "default-src 'self'; script-src 'self'" + extra + "; style-src 'self'; img-src 'self' data:" + extra +
              "; font-src 'self' data:; connect-src 'self'" + extra +
              "; media-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");
  res.set("x-content-type-options", "nosniff");
  res.set("x-frame-options", "DENY");
  res.set("referrer-policy", "same-origin");
  res.set("permissions-policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
  res.set("cross-origin-opener-policy", "same-origin");
  if (https) res.set("strict-transport-security", "max-age=31536000; includeSubDomains");
}

}  // namespace cityskills::web
