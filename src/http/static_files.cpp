#include "http/static_files.hpp"

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "util/crypto.hpp"
#include "util/files.hpp"
#include "util/strings.hpp"

namespace cityskills::http {
namespace fs = std::filesystem;


bool accepts(std::string_view accept_encoding, std::string_view coding) {
  for (auto part : util::split(accept_encoding, ',')) {
    auto semi = part.find(';');
    auto name = util::trim(part.substr(0, semi));
    if (name != coding) continue;
    if (semi != std::string_view::npos) {
      auto q = util::trim(part.substr(semi + 1));
      if (q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000") return false;
    }
    return true;
  }
  return false;
}

std::string mime_type(std::string_view path) {
  auto ext = path.substr(path.rfind('.') == std::string_view::npos ? path.size() : path.rfind('.'));
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".webp") return "image/webp";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".vtt") return "text/vtt; charset=utf-8";
  if (ext == ".mp4") return "video/mp4";
  if (ext == ".webm") return "video/webm";
  return "application/octet-stream";
}

std::optional<std::pair<std::size_t, std::size_t>> parse_range(std::string_view h, std::size_t size,
                                                                bool& unsatisfiable) {
  unsatisfiable = false;
  if (!h.starts_with("bytes=")) return std::nullopt;
  auto spec = h.substr(6);
  if (spec.find(',') != std::string_view::npos) return std::nullopt;  // multiple ranges: send whole body
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto a = util::trim(spec.substr(0, dash)), b = util::trim(spec.substr(dash + 1));
  auto digits = [](std::string_view s) {
    if (s.empty() || s.size() > 18) return false;
    for (char c : s)
      if (c < '0' || c > '9') return false;
    return true;
  };
  if (a.empty()) {  // suffix: last N bytes
    if (!digits(b)) return std::nullopt;
    auto n = static_cast<std::size_t>(*util::parse_int(b));
    if (n == 0 || size == 0) { unsatisfiable = true; return std::nullopt; }
    n = std::min(n, size);
    return std::make_pair(size - n, size - 1);
  }
  if (!digits(a) || (!b.empty() && !digits(b))) return std::nullopt;
  auto first = static_cast<std::size_t>(*util::parse_int(a));
  std::size_t last = b.empty() ? size - 1 : static_cast<std::size_t>(*util::parse_int(b));
  if (!b.empty() && last < first) return std::nullopt;
  if (first >= size) { unsatisfiable = true; return std::nullopt; }
  return std::make_pair(first, std::min(last, size - 1));
}

std::shared_ptr<const StaticFiles::File> StaticFiles::load(const std::string& rel) {
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(rel);
    if (it != cache_.end()) return it->second;
  }
  fs::path p = fs::path(root_) / rel;
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return nullptr;
  auto body = util::read_file(p);
  if (!body) return nullptr;
  auto f = std::make_shared<File>();
  f->body = std::move(*body);
  f->gzip = util::read_file(fs::path(p.string() + ".gz")).value_or("");
  f->brotli = util::read_file(fs::path(p.string() + ".br")).value_or("");
  f->etag = "\"" + crypto::sha256_hex(f->body).substr(0, 32) + "\"";
  f->type = mime_type(rel);
  static const std::regex fingerprint(R"(-[A-Za-z0-9_]{8,}\.[a-z0-9]+$)");
  f->immutable = rel.starts_with("assets/") && std::regex_search(rel, fingerprint);
  std::lock_guard lock(mu_);
  cache_[rel] = f;
  return f;
}

std::optional<Response> StaticFiles::serve(const Request& req) {
  if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
  std::string rel;
  if (req.path.starts_with("/assets/")) rel = req.path.substr(1);
  else if (req.path == "/favicon.svg" || req.path == "/favicon.ico" || req.path == "/robots.txt") rel = req.path.substr(1);
  else return std::nullopt;
  // The path was validated by the server (no '..', no backslash); refuse anything odd anyway.
  if (rel.find("..") != std::string::npos || rel.ends_with(".gz") || rel.ends_with(".br")) return std::nullopt;
  auto f = load(rel);
  if (!f) return std::nullopt;

  Response r;
  r.set("etag", f->etag);
  r.set("cache-control", f->immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600");
  r.set("accept-ranges", "bytes");
  r.set("vary", "Accept-Encoding");
  r.set("content-type", f->type);
  r.set("x-content-type-options", "nosniff");
  auto inm = req.header("if-none-match");
  if (!inm.empty() && (inm == f->etag || inm == "*" || inm.find(f->etag) != std::string_view::npos)) {
    r.status = 304;
    return r;
  }
  auto range = req.header("range");
  if (!range.empty()) {
    bool unsatisfiable = false;
    auto rg = parse_range(range, f->body.size(), unsatisfiable);
    if (unsatisfiable) {
      r.status = 416;
      r.set("content-range", "bytes */" + std::to_string(f->body.size()));
      return r;
    }
    if (rg) {
      r.status = 206;
      r.body = f->body.substr(rg->first, rg->second - rg->first + 1);
      r.set("content-range", "bytes " + std::to_string(rg->first) + "-" + std::to_string(rg->second) + "/" +
                                 std::to_string(f->body.size()));
      return r;
    }
  }
  auto ae = req.header("accept-encoding");
  if (!f->brotli.empty() && accepts(ae, "br")) {
    r.body = f->brotli;
    r.set("content-encoding", "br");
  } else if (!f->gzip.empty() && accepts(ae, "gzip")) {
    r.body = f->gzip;
    r.set("content-encoding", "gzip");
  } else {
    r.body = f->body;
  }
  return r;
}

std::map<std::string, std::string> StaticFiles::manifest() const {
  std::map<std::string, std::string> out;
  auto text = util::read_file(fs::path(root_) / "manifest.json");
  if (!text) return out;
  boost::system::error_code ec;
  auto v = boost::json::parse(*text, ec);
  if (ec || !v.is_object()) return out;
  for (const auto& [k, val] : v.as_object())
    if (val.is_string()) out[std::string(k)] = std::string(val.as_string());
  return out;
}

}  // namespace cityskills::http
