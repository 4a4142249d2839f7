#pragma once
// Plain request/response types: features see these, never Boost.Beast.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cityskills::http {

using Headers = std::vector<std::pair<std::string, std::string>>;  // names lower-case

struct Request {
  std::string method;        // "GET", "POST", ...
  std::string target;        // raw request target
  std::string path;          // percent-decoded once, validated
  std::string query;         // raw query string (without '?')
  Headers headers;
  std::string body;
  // A body larger than the server's memory limit (an upload) is in this temporary file
  // instead of `body`; the server removes the file once the response is written.
  std::string body_file;
  std::uint64_t body_file_size = 0;
  std::string remote_ip;
  std::string request_id;
  // What the application learned from the header block when it admitted a request with a
  // body (session, locale, route), handed back to its handler so none of it is done twice.
  // Opaque to the HTTP core.
  std::shared_ptr<const void> admitted;

  // First value of a header (name lower-case), empty when absent.
  std::string_view header(std::string_view name) const;
  std::size_t header_count(std::string_view name) const;
};

// A byte range of a file on disk, sent in chunks by the server instead of `body`, so that
// a large video never has to sit in memory.
struct FileBody {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  std::optional<FileBody> file;  // when set, `body` is ignored
  bool close = false;  // close the connection after this response

  void set(std::string_view name, std::string_view value);
  void add(std::string_view name, std::string_view value);
  std::string_view get(std::string_view name) const;

  static Response text(int status, std::string body, std::string_view type = "text/plain; charset=utf-8");
  static Response redirect(std::string_view location, int status = 303);
};

std::string_view reason(int status);

}  // namespace cityskills::http
