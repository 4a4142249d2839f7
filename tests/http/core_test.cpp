// The HTTP core and middleware, through the real server.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <regex>
#include <thread>

#include "support/harness.hpp"

namespace cityskills {
using test::Client;
using test::send_raw;
using test::TestServer;

TEST(Pages, HomeIsServedInEachLanguageWithOneH1SkipLinkAndLang) {
  TestServer s;
  for (std::string l : {"it", "en", "de", "sv", "fi"}) {
    auto c = s.client();
    auto r = c.get("/?lang=" + l);
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("<html lang=\"" + l + "\">"), std::string::npos) << l;
    EXPECT_EQ(test::count(r.body, "<h1"), 1) << l;
    EXPECT_NE(r.body.find("href=\"#main\""), std::string::npos);
    EXPECT_NE(r.body.find("id=\"main\""), std::string::npos);
    EXPECT_EQ(r.header("content-language"), l);
  }
}

TEST(Pages, FirstVisitFollowsAcceptLanguageThenTheSwitcherIsRemembered) {
  TestServer s;
  Client c = s.client();
  c.lang = "de-DE,de;q=0.9,en;q=0.5";
  EXPECT_NE(c.get("/").body.find("<html lang=\"de\">"), std::string::npos);
  auto r = c.get("/?lang=fi");
  EXPECT_NE(r.body.find("<html lang=\"fi\">"), std::string::npos);
  // Without the parameter, the cookie keeps Finnish over Accept-Language.
  EXPECT_NE(c.get("/login").body.find("<html lang=\"fi\">"), std::string::npos);
  // An unsupported value is ignored.
  EXPECT_NE(c.get("/?lang=xx").body.find("<html lang=\"fi\">"), std::string::npos);
}

TEST(Pages, LanguageLinkChangesThisBrowserOnlyAndTheProfileFormChangesTheAccount) {
  TestServer s;
  auto email = test::unique_email("lang");
  auto id = s.add_user(email, test::kPassword);
  Client c = s.signed_in(email, test::kPassword);
  auto lang_of = [&] { return s.db().acquire()->one("SELECT lang FROM users WHERE id = ?", {id})->str(0); };
  // A GET changes no stored data: the page and this browser follow ?lang=, the account does not.
  EXPECT_NE(c.get("/?lang=de").body.find("<html lang=\"de\">"), std::string::npos);
  EXPECT_EQ(lang_of(), "en");
  EXPECT_NE(c.get("/profile").body.find("<html lang=\"de\">"), std::string::npos);
  Client other = s.signed_in(email, test::kPassword);
  EXPECT_NE(other.get("/").body.find("<html lang=\"en\">"), std::string::npos);
  // The profile form (a POST) saves the choice; a new device (no cookie) then gets it.
  c.get("/profile");
  EXPECT_EQ(c.post("/profile", {{"display_name", "Lena"}, {"audience", ""}, {"age_band", ""}, {"org_id", ""},
                                {"country", ""}, {"lang", "sv"}}).status, 303);
  EXPECT_EQ(lang_of(), "sv");
  EXPECT_NE(c.get("/").body.find("<html lang=\"sv\">"), std::string::npos);
  Client third = s.signed_in(email, test::kPassword);
  third.lang = "it";
  EXPECT_NE(third.get("/").body.find("<html lang=\"sv\">"), std::string::npos);
}

TEST(Pages, SecurityHeadersAndStrictCsp) {
  TestServer s;
  auto r = s.client().get("/");
  auto csp = r.header("content-security-policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");
  EXPECT_FALSE(r.header("x-request-id").empty());
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  EXPECT_EQ(r.body.find(" style=\""), std::string::npos);
}

TEST(Pages, AnonymousPageWithoutFormSetsNoCookie) {
  TestServer s;
  auto r = s.client().get("/");
  EXPECT_TRUE(r.all("set-cookie").empty());
  auto login = s.client().get("/login");
  ASSERT_EQ(login.all("set-cookie").size(), 1u);
  EXPECT_NE(login.header("set-cookie").find("HttpOnly"), std::string::npos);
  EXPECT_NE(login.header("set-cookie").find("SameSite=Lax"), std::string::npos);
}

TEST(Errors, NotFoundAndMethodNotAllowedAreTranslatedPages) {
  TestServer s;
  Client c = s.client();
  c.lang = "it";
  auto r = c.get("/no-such-page");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("<html lang=\"it\">"), std::string::npos);
  EXPECT_EQ(test::count(r.body, "<h1"), 1);
  auto m = c.request("DELETE", "/", "", {});
  EXPECT_EQ(m.status, 405);
  EXPECT_NE(m.header("allow").find("GET"), std::string::npos);
  auto t = send_raw(s.port(), "TRACE / HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(t.status, 405);
  EXPECT_FALSE(t.header("allow").empty());
}

TEST(Errors, UnexpectedFailureIsA500PageWithIncidentIdAndNoInternals) {
  TestServer s([](http::ServerOptions&, web::App& app) {
    app.route("GET", "/test/boom", web::Access::kAnyone, [](web::Ctx&) -> http::Response {
      throw std::runtime_error("secret internal detail: table users");
    });
  });
  Client c = s.client();
  c.lang = "sv";
  auto r = c.get("/test/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_NE(r.body.find("<html lang=\"sv\">"), std::string::npos);
  EXPECT_EQ(r.body.find("secret internal detail"), std::string::npos);
  ASSERT_FALSE(r.header("x-request-id").empty());
  EXPECT_NE(r.body.find("<code>" + r.header("x-request-id") + "</code>"), std::string::npos);
}

TEST(Errors, HeadReturnsHeadersOnly) {
  TestServer s;
  auto get = s.client().get("/");
  auto head = s.client().head("/");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-length"), std::to_string(get.body.size()));
}

TEST(Protocol, OversizedTargetHeadersAndBodiesAreRefused) {
  TestServer s;
  auto r = send_raw(s.port(), "GET /" + std::string(9000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(r.status, 414);
  std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 120; ++i) many += "X-F" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(send_raw(s.port(), many + "\r\n").status, 431);
  EXPECT_EQ(send_raw(s.port(), "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n").status, 431);
  auto big = send_raw(s.port(), "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                                "Content-Length: 10000000\r\n\r\nemail=");
  EXPECT_EQ(big.status, 413);
  EXPECT_NE(big.body.find("<h1"), std::string::npos);
}

TEST(Protocol, SmugglingShapesAndBadEncodingsGet400) {
  TestServer s;
  auto p = s.port();
  EXPECT_EQ(send_raw(p, "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").status, 400);
  EXPECT_EQ(send_raw(p, "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd").status, 400);
  EXPECT_EQ(send_raw(p, "POST /login HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n").status, 400);
  EXPECT_EQ(send_raw(p, "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n").status, 400);
  EXPECT_EQ(send_raw(p, "GET /a%00b HTTP/1.1\r\nHost: x\r\n\r\n").status, 400);
  EXPECT_EQ(send_raw(p, "GET /assets/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n").status, 400);
  EXPECT_EQ(send_raw(p, "GET /assets/%252e%252e/x HTTP/1.1\r\nHost: x\r\n\r\n").status, 400);
  EXPECT_EQ(send_raw(p, "GET /?q=%C0%AF HTTP/1.1\r\nHost: x\r\n\r\n").status, 400);
  EXPECT_EQ(send_raw(p, "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\rb\r\n\r\n").status, 400);
  EXPECT_EQ(send_raw(p, "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  folded\r\n\r\n").status, 400);
  EXPECT_EQ(send_raw(p, "GET / HTTP/1.1\r\nHost: x\nX-A: bare-lf\r\n\r\n").status, 400);
  EXPECT_EQ(send_raw(p, std::string("GET / HTTP/1.1\r\nHost: x\r\nX-A: a\0b\r\n\r\n", 37)).status, 400);
}

TEST(Protocol, SlowHeadersGet408) {
  TestServer s([](http::ServerOptions& o, web::App&) { o.header_timeout = std::chrono::milliseconds(300); });
  auto r = send_raw(s.port(), "GET / HTTP/1.1\r\nHost: x\r\n", 3000);  // never finishes the header
  EXPECT_EQ(r.status, 408);
}

TEST(Protocol, KeepAliveServesSeveralRequestsOnOneConnection) {
  TestServer s;
  auto r = send_raw(s.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5000, true);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(test::count(r.raw, "HTTP/1.1 200 OK"), 2);
}

TEST(Health, HealthzAndReadyz) {
  TestServer s;
  auto h = s.client().get("/healthz");
  EXPECT_EQ(h.status, 200);
  EXPECT_NE(h.body.find("ok"), std::string::npos);
  auto r = s.client().get("/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("ready"), std::string::npos);
}

// A handler blocked on a slow database or service must not hold up other connections.
TEST(Concurrency, SlowHandlerDoesNotStallOthers) {
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  std::atomic<bool> entered{false};
  TestServer s([&](http::ServerOptions&, web::App& app) {
    app.route("GET", "/test/slow", web::Access::kAnyone, [&](web::Ctx&) {
      entered = true;
      std::unique_lock lock(mu);
      cv.wait(lock, [&] { return release; });
      return http::Response::text(200, "slow done");
    });
  });
  auto slow = std::async(std::launch::async, [&] { return s.client().get("/test/slow"); });
  while (!entered) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  for (int i = 0; i < 20; ++i) EXPECT_EQ(s.client().get("/healthz").status, 200);
  EXPECT_EQ(slow.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);  // still blocked
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  EXPECT_EQ(slow.get().body, "slow done");
}

TEST(Shutdown, InFlightRequestFinishesAndNewConnectionsAreRefused) {
  std::atomic<bool> entered{false};
  TestServer s([&](http::ServerOptions&, web::App& app) {
    app.route("GET", "/test/work", web::Access::kAnyone, [&](web::Ctx&) {
      entered = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
      return http::Response::text(200, "finished");
    });
  });
  int port = s.port();
  auto inflight = std::async(std::launch::async, [&] { return s.client().get("/test/work"); });
  while (!entered) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  s.shutdown(5000);
  auto r = inflight.get();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "finished");
  EXPECT_THROW(send_raw(port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"), std::runtime_error);
}

TEST(Csrf, StateChangesNeedAValidTokenFromTheSameSession) {
  TestServer s;
  Client c = s.client();
  c.get("/login");
  auto missing = c.post("/login", {{"email", "a@example.org"}, {"password", "x"}}, false);
  EXPECT_EQ(missing.status, 403);
  EXPECT_NE(missing.body.find("reload"), std::string::npos);
  auto wrong = c.post("/login", {{"_csrf", std::string(64, 'a')}, {"email", "a@example.org"}, {"password", "x"}}, false);
  EXPECT_EQ(wrong.status, 403);
  // A token from another visitor does not work in this session.
  Client other = s.client();
  other.get("/login");
  auto foreign = c.post("/login", {{"_csrf", other.csrf()}, {"email", "a@example.org"}, {"password", "x"}}, false);
  EXPECT_EQ(foreign.status, 403);
  auto twice = c.post("/login", {{"_csrf", c.csrf()}, {"email", "a@example.org"}, {"password", "x"}});
  EXPECT_EQ(twice.status, 400);
}

TEST(Csrf, CrossSiteRequestsAndWrongContentTypeAreRefused) {
  TestServer s;
  Client c = s.client();
  c.get("/login");
  EXPECT_EQ(c.post("/login", {{"email", "a@example.org"}}, true, {{"Sec-Fetch-Site", "cross-site"}}).status, 403);
  EXPECT_EQ(c.post("/login", {{"email", "a@example.org"}}, true, {{"Origin", "https://evil.example"}}).status, 403);
  EXPECT_EQ(c.post("/login", {{"email", "a@example.org"}}, true, {{"Content-Type", "application/json"}}).status, 415);
}

TEST(Proxy, ForwardedForIsOnlyBelievedFromTrustedProxies) {
  http::Request r;
  r.remote_ip = "127.0.0.1";
  r.headers = {{"x-forwarded-for", "203.0.113.7, 10.0.0.2"}};
  EXPECT_EQ(web::client_ip(r, {}), "127.0.0.1");
  EXPECT_EQ(web::client_ip(r, {"127.0.0.1"}), "10.0.0.2");
  EXPECT_EQ(web::client_ip(r, {"127.0.0.1", "10.0.0.2"}), "203.0.113.7");
  r.remote_ip = "198.51.100.1";  // not a proxy: the header is a client's claim
  EXPECT_EQ(web::client_ip(r, {"127.0.0.1"}), "198.51.100.1");
}

// Behind a trusted proxy, throttling counts the real clients, not the proxy.
TEST(Proxy, LoginThrottlingIsPerClientBehindTheProxy) {
  TestServer s([](http::ServerOptions&, web::App& app) { app.services().config.trusted_proxies = {"127.0.0.1"}; });
  auto email = test::unique_email("proxy");
  s.add_user(email, test::kPassword);
  Client attacker = s.client();
  attacker.get("/login");
  for (int i = 0; i < 30; ++i)
    attacker.post("/login", {{"email", test::unique_email("x")}, {"password", "wrong-password"}}, true,
                  {{"X-Forwarded-For", "203.0.113.9"}});
  auto blocked = attacker.post("/login", {{"email", email}, {"password", test::kPassword}}, true,
                               {{"X-Forwarded-For", "203.0.113.9"}});
  EXPECT_EQ(blocked.status, 429);
  Client neighbour = s.client();
  neighbour.get("/login");
  auto ok = neighbour.post("/login", {{"email", email}, {"password", test::kPassword}}, true,
                           {{"X-Forwarded-For", "198.51.100.20"}});
  EXPECT_EQ(ok.status, 303);
}

TEST(Sessions, TamperedOrUnknownCookieIsAnonymousNotAnError) {
  TestServer s;
  Client c = s.client();
  c.cookies()["cs_session"] = "forged-value";
  auto r = c.get("/profile");
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/login?next=/profile");
  EXPECT_EQ(c.cookies().count("cs_session"), 0u);
}

}  // namespace cityskills

namespace cityskills {

// The one-time message after a form waits until a page shows it: a background request that
// renders no page (a video's progress save, a health check) racing the next page cannot take it.
TEST(Flash, WaitsForAPageAndIsShownOnce) {
  test::TestServer s;
  auto email = test::unique_email("flash");
  s.add_user(email, test::kPassword);
  test::Client c = s.signed_in(email, test::kPassword);
  c.lang = "en";
  c.get("/");
  ASSERT_EQ(c.post("/logout", {}).status, 303);
  ASSERT_TRUE(c.cookies().count("cs_flash"));
  EXPECT_EQ(c.get("/readyz").status, 200);
  auto page = c.get("/");
  EXPECT_NE(page.body.find("You have signed out."), std::string::npos);
  EXPECT_EQ(c.get("/").body.find("You have signed out."), std::string::npos);
}

}  // namespace cityskills

namespace cityskills {

TEST(Encoding, PagesAreCompressedWhenTheClientAcceptsGzip) {
  test::TestServer s;
  test::Client c = s.client();
  auto plain = c.get("/courses");
  ASSERT_EQ(plain.status, 200);
  EXPECT_TRUE(plain.header("content-encoding").empty());
  EXPECT_NE(plain.header("vary").find("Accept-Encoding"), std::string::npos);
  auto packed = c.get("/courses", {{"Accept-Encoding", "br;q=1, gzip;q=0.8"}});
  ASSERT_EQ(packed.status, 200);
  EXPECT_EQ(packed.header("content-encoding"), "gzip");
  ASSERT_GE(packed.body.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(packed.body[0]), 0x1f);
  EXPECT_EQ(static_cast<unsigned char>(packed.body[1]), 0x8b);
  EXPECT_LT(packed.body.size(), plain.body.size() / 2);
  EXPECT_TRUE(c.get("/courses", {{"Accept-Encoding", "gzip;q=0"}}).header("content-encoding").empty());
}

// A page that is the same for every visitor carries a validator; a revisit costs a 304. Nothing
// personal is ever validated that way, and another language is another representation.
TEST(Encoding, AnonymousPagesAnswer304ToTheirETagOnly) {
  test::TestServer s;
  test::Client c = s.client();
  c.lang = "en";
  auto first = c.get("/courses");
  ASSERT_EQ(first.status, 200);
  auto tag = first.header("etag");
  ASSERT_FALSE(tag.empty());
  auto again = c.get("/courses", {{"If-None-Match", tag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("etag"), tag);
  EXPECT_EQ(c.get("/courses", {{"If-None-Match", "W/\"something-else\""}}).status, 200);
  test::Client it = s.client();
  it.lang = "it";
  auto italian = it.get("/courses", {{"If-None-Match", tag}});
  EXPECT_EQ(italian.status, 200);
  EXPECT_NE(italian.header("etag"), tag);

  auto email = test::unique_email("etag");
  s.add_user(email, test::kPassword);
  test::Client me = s.signed_in(email, test::kPassword);
  auto mine = me.get("/courses", {{"If-None-Match", tag}});
  EXPECT_EQ(mine.status, 200);
  EXPECT_TRUE(mine.header("etag").empty());
}

}  // namespace cityskills
