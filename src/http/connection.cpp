// One HTTP connection over Beast: the header block read raw and checked, the request admitted
// from its header before any body byte, the body into memory or a file within its limits and
// timeouts, the handler run on a worker, and the response (or a file, chunk by chunk) written.
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <unistd.h>

#include <array>
#include <limits>

#include "http/file_sent.hpp"
#include "http/server_impl.hpp"
#include "http/url.hpp"
#include "http/wire.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, Server::Impl& srv)
      : stream_(std::move(socket)), timer_(stream_.get_executor()), srv_(srv) {}

  ~Connection() {
    end_request();
    srv_.untrack(weak_from_this());
  }

  void start() { read_header(true); }

  // Called from shutdown: close the connection if no request is being served.
  void close_if_idle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->close();
    });
  }

 private:
  void close() {
    beast::error_code ec;
    timer_.cancel();
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.socket().close(ec);
  }

  void arm(std::chrono::milliseconds d) {
    timed_out_ = false;
    timer_.expires_after(d);
    timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (ec) return;
      self->timed_out_ = true;
      beast::error_code ignored;
      self->stream_.socket().cancel(ignored);
    });
  }

  void read_header(bool first) {
    if (srv_.stopping) return close();
    idle_ = true;
    end_request();
    req_ = Request{};
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(srv_.opt.header_limit));
    parser_->body_limit(boost::none);
    buffer_.max_size(std::numeric_limits<std::size_t>::max());
    // Bytes of a pipelined next request already read go back to the raw header buffer.
    if (buffer_.size() > 0) {
      raw_.append(beast::buffers_to_string(buffer_.data()));
      buffer_.consume(buffer_.size());
    }
    // The first request gets the header timeout; between keep-alive requests the idle timeout.
    arm(first || !raw_.empty() ? srv_.opt.header_timeout : srv_.opt.idle_timeout);
    // The header block is read raw first, so that what Beast would tolerate (obs-fold, bare
    // CR or LF, NUL) can be refused before it is parsed.
    asio::async_read_until(stream_, asio::dynamic_buffer(raw_, srv_.opt.header_limit), "\r\n\r\n",
                           [self = shared_from_this()](beast::error_code ec, std::size_t n) {
                             self->on_raw_header(ec, n);
                           });
  }

  void on_raw_header(beast::error_code ec, std::size_t n) {
    idle_ = false;
    timer_.cancel();
    if (ec) {
      bool partial = !raw_.empty();
      raw_.clear();
      if (timed_out_) return partial ? fail(408) : close();  // idle keep-alive connections just close
      if (ec == asio::error::not_found) return fail(431);   // no end of header within the limit
      return close();
    }
    if (!wire::clean_header_block(std::string_view(raw_).substr(0, n))) {
      raw_.clear();
      return fail(400);
    }
    beast::error_code pec;
    parser_->put(asio::buffer(raw_.data(), n), pec);
    if (raw_.size() > n) {
      auto rest = asio::buffer(raw_.data() + n, raw_.size() - n);
      buffer_.commit(asio::buffer_copy(buffer_.prepare(rest.size()), rest));
    }
    raw_.clear();
    if (!pec && !parser_->is_header_done()) pec = bhttp::error::partial_message;
    on_header(pec);
  }

  void on_header(beast::error_code ec) {
    if (ec) {
      if (ec == bhttp::error::header_limit) return fail(431);
      return fail(400);
    }
    auto& h = parser_->get();
    Request& req = req_;
    req = Request{};
    req.method = std::string(h.method_string());
    req.target = std::string(h.target());
    beast::error_code rep;
    auto ep = stream_.socket().remote_endpoint(rep);
    if (!rep) req.remote_ip = ep.address().to_string();
    std::size_t fields = 0;
    for (const auto& f : h) {
      ++fields;
      if (!wire::clean_header_value(f.value())) return fail(400);
      req.headers.emplace_back(util::to_lower(f.name_string()), std::string(f.value()));
    }
    if (req.target.size() > srv_.opt.target_limit) return fail(414);
    if (fields > srv_.opt.max_header_fields) return fail(431);
    if (h.version() != 11 && h.version() != 10) return fail(400);
    // Framing (RFC 9112 3.2, 6.1, 6.3): one Host (exactly one in HTTP/1.1), one plain
    // Content-Length and never beside Transfer-Encoding, which may only be "chunked".
    auto hosts = req.header_count("host");
    if (hosts > 1 || (hosts == 0 && h.version() == 11)) return fail(400);
    auto lengths = req.header_count("content-length");
    if (lengths > 1) return fail(400);
    if (lengths && !wire::plain_length(req.header("content-length"))) return fail(400);
    if (lengths && req.header_count("transfer-encoding")) return fail(400);
    if (req.header_count("transfer-encoding") > 1 ||
        (req.header_count("transfer-encoding") &&
         util::to_lower(util::trim(req.header("transfer-encoding"))) != "chunked"))
      return fail(400);
    if (!wire::known_method(req.method)) return fail(405);
    auto q = req.target.find('?');
    std::string_view raw_path = std::string_view(req.target).substr(0, q);
    if (q != std::string::npos) req.query = req.target.substr(q + 1);
    auto path = decode_path(raw_path);
    if (!path) return fail(400);
    req.path = std::move(*path);

    if (parser_->is_done()) return dispatch();  // no body: the handler checks access itself
    // A body: the application admits the request (route, access, limit) from its header
    // block on a worker, before a single body byte is read.
    auto self = shared_from_this();
    asio::post(*srv_.workers, [self] {
      Admission adm;
      try {
        adm = self->srv_.admit(self->req_);
      } catch (const std::exception& e) {
        log::error("admission failed", "\"error\":\"" + util::json_escape(e.what()) + "\"");
        adm.refuse = self->srv_.error_page(500, self->req_);
      }
      asio::post(self->stream_.get_executor(), [self, a = std::move(adm)]() mutable { self->on_admitted(std::move(a)); });
    });
  }

  void on_admitted(Admission adm) {
    if (adm.refuse) {
      log::warn("refused before the body", "\"status\":" + std::to_string(adm.refuse->status) + ",\"path\":\"" +
                                               util::json_escape(req_.path) + "\",\"remote\":\"" +
                                               util::json_escape(req_.remote_ip) + "\"");
      keep_alive_ = false;
      ++srv_.in_flight;
      return write(std::move(*adm.refuse), true);
    }
    auto length = parser_->content_length();
    if (length && *length > adm.body_limit) return fail(413);
    bool to_file = adm.body_limit > srv_.opt.memory_body_limit && (!length || *length > srv_.opt.memory_body_limit);
    if (to_file) {
      // An upload: its length must be declared, so that its bytes can be reserved up front.
      if (!length) return fail(411);
      if (!srv_.uploads.reserve(adm.client, *length, srv_.opt.upload_bytes_per_client, srv_.opt.upload_bytes_total))
        return fail(503);
      reserved_client_ = adm.client;
      reserved_ = *length;
      if (!open_body_file()) return fail(507);
    }
    buffer_.max_size(srv_.opt.body_buffer_limit);
    chunk_header_ = [limit = srv_.opt.chunk_extension_limit](std::uint64_t, beast::string_view ext, beast::error_code& ec) {
      if (ext.size() > limit) ec = bhttp::error::bad_chunk_extension;
    };
    if (file_parser_) {
      file_parser_->body_limit(adm.body_limit);
      file_parser_->on_chunk_header(chunk_header_);
    } else {
      parser_->body_limit(adm.body_limit);
      parser_->on_chunk_header(chunk_header_);
    }
    if (util::to_lower(req_.header("expect")) == "100-continue") {
      auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, 11);
      bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code e, std::size_t) {
        if (e) return self->close();
        self->start_body();
      });
      return;
    }
    start_body();
  }

  // Moves the parser to a file body in a new temporary file.
  bool open_body_file() {
    std::string path = srv_.opt.temp_dir + "/cityskills-upload-XXXXXX";
    int fd = ::mkstemp(path.data());
    if (fd < 0) {
      log::error("cannot create an upload file", "\"dir\":\"" + util::json_escape(srv_.opt.temp_dir) + "\"");
      return false;
    }
    ::close(fd);
    req_.body_file = path;
    file_parser_.emplace(std::move(*parser_));
    parser_.reset();
    beast::error_code ec;
    file_parser_->get().body().open(path.c_str(), beast::file_mode::write, ec);
    return !ec;
  }

  void start_body() {
    body_start_ = std::chrono::steady_clock::now();
    body_received_ = 0;
    if (file_parser_) read_body_some(*file_parser_);
    else read_body_some(*parser_);
  }

  // Reads what has arrived; each read must come within the body timeout, and after the grace
  // period the average rate must stay above the minimum.
  template <class Parser>
  void read_body_some(Parser& p) {
    arm(srv_.opt.body_timeout);
    bhttp::async_read_some(stream_, buffer_, p, [self = shared_from_this(), &p](beast::error_code ec, std::size_t n) {
      self->on_body_some(p, ec, n);
    });
  }

  template <class Parser>
  void on_body_some(Parser& p, beast::error_code ec, std::size_t n) {
    timer_.cancel();
    if (ec) {
      if (timed_out_) return fail(408);
      if (ec == bhttp::error::body_limit) return fail(413);
      if (ec == bhttp::error::end_of_stream || ec == asio::error::eof) return close();
      if (ec == beast::errc::no_space_on_device || ec == beast::errc::file_too_large) return fail(507);
      return fail(400);
    }
    body_received_ += n;
    if (p.is_done()) return dispatch();
    auto elapsed = std::chrono::steady_clock::now() - body_start_;
    if (elapsed > srv_.opt.body_grace) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(elapsed - srv_.opt.body_grace).count();
      if (body_received_ * 1000 < srv_.opt.min_body_rate * static_cast<std::uint64_t>(ms)) return fail(408);
    }
    read_body_some(p);
  }

  void dispatch() {
    timer_.cancel();
    if (file_parser_) {
      file_parser_->get().body().close();
      keep_alive_ = file_parser_->keep_alive();
      // The file's own size; the bytes counted while reading are the fallback if it cannot be read.
      struct stat st {};
      req_.body_file_size = ::stat(req_.body_file.c_str(), &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : body_received_;
    } else {
      req_.body = std::move(parser_->get().body());
      keep_alive_ = parser_->keep_alive();
    }
    ++srv_.in_flight;
    if (srv_.fast_path) {
      if (auto res = srv_.fast_path(req_)) return write(std::move(*res), false);
    }
    asio::post(*srv_.workers, [self = shared_from_this()] {
      Response res;
      try {
        res = self->srv_.handler(self->req_);
      } catch (const std::exception& e) {
        log::error("unhandled exception", "\"error\":\"" + util::json_escape(e.what()) + "\"");
        res = self->srv_.error_page(500, self->req_);
      }
      asio::post(self->stream_.get_executor(), [self, r = std::move(res)]() mutable {
        self->write(std::move(r), false);
      });
    });
  }

  // Gives back what the request held: its upload reservation and temporary file.
  void end_request() {
    if (reserved_) srv_.uploads.release(reserved_client_, reserved_);
    reserved_ = 0;
    if (file_parser_) {
      file_parser_->get().body().close();
      file_parser_.reset();
    }
    if (!req_.body_file.empty()) ::unlink(req_.body_file.c_str());
    req_.body_file.clear();
  }

  void fail(int status) {
    log::warn("rejected request", "\"status\":" + std::to_string(status) + ",\"remote\":\"" +
                                      util::json_escape(req_.remote_ip) + "\"");
    Response res = srv_.error_page(status, req_);
    if (status == 405) res.set("allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
    keep_alive_ = false;
    ++srv_.in_flight;
    write(std::move(res), true);
  }

  void write(Response r, bool force_close) {
    if (r.file) return write_file(std::move(r), force_close);
    bool close_after = force_close || r.close || !keep_alive_ || srv_.stopping;
    bool head = req_.method == "HEAD";
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(r.status));
    res->reason(reason(r.status));
    for (auto& [k, v] : r.headers) res->insert(k, v);
    std::size_t length = r.body.size();
    if (!head) res->body() = std::move(r.body);
    res->keep_alive(!close_after);
    if (r.status != 304 && r.status != 204 && !(r.status >= 100 && r.status < 200)) {
      res->content_length(length);
    }
    stream_.expires_after(srv_.opt.write_timeout);
    auto on_written = [self = shared_from_this(), res, close_after](beast::error_code ec, std::size_t) {
      self->written(ec, close_after);
    };
    if (head) {
      auto sr2 = std::make_shared<bhttp::response_serializer<bhttp::string_body>>(*res);
      sr2->split(true);
      bhttp::async_write_header(stream_, *sr2, [on_written, sr2](beast::error_code ec, std::size_t n) mutable {
        on_written(ec, n);
      });
    } else {
      bhttp::async_write(stream_, *res, on_written);
    }
  }

  void written(beast::error_code ec, bool close_after) {
    stream_.expires_never();
    --srv_.in_flight;
    end_request();
    if (ec) return close();
    if (close_after) return linger_close();
    read_header(false);
  }

  // Closing with unread bytes from the client makes the kernel reset the connection, which
  // can destroy the answer before the client reads it (a refusal sent before the body).
  // So: stop sending, read and drop what still comes (bounded in bytes and time), then close.
  void linger_close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return close();
    drain_left_ = 1024 * 1024;
    arm(std::chrono::milliseconds(2000));
    drain();
  }

  void drain() {
    stream_.socket().async_read_some(asio::buffer(drain_buf_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      if (ec || n >= self->drain_left_) return self->close();
      self->drain_left_ -= n;
      self->drain();
    });
  }

  // An open file being sent in chunks; the descriptor closes with the last reference.
  struct FileSender {
    int fd = -1;
    int status = 200;
    std::uint64_t offset = 0, remain = 0, sent = 0;
    std::vector<char> buf = std::vector<char>(64 * 1024);
    std::string request_id;
    ~FileSender() {
      if (fd >= 0) ::close(fd);
      report_file_sent(request_id, status, sent);
    }
  };

  // Sends the header, then the file range 64 KiB at a time; each chunk renews the write
  // timeout, so memory per download stays at one chunk whatever the file size.
  void write_file(Response r, bool force_close) {
    auto f = std::make_shared<FileSender>();
    f->fd = ::open(r.file->path.c_str(), O_RDONLY | O_CLOEXEC);
    if (f->fd < 0) {
      log::error("file to send is missing", "\"path\":\"" + util::json_escape(r.file->path) + "\"");
      report_file_sent(req_.request_id, 404, 0);
      return write(Response::text(404, "Not found"), force_close);
    }
    f->status = r.status;
    f->request_id = req_.request_id;
    f->offset = r.file->offset;
    f->remain = r.file->length;
    bool close_after = force_close || r.close || !keep_alive_ || srv_.stopping;
    bool head = req_.method == "HEAD";
    auto res = std::make_shared<bhttp::response<bhttp::empty_body>>();
    res->version(11);
    res->result(static_cast<unsigned>(r.status));
    res->reason(reason(r.status));
    for (auto& [k, v] : r.headers) res->insert(k, v);
    res->keep_alive(!close_after);
    res->content_length(r.file->length);
    auto sr = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*res);
    stream_.expires_after(srv_.opt.write_timeout);
    bhttp::async_write_header(stream_, *sr, [self = shared_from_this(), res, sr, f, close_after, head](
                                                 beast::error_code ec, std::size_t) {
      if (ec || head) return self->written(ec, close_after);
      self->send_chunk(f, close_after);
    });
  }

  void send_chunk(const std::shared_ptr<FileSender>& f, bool close_after) {
    if (f->remain == 0) return written({}, close_after);
    auto want = static_cast<std::size_t>(std::min<std::uint64_t>(f->remain, f->buf.size()));
    auto got = ::pread(f->fd, f->buf.data(), want, static_cast<off_t>(f->offset));
    // The file shrank under us: the promised length cannot be kept, so end the connection.
    if (got <= 0) return written(asio::error::eof, true);
    f->offset += static_cast<std::uint64_t>(got);
    f->remain -= static_cast<std::uint64_t>(got);
    stream_.expires_after(srv_.opt.write_timeout);
    asio::async_write(stream_, asio::buffer(f->buf.data(), static_cast<std::size_t>(got)),
                      [self = shared_from_this(), f, close_after](beast::error_code ec, std::size_t n) {
                        f->sent += n;
                        if (ec) return self->written(ec, true);
                        self->send_chunk(f, close_after);
                      });
  }

  beast::tcp_stream stream_;
  asio::steady_timer timer_;
  beast::flat_buffer buffer_;  // body bytes; the parser's body limit applies
  std::string raw_;             // the header block as read, before parsing
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::request_parser<bhttp::file_body>> file_parser_;  // uploads
  std::function<void(std::uint64_t, beast::string_view, beast::error_code&)> chunk_header_;
  std::chrono::steady_clock::time_point body_start_;
  std::uint64_t body_received_ = 0;
  std::string reserved_client_;
  std::uint64_t reserved_ = 0;
  std::array<char, 4096> drain_buf_{};
  std::size_t drain_left_ = 0;
  Request req_;
  Server::Impl& srv_;
  bool timed_out_ = false;
  bool keep_alive_ = true;
  bool idle_ = true;
};

void serve_connection(tcp::socket socket, Server::Impl& srv) {
  auto c = std::make_shared<Connection>(std::move(socket), srv);
  srv.track(c);
  c->start();
}

void close_if_idle(const std::shared_ptr<Connection>& c) { c->close_if_idle(); }

}  // namespace cityskills::http
