#pragma once
// How a response leaves the application (internal to src/web): compressed and validated,
// handed to nginx when it may send the file itself, and written to the access log with what
// was really sent.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace cityskills::web {

// What encode works out from a response's body: its validator and, for text worth compressing,
// the body compressed (empty otherwise).
struct Encoded {
  std::string etag;
  std::string gzip;
};
Encoded encoding_of(const http::Response& res);

// A validator on responses that are the same for every visitor (`shared`: a revisit costs a
// 304), and GZIP when the client accepts it. `known`: worked out already (a shared page).
void encode(const http::Request& req, http::Response& res, bool shared, const Encoded* known = nullptr);

// With --accel-redirect PREFIX, turns a media file response into X-Accel-Redirect for nginx.
// Returns whether it did.
bool hand_to_proxy(const std::string& data_dir, http::Response& res);

// One access-log line per request. A file response's line waits for the server's report of
// what it sent (file_sent, registered with http::set_file_sent_observer).
void log_access(const http::Request& req, int status, std::uint64_t bytes, std::chrono::steady_clock::time_point t0,
                std::int64_t user_id, std::uint64_t statements = 0, std::string_view via = {});
void log_access(const http::Request& req, const http::Response& res, std::chrono::steady_clock::time_point t0,
                std::int64_t user_id, std::uint64_t statements = 0);
void file_sent(const std::string& request_id, int status, std::uint64_t bytes);

}  // namespace cityskills::web
