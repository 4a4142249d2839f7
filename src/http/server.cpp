// The HTTP server's life: one io_context and SO_REUSEPORT acceptor per core, the worker pool,
// and a graceful shutdown. Each connection is served in connection.cpp.
#include "http/server.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>

#include "http/server_impl.hpp"
#include "util/log.hpp"

namespace cityskills::http {

void Server::Impl::accept(std::size_t i) {
  auto& acc = *acceptors[i];
  acc.async_accept(asio::make_strand(*ios[i]), [this, i](boost::system::error_code ec, tcp::socket socket) {
    if (stopping) return;
    if (!ec) {
      socket.set_option(tcp::no_delay(true), ec);
      serve_connection(std::move(socket), *this);
    }
    accept(i);
  });
}

Server::Server(ServerOptions options, Handler handler, Admit admit, ErrorPage error_page)
    : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(options);
  impl_->handler = std::move(handler);
  impl_->admit = std::move(admit);
  impl_->error_page = std::move(error_page);
}

Server::~Server() {
  if (!impl_->stopped && !impl_->io_threads.empty()) shutdown(std::chrono::milliseconds(2000));
}

void Server::start() {
  auto& s = *impl_;
  int n = s.opt.io_threads > 0 ? s.opt.io_threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Measured on 2 cores: 16 workers contending for the queue halved throughput against 4.
  int workers = s.opt.worker_threads > 0 ? s.opt.worker_threads : std::max(4, 2 * n);
  s.workers = std::make_unique<asio::thread_pool>(static_cast<std::size_t>(workers));
  auto addr = asio::ip::make_address(s.opt.host);
  std::uint16_t port = s.opt.port;
  // One io_context and one SO_REUSEPORT acceptor per core: the kernel spreads connections.
  for (int i = 0; i < n; ++i) {
    s.ios.push_back(std::make_unique<asio::io_context>(1));
    s.guards.push_back(asio::make_work_guard(*s.ios.back()));
    auto acc = std::make_unique<tcp::acceptor>(*s.ios.back());
    tcp::endpoint ep(addr, port);
    acc->open(ep.protocol());
    acc->set_option(asio::socket_base::reuse_address(true));
    acc->set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true));
    acc->bind(ep);
    acc->listen(asio::socket_base::max_listen_connections);
    if (port == 0) port = acc->local_endpoint().port();
    s.acceptors.push_back(std::move(acc));
  }
  s.bound_port = port;
  for (int i = 0; i < n; ++i) {
    s.accept(static_cast<std::size_t>(i));
    s.io_threads.emplace_back([io = s.ios[static_cast<std::size_t>(i)].get()] { io->run(); });
  }
}

void Server::set_fast_path(FastPath fast) { impl_->fast_path = std::move(fast); }

std::uint16_t Server::port() const { return impl_->bound_port; }

void Server::shutdown(std::chrono::milliseconds grace) {
  auto& s = *impl_;
  if (s.stopped) return;
  s.stopping = true;
  for (std::size_t i = 0; i < s.acceptors.size(); ++i) {
    asio::post(*s.ios[i], [acc = s.acceptors[i].get()] {
      boost::system::error_code ec;
      acc->close(ec);
    });
  }
  // Take strong references under the lock but use (and drop) them outside it: dropping the
  // last reference destroys the connection, which unregisters itself under the same lock.
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(s.conn_mu);
    for (auto& w : s.conns)
      if (auto c = w.lock()) live.push_back(std::move(c));
  }
  for (auto& c : live) close_if_idle(c);
  live.clear();
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (s.in_flight > 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  s.guards.clear();
  for (auto& io : s.ios) io->stop();
  for (auto& t : s.io_threads) t.join();
  s.workers->join();
  // Destroying the contexts releases the connections their pending handlers still hold.
  s.acceptors.clear();
  s.ios.clear();
  s.stopped = true;
}

void Server::block_termination_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

void Server::run_until_signal(std::chrono::milliseconds grace) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  int sig = 0;
  sigwait(&set, &sig);
  log::info("shutting down: finishing in-flight requests", "\"signal\":" + std::to_string(sig));
  shutdown(grace);
}

}  // namespace cityskills::http
