// Static assets: ETag/304, Range, precompressed variants and immutable caching.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/harness.hpp"

namespace cityskills {
using test::TestServer;

namespace {
std::string make_assets() {
  auto dir = test::temp_dir("assets");
  std::filesystem::create_directories(dir + "/assets");
  std::ofstream(dir + "/assets/app-ABCDEF12.css") << "body{color:#123}\n/* padding */" << std::string(1000, ' ');
  std::ofstream(dir + "/assets/app-ABCDEF12.css.gz") << "GZIPPED";
  std::ofstream(dir + "/assets/app-ABCDEF12.css.br") << "BROTLI";
  std::ofstream(dir + "/robots.txt") << "User-agent: *\n";
  std::ofstream(dir + "/manifest.json") << R"({"app.css":"/assets/app-ABCDEF12.css"})";
  return dir;
}
}  // namespace

TEST(Static, FingerprintedAssetsAreImmutableWithEtagAnd304) {
  auto dir = make_assets();
  TestServer s([&](http::ServerOptions&, web::App& app) {
    app.services().assets = std::make_unique<http::StaticFiles>(dir);
    app.services().manifest = app.services().assets->manifest();
  });
  auto c = s.client();
  auto r = c.get("/assets/app-ABCDEF12.css");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.header("cache-control").find("immutable"), std::string::npos);
  EXPECT_EQ(r.header("content-type"), "text/css; charset=utf-8");
  auto etag = r.header("etag");
  ASSERT_FALSE(etag.empty());
  auto again = c.get("/assets/app-ABCDEF12.css", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  auto robots = c.get("/robots.txt");
  EXPECT_EQ(robots.status, 200);
  EXPECT_EQ(robots.header("cache-control").find("immutable"), std::string::npos);
  // The page links the fingerprinted stylesheet.
  EXPECT_NE(c.get("/").body.find("href=\"/assets/app-ABCDEF12.css\""), std::string::npos);
}

TEST(Static, PrecompressedVariantsFollowAcceptEncoding) {
  auto dir = make_assets();
  TestServer s([&](http::ServerOptions&, web::App& app) { app.services().assets = std::make_unique<http::StaticFiles>(dir); });
  auto c = s.client();
  auto br = c.get("/assets/app-ABCDEF12.css", {{"Accept-Encoding", "gzip, br"}});
  EXPECT_EQ(br.header("content-encoding"), "br");
  EXPECT_EQ(br.body, "BROTLI");
  auto gz = c.get("/assets/app-ABCDEF12.css", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  auto none = c.get("/assets/app-ABCDEF12.css", {{"Accept-Encoding", "br;q=0"}});
  EXPECT_TRUE(none.header("content-encoding").empty());
  EXPECT_EQ(none.body.substr(0, 4), "body");
  EXPECT_NE(br.header("vary").find("Accept-Encoding"), std::string::npos);
}

TEST(Static, RangeRequests) {
  auto dir = make_assets();
  TestServer s([&](http::ServerOptions&, web::App& app) { app.services().assets = std::make_unique<http::StaticFiles>(dir); });
  auto c = s.client();
  auto r = c.get("/assets/app-ABCDEF12.css", {{"Range", "bytes=0-3"}});
  EXPECT_EQ(r.status, 206);
  EXPECT_EQ(r.body, "body");
  EXPECT_EQ(r.header("content-range").substr(0, 10), "bytes 0-3/");
  auto tail = c.get("/assets/app-ABCDEF12.css", {{"Range", "bytes=-5"}});
  EXPECT_EQ(tail.status, 206);
  EXPECT_EQ(tail.body.size(), 5u);
  auto beyond = c.get("/assets/app-ABCDEF12.css", {{"Range", "bytes=999999-"}});
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(c.get("/assets/missing-ABCDEF12.css").status, 404);
  EXPECT_EQ(c.get("/assets/app-ABCDEF12.css.gz").status, 404);
}

}  // namespace cityskills
