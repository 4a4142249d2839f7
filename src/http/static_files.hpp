#pragma once
// Serves the built front-end (fingerprinted assets, favicon, robots.txt) with ETag/304,
// single-range requests, precompressed .br/.gz variants and immutable caching for
// fingerprinted names. Files are read once and kept in memory.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "http/message.hpp"

namespace cityskills::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::string root) : root_(std::move(root)) {}
  // A response when `req.path` names a file under the root; nullopt otherwise.
  std::optional<Response> serve(const Request& req);
  // The manifest.json mapping ("app.css" -> "/assets/app-HASH.css"), empty if absent.
  std::map<std::string, std::string> manifest() const;
  const std::string& root() const { return root_; }

  struct File {
    std::string body, gzip, brotli, etag, type;
    bool immutable = false;
  };

 private:
  std::shared_ptr<const File> load(const std::string& rel);
  std::string root_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const File>> cache_;
};

// Parses "bytes=a-b" for a body of `size`; nullopt if not a single satisfiable range.
// Sets `unsatisfiable` when the header is well-formed but outside the body.
std::optional<std::pair<std::size_t, std::size_t>> parse_range(std::string_view header, std::size_t size,
                                                                bool& unsatisfiable);
std::string mime_type(std::string_view path);
// Whether an Accept-Encoding header admits `coding` ("gzip"): named, and not with q=0.
bool accepts(std::string_view accept_encoding, std::string_view coding);

}  // namespace cityskills::http
