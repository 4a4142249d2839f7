// Uploads through the real server: multipart forms on a route that opts in, the media
// store's checks (type by content, size per kind, names, archives, images, captions) and
// serving with ETag, Range and streaming from disk (BAD_INPUTS.md 24-32).
#include <gtest/gtest.h>

#include <filesystem>

#include "media/media.hpp"
#include "support/files.hpp"
#include "support/harness.hpp"
#include "web/forms.hpp"

namespace cityskills {
using test::Client;
using test::FilePart;
using test::TestServer;
namespace files = test::files;

namespace {

constexpr std::size_t kMB = 1024 * 1024;

media::Policy test_policy() {
  auto p = media::combine({media::video_policy(), media::captions_policy(), media::image_policy(), media::document_policy()});
  p.max_bytes[media::Kind::kImage] = 1 * kMB;  // small, so the 413 test stays fast
  return p;
}

// A test route that stores one uploaded file, and one that serves it to anyone.
void upload_routes(http::ServerOptions&, web::App& app) {
  web::RouteOptions opt;
  opt.multipart = true;
  opt.body_limit = 8 * kMB;
  app.route("POST", "/test/upload", web::Access::kAnyone, [](web::Ctx& ctx) {
    web::allow_fields(ctx, {"note", "file"});
    auto* f = ctx.file("file");
    if (!f) return http::Response::text(422, "no file");
    auto r = media::store(ctx.db(), ctx.svc.config.data_dir, {f->filename, f->data}, test_policy(), std::nullopt,
                          std::nullopt);
    if (!r.ok()) return http::Response::text(r.status, ctx.t(r.error_key, r.args));
    return http::Response::text(201, std::to_string(r.item->id) + "\n" + r.item->name + "\n" + ctx.field("note"));
  }, opt);
  app.route("GET", "/test/media/{id}", web::Access::kAnyone, [](web::Ctx& ctx) {
    auto c = ctx.db().acquire();
    auto item = media::find(*c, ctx.path_id("id"));
    if (!item) return ctx.error(404, "errors.not_found");
    return media::respond(*item, ctx.svc.config.data_dir, ctx.req, ctx.query_value("download").has_value());
  });
}

Client ready(TestServer& s) {
  Client c = s.client();
  c.get("/login");  // a page with a form: the anonymous CSRF token
  return c;
}

test::Reply upload(Client& c, const std::string& name, const std::string& data, const std::string& note = "") {
  return c.post_multipart("/test/upload", {{"note", note}}, {{"file", name, "application/octet-stream", data}});
}

std::int64_t id_of(const test::Reply& r) { return std::stoll(r.body.substr(0, r.body.find('\n'))); }
std::string name_of(const test::Reply& r) {
  auto a = r.body.find('\n');
  return r.body.substr(a + 1, r.body.find('\n', a + 1) - a - 1);
}

}  // namespace

TEST(Media, EverySupportedTypeIsStoredAndServedWithItsType) {
  TestServer s(upload_routes);
  Client c = ready(s);
  struct Case {
    std::string name, data, type, disposition;
  };
  std::vector<Case> cases = {
      {"clip.mp4", files::mp4(65), "video/mp4", "inline"},
      {"clip.webm", files::webm(), "video/webm", "inline"},
      {"captions.vtt", files::vtt(), "text/vtt; charset=utf-8", "inline"},
      {"photo.PNG", files::png(640, 480), "image/png", "inline"},
      {"photo.jpg", files::jpeg(800, 600), "image/jpeg", "inline"},
      {"photo.webp", files::webp(100, 50), "image/webp", "inline"},
      {"report.pdf", files::pdf(), "application/pdf", "attachment"},  // never shown in the site's origin
      {"report.docx", files::docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
       "attachment"},
      {"sheet.xlsx", files::xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment"},
      {"report.odt", files::odt(), "application/vnd.oasis.opendocument.text", "attachment"},
      {"sheet.ods", files::ods(), "application/vnd.oasis.opendocument.spreadsheet", "attachment"},
      {"data.csv", "name,value\nfoo,1\nbar,2\n", "text/csv; charset=utf-8", "attachment"},
      {"notes.txt", "Grüße aus Valverde\n", "text/plain; charset=utf-8", "attachment"},
      {"data.json", "{\"a\": [1, 2, 3]}\n", "application/json", "attachment"},
  };
  for (const auto& k : cases) {
    auto r = upload(c, k.name, k.data, "kept");
    ASSERT_EQ(r.status, 201) << k.name << ": " << r.body;
    EXPECT_NE(r.body.find("\nkept"), std::string::npos);
    auto got = s.client().get("/test/media/" + std::to_string(id_of(r)));
    EXPECT_EQ(got.status, 200) << k.name;
    EXPECT_EQ(got.body, k.data) << k.name;
    EXPECT_EQ(got.header("content-type"), k.type) << k.name;
    EXPECT_TRUE(got.header("content-disposition").starts_with(k.disposition)) << k.name;
    EXPECT_EQ(got.header("x-content-type-options"), "nosniff");
  }
  auto db = s.db().acquire();
  auto video = db->one("SELECT kind, duration_seconds, status, size FROM media WHERE name = ?", {"clip.mp4"});
  EXPECT_EQ(video->str(0), "video");
  EXPECT_EQ(video->i64(1), 65);
  EXPECT_EQ(video->str(2), "ready");
}

TEST(Media, RefusesWrongTypesSizesAndContent) {
  TestServer s(upload_routes);
  Client c = ready(s);
  auto expect = [&](const std::string& name, const std::string& data, int status, const std::string& says = "") {
    auto r = upload(c, name, data);
    EXPECT_EQ(r.status, status) << name << ": " << r.body;
    if (!says.empty()) {
      EXPECT_NE(r.body.find(says), std::string::npos) << name << ": " << r.body;
    }
  };
  // Extensions not on the list, with the list in the answer.
  expect("setup.exe", std::string("MZ\x90\0", 4) + std::string(60, '\0'), 415, "Allowed types: mp4, webm, vtt, png");
  expect("page.html", "<!DOCTYPE html><script>alert(1)</script>", 415, "Allowed types");
  expect("drawing.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>", 415);
  expect("noextension", files::pdf(), 415);
  expect("shell.php", "<?php echo 1; ?>", 415);
  // Content that does not match the extension.
  expect("photo.png", "<!DOCTYPE html><html><script>alert(1)</script></html>", 415, "not a valid png file");
  expect("report.pdf", files::png(10, 10), 415);
  expect("photo.jpg", files::png(10, 10), 415);
  expect("report.docx", files::zip({{"hello.txt", "hi"}}), 415);
  expect("report.docx", files::odt(), 415);
  // Polyglots: an image that is also a zip; HTML at the head of a PDF.
  expect("photo.png", files::png(10, 10) + files::docx(), 415);
  expect("report.pdf", "%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n", 415);
  // Size per kind, in MB; empty files.
  expect("big.png", files::png(100, 100) + std::string(kMB, '\0'), 413, "maximum 1 MB");
  expect("empty.txt", "", 422, "empty");
  // Text must be UTF-8; captions must be WebVTT; JSON must parse.
  expect("data.csv", "name,city\nAnna,K\xf6ln\n", 422, "UTF-8");
  expect("captions.vtt", "Hello, these are not captions\n", 422, "WEBVTT");
  expect("captions.vtt", "WEBVTTX\n", 422);
  expect("data.json", "{\"a\": [1, 2,", 422, "JSON");
  // Decompression bombs announced in the header: refused before any decoding.
  expect("huge.png", files::png(20000, 20000), 422, "10000");
  expect("huge.jpg", files::jpeg(10001, 10), 422);
  expect("huge.webp", files::webp(12000, 10), 422);
  // The EICAR test file stands in for an antivirus hit.
  expect("eicar.txt", "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*", 422, "virus");
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM media")->i64(0), 0);
}

TEST(Media, RefusesUnsafeOfficeArchives) {
  TestServer s(upload_routes);
  Client c = ready(s);
  auto with = [](files::ZipEntry extra) {
    auto e = files::docx_entries();
    e.push_back(std::move(extra));
    return files::zip(e);
  };
  EXPECT_EQ(upload(c, "a.docx", with({"word/link", "/etc/passwd", 0120777})).status, 422);
  EXPECT_EQ(upload(c, "b.docx", with({"word/inner.zip", files::zip({{"x", "y"}})})).status, 422);
  EXPECT_EQ(upload(c, "c.docx", with({"word/media/blob.bin", files::zip({{"x", "y"}})})).status, 422);
  EXPECT_EQ(upload(c, "d.docx", with({"word/bomb.xml", "x", 0100644, 300u * 1024 * 1024})).status, 422);
  EXPECT_EQ(upload(c, "e.docx", with({"../../evil.sh", "x"})).status, 422);
  auto many = files::docx_entries();
  for (int i = 0; i < 2100; ++i) many.push_back({"word/p" + std::to_string(i) + ".xml", "x"});
  auto r = upload(c, "f.docx", files::zip(many));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("2000"), std::string::npos) << r.body;
  auto truncated = files::docx();
  EXPECT_EQ(upload(c, "g.docx", truncated.substr(0, truncated.size() - 30)).status, 422);
  EXPECT_EQ(upload(c, "ok.docx", files::docx()).status, 201);
}

TEST(Media, HostileFileNamesGetSafeDisplayNames) {
  TestServer s(upload_routes);
  Client c = ready(s);
  auto stored_name = [&](const std::string& name) {
    auto r = upload(c, name, "hello\n");
    EXPECT_EQ(r.status, 201) << name << ": " << r.body;
    return name_of(r);
  };
  auto traversal = stored_name("../../etc/passwd.txt");
  EXPECT_EQ(traversal.find('/'), std::string::npos);
  EXPECT_EQ(traversal.find(".."), std::string::npos);
  EXPECT_TRUE(traversal.ends_with("passwd.txt"));
  EXPECT_EQ(stored_name("C:\\Users\\me\\notes.txt").find('\\'), std::string::npos);
  EXPECT_EQ(stored_name("report\xE2\x80\xAE" "fdp.txt"), "reportfdp.txt");  // RTL override removed
  EXPECT_EQ(stored_name(std::string("a\x01\x1f" "b.txt")), "ab.txt");
  auto device = stored_name("CON.txt");
  EXPECT_TRUE(device.starts_with("file-") && device.ends_with(".txt")) << device;
  auto dots = stored_name("....txt");
  EXPECT_TRUE(dots.starts_with("file-")) << dots;
  auto long_name = stored_name(std::string(300, 'a') + ".txt");
  EXPECT_LE(long_name.size(), 255u);
  EXPECT_TRUE(long_name.ends_with(".txt"));
  std::string accented;
  for (int i = 0; i < 40; ++i) accented += "\xC3\xA9";
  auto multibyte = stored_name(std::string(200, 'a') + accented + ".txt");
  EXPECT_LE(multibyte.size(), 255u);
  // Invalid UTF-8 in the name: a generated one.
  EXPECT_TRUE(stored_name("\xff\xfe.txt").starts_with("file-"));
  // Quotes and semicolons never break the Content-Disposition header.
  auto r = upload(c, "we\\\"ird; name=x.txt", "hello\n");  // sent escaped, as RFC 7578 allows
  ASSERT_EQ(r.status, 201);
  auto got = s.client().get("/test/media/" + std::to_string(id_of(r)));
  auto cd = got.header("content-disposition");
  EXPECT_EQ(test::count(cd, "\""), 2) << cd;
  EXPECT_NE(cd.find("filename*=UTF-8''"), std::string::npos);
  // On disk, only content hashes: no user-chosen name anywhere.
  for (const auto& e : std::filesystem::recursive_directory_iterator(s.services().config.data_dir + "/media")) {
    auto f = e.path().filename().string();
    if (e.is_regular_file()) {
      EXPECT_EQ(f.size(), 62u) << f;
    }
  }
}

TEST(Media, ServesRangesEtagsAndHeadFromDisk) {
  TestServer s(upload_routes);
  Client c = ready(s);
  auto video = files::mp4(30, 5 * kMB);  // larger than one 64 KiB chunk by far
  auto up = upload(c, "lesson.mp4", video);
  ASSERT_EQ(up.status, 201) << up.body;
  auto path = "/test/media/" + std::to_string(id_of(up));
  auto get = [&](const std::string& extra) {
    return test::send_raw(s.port(), "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + extra + "Connection: close\r\n\r\n",
                          20000);
  };
  auto full = get("");
  EXPECT_EQ(full.status, 200);
  ASSERT_EQ(full.body.size(), video.size());
  EXPECT_TRUE(full.body == video);
  EXPECT_EQ(full.header("accept-ranges"), "bytes");
  auto etag = full.header("etag");
  ASSERT_FALSE(etag.empty());

  auto part = get("Range: bytes=1000000-1000099\r\n");
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.header("content-range"), "bytes 1000000-1000099/" + std::to_string(video.size()));
  EXPECT_TRUE(part.body == video.substr(1000000, 100));
  auto tail = get("Range: bytes=-10\r\n");
  EXPECT_EQ(tail.status, 206);
  EXPECT_TRUE(tail.body == video.substr(video.size() - 10));
  auto open_end = get("Range: bytes=" + std::to_string(video.size() - 5) + "-\r\n");
  EXPECT_EQ(open_end.status, 206);
  EXPECT_EQ(open_end.body.size(), 5u);
  auto beyond = get("Range: bytes=" + std::to_string(video.size()) + "-\r\n");
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(beyond.header("content-range"), "bytes */" + std::to_string(video.size()));
  // A range for another version of the file is ignored.
  EXPECT_EQ(get("Range: bytes=0-9\r\nIf-Range: \"other\"\r\n").status, 200);
  EXPECT_EQ(get("If-None-Match: " + etag + "\r\n").status, 304);
  auto head = test::send_raw(s.port(), "HEAD " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 5000, true);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), std::to_string(video.size()));
  EXPECT_TRUE(head.body.empty());
  // Keep-alive after a streamed file: the next request on the same connection is answered.
  auto two = test::send_raw(s.port(),
                            "GET " + path + " HTTP/1.1\r\nHost: x\r\nRange: bytes=0-3\r\n\r\nGET " + path +
                                " HTTP/1.1\r\nHost: x\r\nRange: bytes=4-7\r\nConnection: close\r\n\r\n",
                            5000, true);
  EXPECT_EQ(test::count(two.raw, "HTTP/1.1 206"), 2);
  EXPECT_EQ(s.client().get("/test/media/999999").status, 404);
  EXPECT_EQ(s.client().get("/test/media/abc").status, 404);
}

TEST(Media, SameContentIsStoredOnceAndRemovedWithItsLastRow) {
  TestServer s(upload_routes);
  Client c = ready(s);
  auto a = upload(c, "one.pdf", files::pdf()), b = upload(c, "two.pdf", files::pdf());
  ASSERT_EQ(a.status, 201);
  ASSERT_EQ(b.status, 201);
  std::string dir = s.services().config.data_dir;
  std::optional<media::Item> item;
  {
    auto db = s.db().acquire();
    item = media::find(*db, id_of(a));
  }
  auto file = media::path_for(dir, item->sha256);
  EXPECT_TRUE(std::filesystem::exists(file));
  media::remove(s.db(), dir, id_of(a));
  EXPECT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(s.client().get("/test/media/" + std::to_string(id_of(b))).body, files::pdf());
  media::remove(s.db(), dir, id_of(b));
  EXPECT_FALSE(std::filesystem::exists(file));
}

TEST(Media, MultipartFormsKeepTheRulesOfOrdinaryForms) {
  TestServer s(upload_routes);
  Client c = ready(s);
  auto file = FilePart{"file", "a.txt", "text/plain", "hi\n"};
  // CSRF comes from the `_csrf` part: missing or wrong -> 403.
  EXPECT_EQ(c.post_multipart("/test/upload", {}, {file}, false).status, 403);
  EXPECT_EQ(c.post_multipart("/test/upload", {{"_csrf", "0000"}}, {file}, false).status, 403);
  EXPECT_EQ(c.post_multipart("/test/upload", {}, {file}).status, 201);
  // Fields and files the form does not own; a file field sent twice.
  EXPECT_EQ(c.post_multipart("/test/upload", {{"role", "admin"}}, {file}).status, 400);
  EXPECT_EQ(c.post_multipart("/test/upload", {}, {file, {"avatar", "b.txt", "", "x"}}).status, 400);
  EXPECT_EQ(c.post_multipart("/test/upload", {}, {file, file}).status, 400);
  // A file input left empty is no file.
  EXPECT_EQ(c.post_multipart("/test/upload", {}, {{"file", "", "application/octet-stream", ""}}).status, 422);
  // Text parts must be UTF-8 without NUL, like urlencoded fields.
  EXPECT_EQ(c.post_multipart("/test/upload", {{"note", std::string("a\0b", 3)}}, {file}).status, 400);
  EXPECT_EQ(c.post_multipart("/test/upload", {{"note", "\xff"}}, {file}).status, 400);
  // Malformed envelopes.
  auto raw = [&](const std::string& type, const std::string& body) {
    return c.request("POST", "/test/upload", body, {{"Content-Type", type}}).status;
  };
  auto body = test::multipart_encode("b0undary", {{"_csrf", c.csrf()}}, {file});
  EXPECT_EQ(raw("multipart/form-data; boundary=b0undary", body), 201);
  EXPECT_EQ(raw("multipart/form-data", body), 400);
  EXPECT_EQ(raw("multipart/form-data; boundary=" + std::string(71, 'b'), body), 400);
  EXPECT_EQ(raw("multipart/form-data; boundary=b0undary", body.substr(0, body.size() - 12)), 400);
  std::vector<std::pair<std::string, std::string>> many{{"_csrf", c.csrf()}};
  for (int i = 0; i < 80; ++i) many.emplace_back("note", "x");
  EXPECT_EQ(raw("multipart/form-data; boundary=b0undary", test::multipart_encode("b0undary", many, {file})), 413);
  auto nested = test::multipart_encode("b0undary", {{"_csrf", c.csrf()}}, {{"file", "a.txt", "multipart/mixed; boundary=x", "--x--"}});
  EXPECT_EQ(raw("multipart/form-data; boundary=b0undary", nested), 400);
  // Over the route's own body limit: 413 before the body is read.
  auto big = c.post_multipart("/test/upload", {}, {{"file", "a.txt", "text/plain", std::string(9 * kMB, 'a')}});
  EXPECT_EQ(big.status, 413);
  // Routes that did not opt in keep refusing multipart.
  Client other = ready(s);
  auto login = other.post_multipart("/login", {{"email", "a@example.org"}, {"password", "x"}}, {});
  EXPECT_EQ(login.status, 415);
}

TEST(Media, EachUploaderHasAQuota) {
  TestServer s;
  auto anna = s.add_user(test::unique_email("anna"), test::kPassword);
  auto ben = s.add_user(test::unique_email("ben"), test::kPassword);
  auto policy = media::document_policy();
  policy.user_quota_bytes = 100;
  auto dir = s.services().config.data_dir;
  auto put = [&](std::int64_t user, const std::string& text) {
    return media::store(s.db(), dir, {"notes.txt", text}, policy, std::nullopt, user);
  };
  EXPECT_TRUE(put(anna, std::string(60, 'a') + "\n").ok());
  auto over = put(anna, std::string(60, 'b') + "\n");
  EXPECT_EQ(over.status, 507);
  EXPECT_EQ(over.error_key, "media.quota");
  EXPECT_TRUE(put(ben, std::string(60, 'c') + "\n").ok());
  media::remove(s.db(), dir, put(ben, "x\n").item->id);
  EXPECT_TRUE(put(anna, std::string(30, 'd') + "\n").ok());
}

}  // namespace cityskills
