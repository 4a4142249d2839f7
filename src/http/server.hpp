#pragma once
// The HTTP/1.1 server. Boost.Beast and Asio stay inside server.cpp.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "http/message.hpp"

namespace cityskills::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;              // 0 picks a free port (tests)
  int io_threads = 0;                     // 0: one per core
  int worker_threads = 0;                 // handlers run here, never on io threads; 0: 2 per core, min 4
  std::size_t header_limit = 16 * 1024;   // whole header block -> 431
  std::size_t target_limit = 8 * 1024;    // request target -> 414
  std::size_t max_header_fields = 100;    // -> 431
  std::chrono::milliseconds header_timeout{10'000};  // slow headers -> 408
  std::chrono::milliseconds body_timeout{30'000};    // slow body -> 408 (plus the time below)
  std::uint64_t min_body_rate = 64 * 1024;            // bytes/s a declared body length is allowed
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive idle -> close
  std::chrono::milliseconds write_timeout{30'000};
};

class Server {
 public:
  using Handler = std::function<Response(Request&)>;
  // Largest body accepted for this request (headers parsed, body not yet read) -> 413 beyond.
  using BodyLimit = std::function<std::size_t(const Request&)>;
  // Renders protocol-level errors (400, 405, 408, 413, 414, 431) for a partly read request.
  using ErrorPage = std::function<Response(int status, const Request&)>;

  Server(ServerOptions options, Handler handler, BodyLimit body_limit, ErrorPage error_page);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Answers that need no blocking work (files held in memory) are made on the io thread;
  // nullopt sends the request on to the worker pool.
  using FastPath = std::function<std::optional<Response>(Request&)>;
  void set_fast_path(FastPath fast);

  void start();                 // binds and runs io and worker threads; returns at once
  std::uint16_t port() const;   // the bound port
  // Stops accepting, closes idle connections, lets in-flight requests finish (up to `grace`),
  // then stops all threads.
  void shutdown(std::chrono::milliseconds grace);
  // Call before start() (and before any thread exists) so run_until_signal can wait for them.
  static void block_termination_signals();
  // Blocks until SIGTERM or SIGINT, then shuts down gracefully.
  void run_until_signal(std::chrono::milliseconds grace);

  struct Impl;  // defined in server.cpp, with Beast

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace cityskills::http
