// The multipart/form-data parser on well-formed and hostile bodies (BAD_INPUTS.md 32).
#include <gtest/gtest.h>

#include "http/multipart.hpp"

namespace cityskills::http {
namespace {

const std::string kType = "multipart/form-data; boundary=XyZ";

std::string part(const std::string& headers, const std::string& body) {
  return "--XyZ\r\n" + headers + "\r\n\r\n" + body + "\r\n";
}

}  // namespace

TEST(Multipart, ParsesFieldsAndFilesAsBrowsersSendThem) {
  const std::string kPdf("%PDF-1.4\0 --XyZ mid-line\r\nend", 29);
  std::string body = "preamble is ignored\r\n" +
                     part("Content-Disposition: form-data; name=\"_csrf\"", "tok") +
                     part("Content-Disposition: form-data; name=\"title\"", "Line one\r\nLine two") +
                     part("content-disposition: form-data; name=\"doc\"; filename=\"r\\\"e port.pdf\"\r\n"
                          "Content-Type: Application/PDF",
                          kPdf) +
                     part("Content-Disposition: form-data; name=\"empty\"; filename=\"\"\r\nContent-Type: "
                          "application/octet-stream",
                          "") +
                     "--XyZ--\r\nepilogue";
  auto r = parse_multipart(kType, body);
  ASSERT_TRUE(r.ok()) << r.reason;
  ASSERT_EQ(r.parts.size(), 4u);
  EXPECT_EQ(r.parts[0].name, "_csrf");
  EXPECT_EQ(r.parts[0].data, "tok");
  EXPECT_FALSE(r.parts[0].filename.has_value());
  EXPECT_EQ(r.parts[1].data, "Line one\r\nLine two");
  EXPECT_EQ(r.parts[2].name, "doc");
  EXPECT_EQ(*r.parts[2].filename, "r\"e port.pdf");
  EXPECT_EQ(r.parts[2].content_type, "application/pdf");
  EXPECT_EQ(r.parts[2].data, kPdf);  // NUL, CRLF and the boundary not at a line start are content
  EXPECT_EQ(r.parts[3].filename, "");
  EXPECT_TRUE(r.parts[3].data.empty());
}

TEST(Multipart, AcceptsQuotedBoundariesAndRfc5987Names) {
  std::string type = "multipart/form-data; charset=utf-8; boundary=\"a'b(c)+_,-./:=? z\"";
  std::string body = "--a'b(c)+_,-./:=? z\r\nContent-Disposition: form-data; name=\"f\"; filename*=UTF-8''caf%C3%A9.txt"
                     "\r\n\r\nx\r\n--a'b(c)+_,-./:=? z--";
  auto r = parse_multipart(type, body);
  ASSERT_TRUE(r.ok()) << r.reason;
  EXPECT_EQ(*r.parts[0].filename, "caf\xC3\xA9.txt");
}

TEST(Multipart, RefusesBadBoundaries) {
  std::string body = part("Content-Disposition: form-data; name=\"a\"", "1") + "--XyZ--";
  EXPECT_EQ(parse_multipart("multipart/form-data", body).status, 400);
  EXPECT_EQ(parse_multipart("multipart/form-data; boundary=", body).status, 400);
  EXPECT_EQ(parse_multipart("multipart/form-data; boundary=\"\"", body).status, 400);
  EXPECT_EQ(parse_multipart("multipart/form-data; boundary=" + std::string(71, 'a'), body).status, 400);
  EXPECT_TRUE(multipart_boundary("multipart/form-data; boundary=" + std::string(70, 'a')).has_value());
  EXPECT_EQ(parse_multipart("multipart/form-data; boundary=a;b", body).status, 400);
  EXPECT_EQ(parse_multipart("multipart/form-data; boundary=\"a\x01\"", body).status, 400);
  EXPECT_EQ(parse_multipart("multipart/form-data; boundary=XyZ; boundary=Other", body).status, 400);
  EXPECT_EQ(parse_multipart("multipart/mixed; boundary=XyZ", body).status, 400);
  EXPECT_EQ(parse_multipart("multipart/form-data; boundary=Other", body).status, 400);
}

TEST(Multipart, RefusesMalformedBodies) {
  auto status = [](const std::string& body) { return parse_multipart(kType, body).status; };
  // No closing delimiter; truncated part.
  EXPECT_EQ(status(part("Content-Disposition: form-data; name=\"a\"", "1")), 400);
  EXPECT_EQ(status("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end"), 400);
  EXPECT_EQ(status("--XyZ\r\nContent-Disposition: form-data; name=\"a\""), 400);
  // Delimiter glued to content; empty body.
  EXPECT_EQ(status("--XyZContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ--"), 400);
  EXPECT_EQ(status(""), 400);
  // Parts without a usable Content-Disposition.
  EXPECT_EQ(status(part("Content-Type: text/plain", "1") + "--XyZ--"), 400);
  EXPECT_EQ(status("--XyZ\r\n\r\n1\r\n--XyZ--"), 400);
  EXPECT_EQ(status(part("Content-Disposition: attachment; name=\"a\"", "1") + "--XyZ--"), 400);
  EXPECT_EQ(status(part("Content-Disposition: form-data; filename=\"a\"", "1") + "--XyZ--"), 400);
  EXPECT_EQ(status(part("Content-Disposition: form-data; name=\"\"", "1") + "--XyZ--"), 400);
  EXPECT_EQ(status(part("Content-Disposition: form-data; name=\"a\\u0001\"; name=\"b\"", "1") + "--XyZ--"), 400);
  EXPECT_EQ(status(part("Content-Disposition: form-data; name=\"unterminated", "1") + "--XyZ--"), 400);
  EXPECT_EQ(status(part("Content-Disposition: form-data; name=\"a\"\r\nContent-Disposition: form-data; name=\"b\"", "1") +
                   "--XyZ--"),
            400);
  EXPECT_EQ(status(part("Content-Disposition: form-data; name=\"a\"; filename*=latin1''x", "1") + "--XyZ--"), 400);
  // obs-fold and header lines without a colon.
  EXPECT_EQ(status(part("Content-Disposition: form-data;\r\n name=\"a\"", "1") + "--XyZ--"), 400);
  EXPECT_EQ(status(part("Content-Disposition: form-data; name=\"a\"\r\nbroken", "1") + "--XyZ--"), 400);
  // Encodings we do not decode.
  EXPECT_EQ(status(part("Content-Disposition: form-data; name=\"a\"\r\nContent-Transfer-Encoding: base64", "MQ==") +
                   "--XyZ--"),
            400);
}

TEST(Multipart, RefusesNestedMultipart) {
  std::string inner = "--in\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--in--";
  auto body = part("Content-Disposition: form-data; name=\"a\"\r\nContent-Type: multipart/mixed; boundary=in", inner) +
              "--XyZ--";
  EXPECT_EQ(parse_multipart(kType, body).status, 400);
}

TEST(Multipart, RefusesTooManyPartsAndHugeHeaders) {
  std::string body;
  for (int i = 0; i < 65; ++i) body += part("Content-Disposition: form-data; name=\"f" + std::to_string(i) + "\"", "v");
  body += "--XyZ--";
  EXPECT_EQ(parse_multipart(kType, body).status, 413);
  MultipartLimits roomy;
  roomy.max_parts = 100;
  EXPECT_TRUE(parse_multipart(kType, body, roomy).ok());

  std::string huge = part("Content-Disposition: form-data; name=\"a\"\r\nX-Padding: " + std::string(5000, 'p'), "1") +
                     "--XyZ--";
  EXPECT_EQ(parse_multipart(kType, huge).status, 413);
  std::string endless = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\nX: " + std::string(10000, 'p');
  EXPECT_EQ(parse_multipart(kType, endless).status, 413);
}

TEST(Multipart, SurvivesArbitraryBytes) {
  // Every prefix of a valid body either parses or is refused; never a crash or an overread.
  std::string body = part("Content-Disposition: form-data; name=\"a\"; filename=\"x.bin\"", std::string("\0\r\n--X", 6)) +
                     part("Content-Disposition: form-data; name=\"b\"", "2") + "--XyZ--\r\n";
  for (std::size_t n = 0; n <= body.size(); ++n) {
    auto r = parse_multipart(kType, std::string_view(body).substr(0, n));
    EXPECT_TRUE(r.ok() || r.status == 400 || r.status == 413);
  }
}

}  // namespace cityskills::http
