// Hardening of the HTTP core: access and limits checked before a body is read, bounded
// parsing, framing rules, slow senders, uploads streamed to disk, origin and content type.
#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "features/manifest.hpp"
#include "features/orgs/store.hpp"
#include "support/harness.hpp"

namespace cityskills {
namespace {
using test::Client;
using test::send_raw;
using test::TestServer;

// A raw connection that sends in pieces, for senders that stop or trickle.
class Raw {
 public:
  explicit Raw(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect");
    timeval tv{10, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }
  ~Raw() { ::close(fd_); }
  Raw(const Raw&) = delete;
  Raw& operator=(const Raw&) = delete;
  // False once the server has closed the connection.
  bool send(const std::string& s) { return ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(s.size()); }
  // Reads until the server closes or the timeout passes.
  test::Reply read() {
    std::string raw;
    char buf[8192];
    for (;;) {
      auto n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      raw.append(buf, static_cast<std::size_t>(n));
      auto r = test::parse_reply(raw);
      auto len = r.header("content-length");
      if (r.status && !len.empty() && r.body.size() >= std::stoul(len)) break;
    }
    return test::parse_reply(raw);
  }

 private:
  int fd_ = -1;
};

std::string cookie_header(Client& c) {
  std::string h;
  for (const auto& [k, v] : c.cookies()) h += (h.empty() ? "" : "; ") + k + "=" + v;
  return h;
}

constexpr const char* kUploadHead =
    "POST /author/lessons/1/video HTTP/1.1\r\nHost: x\r\n"
    "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 200000000\r\n";

long rss_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

}  // namespace

TEST(Admission, AnonymousUploadIsRefusedBeforeItsBodyIsRead) {
  TestServer s;
  Raw r(s.port());
  ASSERT_TRUE(r.send(std::string(kUploadHead) + "\r\n"));  // a 200 MB body announced, none sent
  auto reply = r.read();
  EXPECT_EQ(reply.status, 303);
  EXPECT_NE(reply.header("location").find("/login?next="), std::string::npos);
  EXPECT_EQ(reply.header("connection"), "close");
}

TEST(Admission, SignedInPersonWithoutARoleIsRefusedBeforeTheBody) {
  TestServer s;
  auto email = test::unique_email("citizen");
  s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  Raw r(s.port());
  ASSERT_TRUE(r.send(std::string(kUploadHead) + "Cookie: " + cookie_header(c) + "\r\nExpect: 100-continue\r\n\r\n"));
  auto reply = r.read();
  EXPECT_EQ(reply.status, 403);  // not "100 Continue": the client never sends the body
  EXPECT_NE(reply.body.find("<h1"), std::string::npos);
}

TEST(Admission, AnAuthorsUploadToAnotherOrganisationsLessonIsRefusedBeforeTheBody) {
  TestServer s;
  auto c = s.db().acquire();
  auto mine = *orgs::store::create(*c, {0, "Mine", "mine-org", "city", "IT", ""});
  auto email = test::unique_email("author");
  auto uid = s.add_user(email, test::kPassword);
  orgs::store::grant(*c, uid, mine, "author");
  Client author = s.signed_in(email, test::kPassword);
  // Lesson 999999 does not exist (or belongs to nobody the author publishes for).
  Raw r(s.port());
  ASSERT_TRUE(r.send("POST /author/lessons/999999/video HTTP/1.1\r\nHost: x\r\n"
                     "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 200000000\r\nCookie: " +
                     cookie_header(author) + "\r\n\r\n"));
  EXPECT_EQ(r.read().status, 404);
}

TEST(Admission, UnknownRoutesAndWrongTypesAreRefusedBeforeTheBody) {
  TestServer s;
  Raw a(s.port());
  ASSERT_TRUE(a.send("POST /no/such/route HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: 50000\r\n\r\n"));
  EXPECT_EQ(a.read().status, 404);
  Raw b(s.port());
  ASSERT_TRUE(b.send("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencodedX\r\n"
                     "Content-Length: 50000\r\n\r\n"));
  EXPECT_EQ(b.read().status, 415);  // the media type is compared whole, not as a prefix
  Raw c(s.port());
  ASSERT_TRUE(c.send("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                     "Content-Length: 50000\r\n\r\n"));
  EXPECT_EQ(c.read().status, 415);
}

TEST(Admission, OriginMustMatchSchemeAndHost) {
  TestServer s;
  Client c = s.client();
  c.get("/login");
  auto host = "127.0.0.1:" + std::to_string(s.port());
  // Same host, other scheme: a page served over plain HTTP elsewhere may not post here
  // when the site is HTTPS, and the other way round.
  auto r = c.post("/login", {{"email", "a@example.org"}, {"password", "x"}}, true, {{"Origin", "https://" + host}});
  EXPECT_EQ(r.status, 403);
  r = c.post("/login", {{"email", "a@example.org"}, {"password", "x"}}, true, {{"Origin", "http://evil.example"}});
  EXPECT_EQ(r.status, 403);
  r = c.post("/login", {{"email", "a@example.org"}, {"password", "x"}}, true, {{"Origin", "http://" + host}});
  EXPECT_NE(r.status, 403);
}

TEST(Framing, HostHeaderMustAppearExactlyOnceInHttp11) {
  TestServer s;
  auto p = s.port();
  EXPECT_EQ(send_raw(p, "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n").status, 400);
  EXPECT_EQ(send_raw(p, "GET / HTTP/1.1\r\n\r\n").status, 400);
  EXPECT_EQ(send_raw(p, "GET / HTTP/1.0\r\n\r\n").status, 200);  // HTTP/1.0 has no Host rule
  EXPECT_EQ(send_raw(p, "GET / HTTP/1.1\r\nHost: x\r\n\r\n").status, 200);
}

TEST(Framing, ContentLengthMustBeOnePlainNumber) {
  TestServer s;
  auto p = s.port();
  std::string head = "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n";
  EXPECT_EQ(send_raw(p, head + "Content-Length: 3, 3\r\n\r\nabc").status, 400);
  EXPECT_EQ(send_raw(p, head + "Content-Length: +3\r\n\r\nabc").status, 400);
  EXPECT_EQ(send_raw(p, head + "Content-Length: 0x3\r\n\r\nabc").status, 400);
  EXPECT_EQ(send_raw(p, head + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").status, 400);
  EXPECT_EQ(send_raw(p, head + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n").status, 400);
}

TEST(Framing, ChunkExtensionsAreBounded) {
  TestServer s;
  auto p = s.port();
  std::string head = "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     "Transfer-Encoding: chunked\r\n\r\n";
  // A short extension is allowed (and ignored); the form then fails its CSRF check.
  EXPECT_EQ(send_raw(p, head + "5;a=b\r\nemail\r\n0\r\n\r\n").status, 403);
  EXPECT_EQ(send_raw(p, head + "5;a=" + std::string(2000, 'x') + "\r\nemail\r\n0\r\n\r\n").status, 400);
  // An extension that never ends is cut off at the buffer limit, not held in memory.
  Raw r(p);
  ASSERT_TRUE(r.send(head + "5;a="));
  std::string junk(64 * 1024, 'x');
  for (int i = 0; i < 64 && r.send(junk); ++i) {
  }
  EXPECT_EQ(r.read().status, 400);
}

TEST(SlowBody, TricklingSenderIsCutOffByRateNotByDeclaredLength) {
  TestServer s([](http::ServerOptions& o, web::App&) {
    o.body_grace = std::chrono::milliseconds(300);
    o.min_body_rate = 20'000;
  });
  Raw r(s.port());
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(r.send("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: 60000\r\n\r\n"));
  for (int i = 0; i < 40; ++i) {
    if (!r.send("e")) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  auto reply = r.read();
  EXPECT_EQ(reply.status, 408);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
}

TEST(SlowBody, SenderThatStopsGets408AfterTheBodyTimeout) {
  TestServer s([](http::ServerOptions& o, web::App&) { o.body_timeout = std::chrono::milliseconds(300); });
  Raw r(s.port());
  ASSERT_TRUE(r.send("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: 100\r\n\r\nemail="));
  EXPECT_EQ(r.read().status, 408);
}

namespace {
void echo_upload_route(http::ServerOptions& o, web::App& app) {
  o.memory_body_limit = 64 * 1024;
  web::RouteOptions opt;
  opt.multipart = true;
  opt.body_limit = 4 * 1024 * 1024;
  opt.csrf = false;
  app.route("POST", "/test/echo", web::Access::kAnyone, [](web::Ctx& ctx) {
    auto* f = ctx.file("file");
    std::string where = ctx.req.body_file.empty() ? "memory" : "file";
    return http::Response::text(200, where + " " + std::to_string(f ? f->data.size() : 0) + " " +
                                         (f && !f->data.empty() ? std::string(1, f->data.back()) : ""));
  }, opt);
}
}  // namespace

TEST(Uploads, LargeBodiesAreStreamedToATemporaryFileAndRemovedAfterwards) {
  TestServer s(echo_upload_route);
  Client c = s.client();
  std::string data(1500 * 1024, 'v');
  data.back() = 'Z';
  auto r = c.post_multipart("/test/echo", {}, {{"file", "clip.bin", "application/octet-stream", data}}, false);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, "file " + std::to_string(data.size()) + " Z");
  auto small = c.post_multipart("/test/echo", {}, {{"file", "a.bin", "application/octet-stream", "abc"}}, false);
  EXPECT_EQ(small.body, "memory 3 c");
  // No temporary upload file is left behind.
  int left = 0;
  for (const auto& e : std::filesystem::directory_iterator(s.services().config.data_dir))
    if (e.path().filename().string().rfind("cityskills-upload-", 0) == 0) ++left;
  EXPECT_EQ(left, 0);
}

TEST(Uploads, LargeChunkedUploadsMustDeclareTheirLength) {
  TestServer s(echo_upload_route);
  auto r = send_raw(s.port(), "POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                              "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
  EXPECT_EQ(r.status, 411);
}

TEST(Uploads, BytesInFlightPerClientAreLimited) {
  TestServer s([](http::ServerOptions& o, web::App& app) {
    echo_upload_route(o, app);
    o.upload_bytes_per_client = 3 * 1024 * 1024;
  });
  // One upload of 2 MB starts and stalls; a second one of 2 MB from the same address must wait.
  Raw first(s.port());
  ASSERT_TRUE(first.send("POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                         "Content-Length: 2000000\r\n\r\n--b\r\n"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Raw second(s.port());
  ASSERT_TRUE(second.send("POST /test/echo HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                          "Content-Length: 2000000\r\n\r\n"));
  auto r = second.read();
  EXPECT_EQ(r.status, 503);
  EXPECT_FALSE(r.header("retry-after").empty());
}

TEST(Memory, ManyOversizedOrSlowBodiesStayUnderACeiling) {
  TestServer s([](http::ServerOptions& o, web::App&) {
    o.body_timeout = std::chrono::milliseconds(2000);
    o.body_grace = std::chrono::milliseconds(1000);
  });
  long before = rss_kib();
  std::vector<std::unique_ptr<Raw>> clients;
  for (int i = 0; i < 200; ++i) {
    auto r = std::make_unique<Raw>(s.port());
    // Half announce 200 MB uploads anonymously; half send a form body slowly.
    if (i % 2) r->send(std::string(kUploadHead) + "\r\n" + std::string(16 * 1024, 'x'));
    else r->send("POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                 "Content-Length: 60000\r\n\r\n" + std::string(30000, 'y'));
    clients.push_back(std::move(r));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  long during = rss_kib();
  int refused = 0;
  for (auto& c : clients) {
    auto st = c->read().status;
    refused += st == 303 || st == 408;
  }
  EXPECT_EQ(refused, 200);
  // 200 connections may hold at most their header blocks and a form body each.
  std::printf("resident memory with 200 oversized or slow bodies: +%ld MiB (%ld MiB in all)\n",
              (during - before) / 1024, during / 1024);
  EXPECT_LT(during - before, 100 * 1024) << "RSS grew by " << (during - before) / 1024 << " MiB";
}

TEST(RouteTable, EveryRouteIsDeclaredAndListed) {
  TestServer s;
  web::Services svc;
  web::App app(svc);
  features::register_routes(app);
  auto routes = app.routes();
  ASSERT_GT(routes.size(), 150u);
  for (const auto& r : routes) {
    // Routes that change something are never open to anyone without a reason: the open
    // ones are the sign-up, sign-in and anonymous self-test flows and token links.
    if (r.options.multipart) { EXPECT_NE(r.access, web::Access::kAnyone) << r.method << " " << r.pattern; }
    if (r.pattern.starts_with("/admin/users") || r.pattern.starts_with("/admin/organisations") ||
        r.pattern.starts_with("/author/") || r.pattern.starts_with("/forum/reports")) {
      EXPECT_NE(r.access, web::Access::kAnyone) << r.method << " " << r.pattern;
    }
    EXPECT_LE(r.options.body_limit, 1024u * 1024 * 1024) << r.pattern;
  }
}

}  // namespace cityskills
