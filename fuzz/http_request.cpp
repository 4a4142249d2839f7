// The request path of the server: the header block read up to the blank line within the
// header limit, parsed by Beast's request_parser<string_body> with the server's limits, then
// the server's own checks (one Content-Length, not beside Transfer-Encoding, only chunked,
// target length, field count) and the project's decoding of path, query and form body.
// server.cpp keeps its raw-block checks private; what it does after them is repeated here
// around the shared code (http::Request, decode_path, parse_form, parse_multipart).
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common.hpp"
#include "http/message.hpp"
#include "http/multipart.hpp"
#include "http/server.hpp"
#include "http/url.hpp"
#include "util/strings.hpp"

namespace bhttp = boost::beast::http;
using namespace cityskills;

namespace {

constexpr std::size_t kBodyLimit = 64 * 1024;  // web::App's limit for a route that declares none

void check_decoded(const http::Request& req) {
  fuzz::require(req.path.starts_with("/"), "decoded path starts with /");
  fuzz::require(util::valid_utf8(req.path), "decoded path is UTF-8");
  fuzz::require(req.path.find('\\') == std::string::npos, "decoded path has no backslash");
  for (unsigned char c : req.path) fuzz::require(c >= 0x20 && c != 0x7f, "decoded path has no control bytes");
  for (auto seg : util::split(std::string_view(req.path).substr(1), '/'))
    fuzz::require(seg != ".." && seg != ".", "decoded path has no dot segments");
}

// What the web layer does with the body of a form or upload route.
void decode_body(const http::Request& req) {
  auto type = util::to_lower(req.header("content-type"));
  if (type.starts_with("application/x-www-form-urlencoded")) {
    if (auto form = http::parse_form(req.body))
      for (const auto& [k, v] : *form)
        fuzz::require(util::valid_utf8(k) && util::valid_utf8(v), "form fields are UTF-8");
  } else if (type.starts_with("multipart/form-data")) {
    auto parsed = http::parse_multipart(req.header("content-type"), req.body);
    for (const auto& p : parsed.parts)
      fuzz::require(p.data.data() >= req.body.data() && p.data.data() + p.data.size() <= req.body.data() + req.body.size(),
                    "part data inside the body");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const http::ServerOptions opt;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The server reads up to the blank line, at most header_limit bytes (else 431).
  auto end = input.substr(0, opt.header_limit).find("\r\n\r\n");
  if (end == std::string_view::npos) return 0;
  auto block = input.substr(0, end + 4);
  auto rest = input.substr(end + 4);

  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(opt.header_limit));
  parser.body_limit(boost::none);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(block.data(), block.size()), ec);
  if (ec || !parser.is_header_done()) return 0;

  auto& h = parser.get();
  http::Request req;
  req.method = std::string(h.method_string());
  req.target = std::string(h.target());
  std::size_t fields = 0;
  for (const auto& f : h) {
    ++fields;
    for (unsigned char c : f.value())
      if (c == 0 || c == '\r' || c == '\n') return 0;
    req.headers.emplace_back(util::to_lower(f.name_string()), std::string(f.value()));
  }
  if (req.target.size() > opt.target_limit || fields > opt.max_header_fields) return 0;
  if (h.version() != 11 && h.version() != 10) return 0;
  if (req.header_count("content-length") > 1) return 0;
  if (req.header_count("content-length") && req.header_count("transfer-encoding")) return 0;
  if (req.header_count("transfer-encoding") && util::to_lower(util::trim(req.header("transfer-encoding"))) != "chunked")
    return 0;
  auto q = req.target.find('?');
  if (q != std::string::npos) req.query = req.target.substr(q + 1);
  auto path = http::decode_path(std::string_view(req.target).substr(0, q));
  if (!path) return 0;
  req.path = std::move(*path);
  check_decoded(req);
  if (auto query = http::parse_form(req.query))
    for (const auto& [k, v] : *query) fuzz::require(util::valid_utf8(k) && util::valid_utf8(v), "query is UTF-8");

  if (parser.content_length() && *parser.content_length() > kBodyLimit) return 0;  // 413
  parser.body_limit(kBodyLimit);
  // As async_read does: offer everything buffered, keep what the parser did not consume.
  while (!parser.is_done() && !rest.empty()) {
    auto n = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
    if (ec == bhttp::error::need_more) {
      ec = {};
      if (n == 0) break;
    }
    if (ec) return 0;
    rest.remove_prefix(n);
  }
  if (!parser.is_done()) {
    parser.put_eof(ec);
    if (ec || !parser.is_done()) return 0;
  }
  req.body = std::move(parser.get().body());
  fuzz::require(req.body.size() <= kBodyLimit, "body within the limit");
  decode_body(req);
  return 0;
}
