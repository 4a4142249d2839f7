#pragma once
// The server's shared state (Server::Impl), for the two files of the HTTP core that run it:
// server.cpp (start, accept, shutdown) and connection.cpp (one HTTP connection over Beast).
// Private to src/http: it brings in Asio, which no feature may see.
#include <boost/asio.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "http/server.hpp"
#include "http/upload_budget.hpp"

namespace cityskills::http {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class Connection;

struct Server::Impl {
  ServerOptions opt;
  Handler handler;
  Admit admit;
  ErrorPage error_page;
  FastPath fast_path;

  // Declared before the io contexts so that connections destroyed with pending handlers
  // can still unregister themselves.
  std::mutex conn_mu;
  std::set<std::weak_ptr<Connection>, std::owner_less<std::weak_ptr<Connection>>> conns;

  std::vector<std::unique_ptr<asio::io_context>> ios;
  // Keeps each io thread running while a request is away in a worker and no I/O is pending.
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> guards;
  std::vector<std::unique_ptr<tcp::acceptor>> acceptors;
  std::vector<std::thread> io_threads;
  std::unique_ptr<asio::thread_pool> workers;
  std::uint16_t bound_port = 0;

  std::atomic<bool> stopping{false};
  std::atomic<int> in_flight{0};
  bool stopped = false;

  // Upload bytes admitted and not yet answered, per client and in all.
  UploadBudget uploads;

  // Accepts connections on acceptor i, each served by a Connection (connection.cpp).
  void accept(std::size_t i);
  void track(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(conn_mu);
    conns.insert(c);
  }
  void untrack(const std::weak_ptr<Connection>& c) {
    std::lock_guard lock(conn_mu);
    conns.erase(c);
  }
};

// Serves a new connection until it closes; the server tracks it meanwhile.
void serve_connection(tcp::socket socket, Server::Impl& srv);
// Closes the connection unless it is serving a request (shutdown).
void close_if_idle(const std::shared_ptr<Connection>& c);

}  // namespace cityskills::http
