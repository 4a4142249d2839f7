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
  // A body must keep arriving: no byte for `body_timeout` -> 408, and after `body_grace` the
  // average rate since the body began must stay above `min_body_rate` -> 408. A slow sender
  // holds a connection for seconds, whatever length it declares.
  std::chrono::milliseconds body_timeout{15'000};
  std::chrono::milliseconds body_grace{10'000};
  std::uint64_t min_body_rate = 16 * 1024;            // bytes/s
  // Bodies up to this size are read into memory; larger ones (uploads) are streamed to a
  // temporary file in `temp_dir` and must declare their Content-Length (411 otherwise).
  std::size_t memory_body_limit = 256 * 1024;
  std::string temp_dir = "/tmp";
  std::size_t chunk_extension_limit = 1024;           // per chunk header -> 400
  std::size_t body_buffer_limit = 64 * 1024;          // raw bytes buffered ahead of the parser
  // Upload bytes admitted but not yet answered, per client (an address, IPv6 by /64) and in
  // all; beyond them -> 503 with Retry-After before the body is read.
  std::uint64_t upload_bytes_per_client = 1024ull * 1024 * 1024;
  std::uint64_t upload_bytes_total = 4096ull * 1024 * 1024;
  std::chrono::milliseconds idle_timeout{60'000};    // keep-alive idle -> close
  std::chrono::milliseconds write_timeout{30'000};
};

// What the application decides from a request's header block, before any body byte is read.
struct Admission {
  std::optional<Response> refuse;   // answered at once and the connection closed; body unread
  std::size_t body_limit = 64 * 1024;  // -> 413 beyond
  std::string client;               // whose upload bytes these are (for the in-flight limits)
};

class Server {
 public:
  using Handler = std::function<Response(Request&)>;
  // Called on a worker thread (it may query the database) for every request that carries a
  // body, after the header block is parsed and before the body is read.
  using Admit = std::function<Admission(Request&)>;
  // Renders protocol-level errors (400, 405, 408, 411, 413, 414, 431, 503) for a partly read request.
  using ErrorPage = std::function<Response(int status, const Request&)>;

  Server(ServerOptions options, Handler handler, Admit admit, ErrorPage error_page);
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
