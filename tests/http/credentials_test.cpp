// Certificates and verifiable credentials through the real server: one award per achievement
// even under concurrent calls, a course completed or an event attended gives its certificate,
// privacy, revocation only by the issuing organisation (seen at once, no cache), the
// verification page for good and bad codes, the PDF read back by poppler, and the Open Badges
// JWT verified by an independent implementation (npm jose).
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sodium.h>
#include <thread>

#include <boost/json.hpp>

#include "features/catalog/store.hpp"
#include "features/credentials/api.hpp"
#include "features/credentials/badge.hpp"
#include "features/credentials/store.hpp"
#include "features/events/store.hpp"
#include "features/orgs/store.hpp"
#include "support/files.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"
#include "support/node_service.hpp"
#include "util/strings.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

using test::repo_root;

std::int64_t org(TestServer& s, const std::string& slug, const std::string& name) { return test::make_org(s, slug, name); }

using test::Person;
Person person(TestServer& s, const std::string& tag, std::int64_t org_id = 0, const std::string& role = "") {
  return test::make_person(s, tag, org_id, role);
}

credentials::Achievement achievement(std::int64_t org_id, std::int64_t subject, const std::string& lang = "en") {
  credentials::Achievement a;
  a.kind = "course";
  a.subject_id = subject;
  a.lang = lang;
  a.title = "Safe passwords";
  a.description = "Strong passwords and a password manager.";
  a.competences = {{"4.1", "foundation"}, {"4.2", "foundation"}};
  a.issuer_org_ids = {org_id};
  a.achieved_at = 1780000000;  // 2026-05-28
  return a;
}

std::string code_of(TestServer& s, std::int64_t award_id) {
  auto c = s.db().acquire();
  return c->one("SELECT public_id FROM awards WHERE id = ?", {award_id})->str(0);
}

// Runs a command; its standard output, and its exit status in `status`.
std::string run(const std::string& command, int& status) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  status = pclose(p);
  return out;
}

std::string write_temp(const std::string& name, const std::string& data) {
  auto path = test::temp_dir("credentials") + "/" + name;
  std::ofstream(path, std::ios::binary) << data;
  return path;
}

// A PNG that decodes (the upload tests' files only have valid headers): `w` x `h` pixels of
// one colour, its pixels in one stored (uncompressed) deflate block.
std::string decodable_png(std::uint32_t w, std::uint32_t h) {
  using test::files::be32;
  std::string raw;
  for (std::uint32_t y = 0; y < h; ++y) {
    raw += '\0';  // filter: none
    for (std::uint32_t x = 0; x < w; ++x) raw += std::string("\x0b\x3d\x6b", 3);
  }
  std::uint32_t a = 1, b = 0;
  for (unsigned char ch : raw) {
    a = (a + ch) % 65521;
    b = (b + a) % 65521;
  }
  auto len = static_cast<std::uint16_t>(raw.size());
  std::string z("\x78\x01\x01", 3);
  z += static_cast<char>(len & 0xff);
  z += static_cast<char>(len >> 8);
  z += static_cast<char>(~len & 0xff);
  z += static_cast<char>((~len >> 8) & 0xff);
  z += raw + be32((b << 16) | a);
  auto chunk = [](const std::string& type, const std::string& data) {
    return be32(static_cast<std::uint32_t>(data.size())) + type + data + be32(test::files::crc32(type + data));
  };
  std::string ihdr = be32(w) + be32(h) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", z) + chunk("IEND", "");
}

// Checks `json` against the Open Badges 3.0 schema `which` (credential, profile) with npm ajv;
// the checker's output, and its exit status in `status`.
std::string ob3_schema(const std::string& which, const std::string& json, const std::string& name, int& status) {
  return run("node " + repo_root() + "/tests/support/check_ob3_schema.mjs " + which + " " + write_temp(name, json) +
                 " 2>&1",
             status);
}

}  // namespace

TEST(Credentials, AwardIsGivenOncePerAchievementEvenConcurrently) {
  TestServer s;
  auto a = org(s, "city-a", "City A");
  auto p = person(s, "holder");
  std::vector<std::int64_t> ids(8);
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      auto c = s.db().acquire();
      ids[i] = credentials::award(*c, p.id, achievement(a, 42));
    });
  for (auto& t : threads) t.join();
  for (auto id : ids) EXPECT_EQ(id, ids[0]);
  auto c = s.db().acquire();
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM awards WHERE user_id = ?", {p.id})->i64(0), 1);
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM award_issuers WHERE award_id = ?", {ids[0]})->i64(0), 1);
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM award_log WHERE award_id = ? AND action = 'issued'", {ids[0]})->i64(0), 1);
  // Another subject or kind is another award.
  auto other = achievement(a, 42);
  other.kind = "event";
  EXPECT_NE(credentials::award(*c, p.id, other), ids[0]);
  EXPECT_NE(credentials::award(*c, p.id, achievement(a, 43)), ids[0]);
  auto code = credentials::store::new_public_id();
  EXPECT_TRUE(credentials::store::well_formed(code)) << code;
  EXPECT_NE(code, credentials::store::new_public_id());
}

TEST(Credentials, CompletingACourseGivesACertificateThatLaterEditsDoNotChange) {
  TestServer s;
  auto a = org(s, "city-a", "City A");
  std::int64_t course = 0, lesson = 0;
  {
    auto c = s.db().acquire();
    catalog::Course x;
    x.org_id = a;
    x.lang = "it";
    x.title = "Password sicure";
    x.summary = "Password robuste e un gestore di password.";
    x.description = "Corso";
    x.level = "foundation";
    x.competences = {"4.1"};
    x.open_access = true;
    course = catalog::store::create_course(*c, x, 0);
    auto module = catalog::store::add_module(*c, course, "Modulo");
    catalog::Lesson l;
    l.course_id = course;
    l.module_id = module;
    l.kind = "text";
    l.title = "Leggi";
    l.body = "Testo";
    lesson = catalog::store::create_lesson(*c, l);
    catalog::store::set_published(*c, course, true);
  }
  auto p = person(s, "learner");
  Client learner = s.signed_in(p.email, test::kPassword);
  EXPECT_NE(learner.get("/my/credentials").body.find("credentials"), std::string::npos);
  auto lesson_url = "/courses/" + std::to_string(course) + "/lessons/" + std::to_string(lesson);
  learner.get(lesson_url);
  ASSERT_EQ(learner.post(lesson_url + "/complete", {}).status, 303);
  ASSERT_EQ(learner.post(lesson_url + "/complete", {}).status, 303);  // again: still one award
  std::string code;
  {
    auto c = s.db().acquire();
    auto rows = c->query("SELECT public_id, kind, subject_id, title, competences FROM awards WHERE user_id = ?", {p.id});
    ASSERT_EQ(rows.size(), 1u);
    code = rows[0].str(0);
    EXPECT_EQ(rows[0].str(1), "course");
    EXPECT_EQ(rows[0].i64(2), course);
    EXPECT_EQ(rows[0].str(4), "[[\"4.1\",\"foundation\"]]");
    c->exec("UPDATE courses SET title = 'Renamed later' WHERE id = ?", {course});
  }
  auto mine = learner.get("/my/credentials");
  EXPECT_NE(mine.body.find("Password sicure"), std::string::npos);
  EXPECT_NE(learner.get("/my/learning").body.find("href=\"/my/credentials\""), std::string::npos);
  auto page = s.client().get("/verify/" + code);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("Password sicure"), std::string::npos);
  EXPECT_EQ(page.body.find("Renamed later"), std::string::npos);
  EXPECT_NE(page.body.find("City A"), std::string::npos);
  EXPECT_EQ(page.body.find(p.email), std::string::npos);  // no more than the certificate shows
}

TEST(Credentials, AttendanceMarkedGivesAnAttendanceCertificate) {
  TestServer s;
  auto a = org(s, "city-a", "City A");
  auto organiser = person(s, "organiser", a, "author");
  auto came = person(s, "came"), absent = person(s, "absent");
  std::int64_t event = 0;
  {
    auto c = s.db().acquire();
    events::Event e;
    e.org_id = a;
    e.kind = "webinar";
    e.title = "Spotting phishing";
    e.summary = "How to recognise a fake message";
    e.description = "Agenda";
    e.lang = "en";
    e.theme = "safety";
    e.audience = "everyone";
    e.age_group = "all";
    e.starts_at = util::now_unix() - 7200;
    e.ends_at = e.starts_at + 3600;
    e.online = true;
    e.join_url = "https://meet.example.org/room";
    e.capacity = 10;
    event = events::store::create(*c, e, 0);
    for (auto u : {came.id, absent.id})
      c->exec("INSERT INTO registrations (event_id, user_id, status, queue_seq, created_at, updated_at) "
              "VALUES (?, ?, 'confirmed', ?, 0, 0)",
              {event, u, u});
  }
  Client c = s.signed_in(organiser.email, test::kPassword);
  auto base = "/events/" + std::to_string(event);
  c.get(base + "/registrants");
  ASSERT_EQ(c.post(base + "/attendance", {{"present", std::to_string(came.id)}}).status, 303);
  ASSERT_EQ(c.post(base + "/attendance", {{"present", std::to_string(came.id)}}).status, 303);
  auto db = s.db().acquire();
  auto rows = db->query("SELECT user_id, kind, subject_id, competences FROM awards");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].i64(0), came.id);
  EXPECT_EQ(rows[0].str(1), "event");
  EXPECT_EQ(rows[0].i64(2), event);
  EXPECT_EQ(rows[0].str(3), "[[\"4\",\"\"]]");
}

TEST(Credentials, HolderMakesAnAwardPrivateAndOthersGet404) {
  TestServer s;
  auto a = org(s, "city-a", "City A");
  auto holder = person(s, "holder"), other = person(s, "other");
  std::int64_t id = 0;
  {
    auto c = s.db().acquire();
    id = credentials::award(*c, holder.id, achievement(a, 1));
  }
  auto code = code_of(s, id);
  Client h = s.signed_in(holder.email, test::kPassword);
  Client o = s.signed_in(other.email, test::kPassword);
  auto privacy = "/my/credentials/" + std::to_string(id) + "/privacy";
  h.get("/my/credentials");
  ASSERT_EQ(h.post(privacy, {{"private", "1"}}).status, 303);
  for (const auto& path : {"/verify/" + code, "/verify/" + code + "/certificate.pdf", "/verify/" + code + "/credential.jwt"}) {
    EXPECT_EQ(s.client().get(path).status, 404) << path;
    EXPECT_EQ(o.get(path).status, 404) << path;
    EXPECT_EQ(h.get(path).status, 200) << path;
  }
  // Only the holder changes it; another person's request is a 404, a stray field a 400.
  o.get("/my/credentials");
  EXPECT_EQ(o.post(privacy, {}).status, 404);
  h.get("/my/credentials");
  EXPECT_EQ(h.post(privacy, {{"private", "1"}, {"user_id", "1"}}).status, 400);
  EXPECT_EQ(h.post(privacy, {}, false).status, 403);  // no CSRF token
  EXPECT_EQ(h.post("/my/credentials/99999999999999999999/privacy", {}).status, 404);
  EXPECT_EQ(s.client().get("/verify/" + code).status, 404);
  h.get("/my/credentials");
  ASSERT_EQ(h.post(privacy, {}).status, 303);
  EXPECT_EQ(s.client().get("/verify/" + code).status, 200);
}

TEST(Credentials, OnlyTheIssuingOrganisationRevokesAndEveryRequestSeesIt) {
  TestServer s;
  auto a = org(s, "city-a", "City A"), b = org(s, "city-b", "City B");
  auto issuer = person(s, "issuer-a", a, "org_admin"), stranger = person(s, "issuer-b", b, "author");
  auto holder = person(s, "holder");
  std::int64_t id = 0;
  {
    auto c = s.db().acquire();
    id = credentials::award(*c, holder.id, achievement(a, 7));
  }
  auto code = code_of(s, id);
  auto revoke = "/credentials/awards/" + code + "/revoke";
  Client sb = s.signed_in(stranger.email, test::kPassword);
  EXPECT_EQ(sb.get(revoke).status, 403);
  EXPECT_EQ(sb.get("/credentials/issued").body.find(code), std::string::npos);
  sb.get("/credentials/issued");
  EXPECT_EQ(sb.post(revoke, {{"reason", "Because"}}).status, 403);
  Client h = s.signed_in(holder.email, test::kPassword);
  EXPECT_EQ(h.get(revoke).status, 403);  // the holder publishes nowhere
  EXPECT_EQ(s.client().get(revoke).status, 303);  // sign in first

  Client sa = s.signed_in(issuer.email, test::kPassword);
  EXPECT_NE(sa.get("/credentials/issued").body.find(code), std::string::npos);
  ASSERT_EQ(sa.get(revoke).status, 200);
  auto empty = sa.post(revoke, {{"reason", "   "}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("Give the reason"), std::string::npos);
  auto long_reason = sa.post(revoke, {{"reason", std::string(501, 'x')}});
  EXPECT_EQ(long_reason.status, 422);
  EXPECT_NE(long_reason.body.find("501"), std::string::npos);
  EXPECT_EQ(sa.post(revoke, {{"reason", "Bad"}, {"revoked_at", "0"}}).status, 400);
  EXPECT_EQ(s.client().get("/verify/" + code).body.find("Revoked"), std::string::npos);
  sa.get(revoke);
  ASSERT_EQ(sa.post(revoke, {{"reason", "Exam <b>copied</b>"}}).status, 303);
  auto page = s.client().get("/verify/" + code);
  EXPECT_NE(page.body.find("Revoked."), std::string::npos);
  EXPECT_NE(page.body.find("Exam &lt;b&gt;copied&lt;/b&gt;"), std::string::npos);
  EXPECT_EQ(page.header("cache-control"), "no-store");
  sa.get(revoke);
  EXPECT_EQ(sa.post(revoke, {{"reason", "Again"}}).status, 409);
  auto log = sa.get("/credentials/issued").body;
  EXPECT_NE(log.find("Exam &lt;b&gt;copied&lt;/b&gt;"), std::string::npos);

  // Another node writes to the same database: the next request anywhere sees it, in German too.
  std::int64_t id2 = 0;
  {
    auto c = s.db().acquire();
    id2 = credentials::award(*c, holder.id, achievement(a, 8));
    c->exec("UPDATE awards SET revoked_at = ?, revoke_reason = 'Elsewhere' WHERE id = ?", {util::now_unix(), id2});
  }
  Client de = s.client();
  de.lang = "de";
  auto german = de.get("/verify/" + code_of(s, id2));
  EXPECT_NE(german.body.find("Widerrufen."), std::string::npos);
  EXPECT_NE(german.body.find("Elsewhere"), std::string::npos);
  // Expired.
  {
    auto c = s.db().acquire();
    auto e = achievement(a, 9);
    e.expires_at = util::now_unix() - 10;
    auto id3 = credentials::award(*c, holder.id, e);
    EXPECT_NE(s.client().get("/verify/" + code_of(s, id3)).body.find("Expired."), std::string::npos);
  }
}

TEST(Credentials, MalformedOrUnknownCodesAreA404) {
  TestServer s;
  for (const std::string& path : std::vector<std::string>{"/verify/abc", "/verify/AAAAAAAAAAAAAAAAAAAAAAAAAA", "/verify/aaaaaaaaaaaaaaaaaaaaaaaaaa", "/verify/aaaaaaaaaaaaaaaaaaaaaaaaa1",
        "/verify/" + std::string(2000, 'a'), "/verify/'%20OR%201=1--", "/verify/aaaaaaaaaaaaaaaaaaaaaaaaaa/certificate.pdf",
        "/verify/zz/credential.jwt", "/credentials/awards/aaaaaaaaaaaaaaaaaaaaaaaaaa/revoke"}) {
    auto r = s.client().get(path);
    EXPECT_TRUE(r.status == 404 || r.status == 303) << path << " " << r.status;
  }
  auto r = s.client().get("/verify/aaaaaaaaaaaaaaaaaaaaaaaaaa");
  EXPECT_NE(r.body.find("No certificate has this code"), std::string::npos);
  EXPECT_EQ(s.client().get("/verify/%zz").status, 400);
  // Guessing is slowed down: after 30 refused look-ups within ten minutes, 429 with Retry-After,
  // even for a code that exists.
  auto a = org(s, "city-a", "City A");
  auto holder = person(s, "holder");
  std::int64_t id = 0;
  {
    auto c = s.db().acquire();
    id = credentials::award(*c, holder.id, achievement(a, 1));
  }
  EXPECT_EQ(s.client().get("/verify/" + code_of(s, id)).status, 200);
  for (int i = 0; i < 30; ++i) s.client().get("/verify/" + credentials::store::new_public_id());
  auto limited = s.client().get("/verify/" + code_of(s, id));
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.header("retry-after"), "600");
  EXPECT_NE(limited.body.find("Wait a few minutes"), std::string::npos);
  EXPECT_EQ(s.client().get("/verify/" + code_of(s, id) + "/certificate.pdf").status, 429);
}

TEST(Credentials, PdfCertificateIsA4TextInTheAwardsLanguageAndTheSameBytesEachTime) {
  TestServer s;
  auto a = org(s, "comune-valverde", "Comune di Valverde");
  auto holder = person(s, "holder");
  {
    auto c = s.db().acquire();
    c->exec("UPDATE users SET display_name = 'Giulia Ćosić' WHERE id = ?", {holder.id});
  }
  std::int64_t id = 0;
  {
    auto c = s.db().acquire();
    id = credentials::award(*c, holder.id, achievement(a, 5, "it"));
  }
  auto code = code_of(s, id);
  auto first = s.client().get("/verify/" + code + "/certificate.pdf");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.header("content-type"), "application/pdf");
  EXPECT_NE(first.header("content-disposition").find("attachment"), std::string::npos);
  auto second = s.client().get("/verify/" + code + "/certificate.pdf");
  EXPECT_EQ(first.body, second.body);
  auto pdf = write_temp("cert-" + code + ".pdf", first.body);
  int status = -1;
  auto text = run("pdftotext -layout " + pdf + " - 2>&1", status);
  ASSERT_EQ(status, 0) << text;
  EXPECT_NE(text.find("Attestato di completamento"), std::string::npos) << text;
  EXPECT_NE(text.find("Giulia Ćosić"), std::string::npos) << text;
  EXPECT_NE(text.find("Safe passwords"), std::string::npos) << text;
  EXPECT_NE(text.find("Comune di Valverde"), std::string::npos) << text;
  EXPECT_NE(text.find(code), std::string::npos) << text;
  EXPECT_NE(text.find("/verify/" + code), std::string::npos) << text;
  EXPECT_NE(text.find("4.1"), std::string::npos) << text;
  auto info = run("pdfinfo " + pdf + " 2>&1", status);
  EXPECT_TRUE(std::regex_search(info, std::regex("Pages: +1\\n"))) << info;
  EXPECT_NE(info.find("(A4)"), std::string::npos) << info;
  EXPECT_TRUE(std::regex_search(info, std::regex("Tagged: +yes"))) << info;
  EXPECT_NE(info.find("2026"), std::string::npos) << info;  // the creation date is the award's
  auto fonts = run("pdffonts " + pdf + " 2>&1", status);
  EXPECT_NE(fonts.find("DejaVu"), std::string::npos) << fonts;
  EXPECT_EQ(fonts.find(" no  "), std::string::npos) << fonts;  // every font embedded
}

TEST(Credentials, OpenBadgeJwtVerifiesWithJoseAndTamperingOrAnotherKeyFails) {
  TestServer s;
  auto a = org(s, "city-a", "City A");
  auto holder = person(s, "holder");
  std::int64_t id = 0;
  {
    auto c = s.db().acquire();
    id = credentials::award(*c, holder.id, achievement(a, 11));
  }
  auto code = code_of(s, id);
  auto jwt = s.client().get("/verify/" + code + "/credential.jwt");
  ASSERT_EQ(jwt.status, 200);
  EXPECT_EQ(jwt.header("content-type"), "application/vc+jwt");
  EXPECT_EQ(jwt.body, s.client().get("/verify/" + code + "/credential.jwt").body);  // deterministic
  auto jwks = s.client().get("/.well-known/jwks.json");
  ASSERT_EQ(jwks.status, 200);
  auto issuer = s.client().get("/credentials/issuer");
  ASSERT_EQ(issuer.status, 200);
  EXPECT_NE(issuer.body.find("\"Profile\""), std::string::npos);
  EXPECT_EQ(s.client().get("/.well-known/did.json").status, 200);
  auto base = s.services().config.public_url;
  auto root = repo_root();
  auto script = root + "/tests/support/verify_vc_jwt.mjs";
  auto jwks_file = write_temp("jwks-" + code + ".json", jwks.body);
  auto verify = [&](const std::string& token, int& status) {
    return run("node " + script + " " + write_temp("vc-" + code + ".jwt", token) + " " + jwks_file + " " + base +
                   "/credentials/issuer 2>&1",
               status);
  };
  int status = -1;
  auto out = verify(jwt.body, status);
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("\"OpenBadgeCredential\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"https://www.w3.org/ns/credentials/v2\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"targetCode\":\"4.1\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"alg\":\"EdDSA\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"id\":\"" + base + "/verify/" + code + "\""), std::string::npos) << out;

  // Any changed byte of payload or signature breaks it.
  auto dot1 = jwt.body.find('.'), dot2 = jwt.body.rfind('.');
  auto tampered = jwt.body;
  tampered[dot1 + 10] = tampered[dot1 + 10] == 'A' ? 'B' : 'A';
  EXPECT_NE(verify(tampered, status), "");
  EXPECT_NE(status, 0);
  tampered = jwt.body;
  tampered[dot2 + 5] = tampered[dot2 + 5] == 'A' ? 'B' : 'A';
  verify(tampered, status);
  EXPECT_NE(status, 0);
  // alg none, and a token signed by another key with the same kid, are refused.
  auto none = std::string("eyJhbGciOiJub25lIiwidHlwIjoidmMrand0In0.") + jwt.body.substr(dot1 + 1, dot2 - dot1 - 1) + ".";
  verify(none, status);
  EXPECT_NE(status, 0);

  // After a rotation the old credential still verifies, and new ones carry the new key.
  {
    auto c = s.db().acquire();
    credentials::store::rotate_key(*c);
  }
  auto jwks2 = s.client().get("/.well-known/jwks.json").body;
  jwks_file = write_temp("jwks2-" + code + ".json", jwks2);
  out = verify(jwt.body, status);
  EXPECT_EQ(status, 0) << out;
  auto jwt2 = s.client().get("/verify/" + code + "/credential.jwt").body;
  EXPECT_NE(jwt2.substr(0, dot1), jwt.body.substr(0, dot1));
  out = verify(jwt2, status);
  EXPECT_EQ(status, 0) << out;
  // The revocation status list: the credential names its entry; revoking sets its bit at once.
  auto status_of = [&](std::int64_t award_id) {
    auto list = s.client().get("/credentials/status/0");
    EXPECT_EQ(list.status, 200);
    EXPECT_EQ(list.header("cache-control"), "no-store");
    int rc = -1;
    auto printed = run("node " + script + " " + write_temp("status-" + code + ".jwt", list.body) + " " + jwks_file +
                           " " + base + "/credentials/issuer " + std::to_string(award_id) + " 2>&1",
                       rc);
    EXPECT_EQ(rc, 0) << printed;
    return printed;
  };
  EXPECT_NE(out.find("\"statusListCredential\":\"" + base + "/credentials/status/0\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"statusListIndex\":\"" + std::to_string(id) + "\""), std::string::npos) << out;
  EXPECT_NE(status_of(id).find("bit=0"), std::string::npos);
  {
    auto c = s.db().acquire();
    credentials::store::revoke(*c, id, holder.id, "Test");
  }
  EXPECT_NE(status_of(id).find("bit=1"), std::string::npos);
  EXPECT_NE(status_of(id + 1).find("bit=0"), std::string::npos);
  EXPECT_EQ(s.client().get("/credentials/status/1").status, 404);
  EXPECT_EQ(s.client().get("/credentials/status/-1").status, 404);
  EXPECT_EQ(s.client().get("/credentials/status/99999999999999999999").status, 404);

  // Against only the first key set, a credential signed by the second key fails.
  jwks_file = write_temp("jwks1-" + code + ".json", jwks.body);
  verify(jwt2, status);
  EXPECT_NE(status, 0);
}

TEST(Credentials, PastedOrUploadedCredentialGetsAClearVerdict) {
  TestServer s;
  auto a = org(s, "city-a", "City A");
  auto holder = person(s, "holder"), issuer_person = person(s, "issuer", a, "author");
  std::int64_t id = 0;
  {
    auto c = s.db().acquire();
    id = credentials::award(*c, holder.id, achievement(a, 3));
  }
  auto code = code_of(s, id);
  auto jwt = s.client().get("/verify/" + code + "/credential.jwt").body;
  Client v = s.client();
  ASSERT_EQ(v.get("/verify").status, 200);
  auto verdict = [&](const std::string& token) { v.get("/verify"); return v.post("/verify", {{"credential", token}}); };
  auto ok = verdict("  " + jwt + "\n");
  EXPECT_EQ(ok.status, 200);
  EXPECT_NE(ok.body.find("The signature is genuine"), std::string::npos);
  EXPECT_NE(ok.body.find("Valid."), std::string::npos);
  // Uploads: for signed-in people only (a visitor's upload is sent to sign in).
  EXPECT_EQ(v.get("/verify").body.find("/verify/upload"), std::string::npos);
  EXPECT_EQ(v.post_multipart("/verify/upload", {}, {{"file", "badge.jwt", "application/octet-stream", jwt}}).status, 303);
  Client u = s.signed_in(holder.email, test::kPassword);
  EXPECT_NE(u.get("/verify").body.find("/verify/upload"), std::string::npos);
  auto uploaded = u.post_multipart("/verify/upload", {}, {{"file", "badge.jwt", "application/octet-stream", jwt}});
  EXPECT_EQ(uploaded.status, 200);
  EXPECT_NE(uploaded.body.find("Valid."), std::string::npos);

  auto dot1 = jwt.find('.'), dot2 = jwt.rfind('.');
  auto tampered = jwt;
  tampered[dot1 + 12] = tampered[dot1 + 12] == 'A' ? 'B' : 'A';
  auto r = verdict(tampered);
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("has been changed"), std::string::npos) << r.body;
  tampered = jwt;
  tampered[dot2 + 3] = tampered[dot2 + 3] == 'A' ? 'B' : 'A';
  EXPECT_NE(verdict(tampered).body.find("has been changed"), std::string::npos);
  // Signed by a key this instance never had, with our own key id.
  credentials::SigningKey forged;
  {
    auto c = s.db().acquire();
    forged = credentials::store::current_key(*c);
  }
  unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
  crypto_sign_keypair(pk, sk);
  forged.secret_key.assign(reinterpret_cast<char*>(sk), sizeof sk);
  credentials::Award fake;
  fake.public_id = code;
  fake.kind = "course";
  fake.title = "Forged";
  fake.achieved_at = 1;
  auto forged_jwt = credentials::credential_jwt(fake, s.services().config.public_url, "X", forged);
  EXPECT_NE(verdict(forged_jwt).body.find("has been changed"), std::string::npos);
  forged.kid = "another-issuer";
  EXPECT_NE(verdict(credentials::credential_jwt(fake, "https://elsewhere.example", "X", forged)).body.find("another issuer"),
            std::string::npos);
  auto none = std::string("eyJhbGciOiJub25lIiwidHlwIjoidmMrand0In0.") + jwt.substr(dot1 + 1, dot2 - dot1 - 1) + ".";
  EXPECT_NE(verdict(none).body.find("not signed the way"), std::string::npos);
  for (const std::string& junk : {std::string("hello"), std::string("{\"@context\":[],\"type\":\"x\"}"),
                                  std::string("a.b.c"), std::string("...")}) {
    auto j = verdict(junk);
    EXPECT_EQ(j.status, 422) << junk;
    EXPECT_NE(j.body.find("not an Open Badge credential"), std::string::npos) << junk;
  }
  // Binary: pasted, the form refuses it (400, not UTF-8); uploaded, it is no credential.
  EXPECT_EQ(verdict(std::string("\x01\xff\xfe.\x00.x", 8)).status, 400);
  u.get("/verify");
  auto binary = u.post_multipart("/verify/upload", {}, {{"file", "x.jwt", "application/octet-stream", std::string("\x01\xff\xfe.\x00.x", 8)}});
  EXPECT_EQ(binary.status, 422);
  EXPECT_NE(binary.body.find("not an Open Badge credential"), std::string::npos);
  auto empty = verdict("   ");
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("Paste a credential"), std::string::npos);
  auto long_one = verdict(std::string(20 * 1024, 'a'));
  EXPECT_EQ(long_one.status, 422);
  EXPECT_NE(long_one.body.find("too long"), std::string::npos);
  u.get("/verify");
  auto no_file = u.post_multipart("/verify/upload", {}, {});
  EXPECT_EQ(no_file.status, 422);
  EXPECT_NE(no_file.body.find("Paste a credential or choose its file"), std::string::npos);
  u.get("/verify");
  EXPECT_EQ(u.post_multipart("/verify/upload", {}, {{"file", "big.jwt", "text/plain", std::string(100 * 1024, 'a')}}).status, 413);
  EXPECT_EQ(v.post("/verify", {{"credential", std::string(100 * 1024, 'a')}}).status, 413);

  // Revoked: the signature is still genuine, the verdict says revoked.
  Client i = s.signed_in(issuer_person.email, test::kPassword);
  i.get("/credentials/awards/" + code + "/revoke");
  ASSERT_EQ(i.post("/credentials/awards/" + code + "/revoke", {{"reason", "Issued by mistake"}}).status, 303);
  auto revoked = verdict(jwt);
  EXPECT_EQ(revoked.status, 200);
  EXPECT_NE(revoked.body.find("Revoked."), std::string::npos);
  EXPECT_NE(revoked.body.find("Issued by mistake"), std::string::npos);
}

}  // namespace cityskills

namespace cityskills {

TEST(Credentials, AnIssuerReinstatesARevokedAwardWithAReason) {
  using test::Client;
  TestServer s;
  auto a = org(s, "city-a", "City A"), b = org(s, "city-b", "City B");
  auto issuer = person(s, "issuer-a", a, "author"), stranger = person(s, "issuer-b", b, "org_admin");
  auto holder = person(s, "holder");
  std::int64_t id = 0;
  {
    auto c = s.db().acquire();
    id = credentials::award(*c, holder.id, achievement(a, 7));
  }
  auto code = code_of(s, id);
  auto page = "/credentials/awards/" + code + "/revoke";
  auto reinstate = "/credentials/awards/" + code + "/reinstate";
  Client sa = s.signed_in(issuer.email, test::kPassword);
  sa.get(page);
  EXPECT_EQ(sa.post(reinstate, {{"reason", "Not revoked"}}).status, 409);  // nothing to undo
  ASSERT_EQ(sa.post(page, {{"reason", "Exam copied"}}).status, 303);
  EXPECT_NE(s.client().get("/verify/" + code).body.find("Revoked."), std::string::npos);
  auto form = sa.get(page);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("Reinstate the award"), std::string::npos);
  EXPECT_NE(form.body.find("action=\"" + reinstate + "\""), std::string::npos);
  EXPECT_NE(sa.get("/credentials/issued").body.find(page), std::string::npos);
  // Others: refused, nothing changes.
  Client sb = s.signed_in(stranger.email, test::kPassword);
  sb.get("/credentials/issued");
  EXPECT_EQ(sb.post(reinstate, {{"reason", "Because"}}).status, 403);
  Client h = s.signed_in(holder.email, test::kPassword);
  h.get("/my/credentials");
  EXPECT_EQ(h.post(reinstate, {{"reason", "Please"}}).status, 403);
  EXPECT_EQ(s.client().post(reinstate, {{"reason", "x"}}, false).status, 303);  // sign in first
  sa.get(page);
  EXPECT_EQ(sa.post("/credentials/awards/zz/reinstate", {{"reason", "x"}}).status, 404);
  // A reason is required, and stray fields are refused.
  auto empty = sa.post(reinstate, {{"reason", " "}});
  EXPECT_EQ(empty.status, 422);
  EXPECT_NE(empty.body.find("href=\"#reason\""), std::string::npos);
  EXPECT_EQ(sa.post(reinstate, {{"reason", "Appeal"}, {"revoked_at", ""}}).status, 400);
  EXPECT_NE(s.client().get("/verify/" + code).body.find("Revoked."), std::string::npos);

  ASSERT_EQ(sa.post(reinstate, {{"reason", "Appeal upheld"}}).status, 303);
  auto verify = s.client().get("/verify/" + code);
  EXPECT_EQ(verify.body.find("Revoked."), std::string::npos);
  EXPECT_NE(verify.body.find("Valid"), std::string::npos);
  sa.get(page);
  EXPECT_EQ(sa.post(reinstate, {{"reason", "Again"}}).status, 409);
  auto c = s.db().acquire();
  EXPECT_TRUE(credentials::store::revoked_between(*c, 0, 1 << 20).empty());  // the status-list bit is clear
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM award_log WHERE award_id = ? AND action = 'reinstated' AND reason = 'Appeal upheld'",
                   {id})->i64(0), 1);
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM privacy_audit WHERE action = 'award.reinstate' AND target_id = ?", {id})->i64(0), 1);
  EXPECT_NE(sa.get("/credentials/issued").body.find("reinstated"), std::string::npos);
}

TEST(Credentials, OrganisationLogoAndSignatoryShowOnThePdfTheProfileAndTheVerificationPage) {
  TestServer s;
  auto a = org(s, "comune-valverde", "Comune di Valverde");
  auto admin = person(s, "org-admin", a, "org_admin");
  auto holder = person(s, "holder");
  Client c = s.signed_in(admin.email, test::kPassword);
  auto page = "/admin/organisations/" + std::to_string(a);
  ASSERT_EQ(c.get(page).status, 200);
  EXPECT_NE(c.get(page).body.find("id=\"certificates\""), std::string::npos);
  auto logo = decodable_png(60, 30);
  ASSERT_EQ(c.post_multipart(page + "/logo", {}, {{"logo", "crest.png", "image/png", logo}}).status, 303);
  ASSERT_EQ(c.post(page + "/signatory", {{"signatory_name", "Elena Martini"},
                                         {"signatory_role_it", "Sindaca di Valverde"},
                                         {"signatory_role_en", "Mayor of Valverde"},
                                         {"signatory_role_de", ""},
                                         {"signatory_role_sv", ""},
                                         {"signatory_role_fi", ""}})
                .status,
            303);
  auto shown = c.get(page).body;
  EXPECT_NE(shown.find("value=\"Elena Martini\""), std::string::npos);
  EXPECT_NE(shown.find("value=\"Sindaca di Valverde\""), std::string::npos);

  std::int64_t it_id = 0, de_id = 0;
  {
    auto db = s.db().acquire();
    it_id = credentials::award(*db, holder.id, achievement(a, 5, "it"));
    de_id = credentials::award(*db, holder.id, achievement(a, 6, "de"));
  }
  auto code = code_of(s, it_id);
  auto first = s.client().get("/verify/" + code + "/certificate.pdf");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body, s.client().get("/verify/" + code + "/certificate.pdf").body);  // same bytes each time
  auto pdf = write_temp("signed-" + code + ".pdf", first.body);
  int status = -1;
  auto text = run("pdftotext -layout " + pdf + " - 2>&1", status);
  ASSERT_EQ(status, 0) << text;
  EXPECT_NE(text.find("Elena Martini"), std::string::npos) << text;
  EXPECT_NE(text.find("Sindaca di Valverde"), std::string::npos) << text;
  auto images = run("pdfimages -list " + pdf + " 2>&1", status);
  EXPECT_NE(images.find("   60    30 "), std::string::npos) << images;  // the logo, at its own size
  // German was not given: the default language's role.
  auto de_text = run("pdftotext -layout " + write_temp("signed-de.pdf", s.client().get("/verify/" + code_of(s, de_id) +
                                                                                         "/certificate.pdf").body) +
                         " - 2>&1",
                     status);
  EXPECT_NE(de_text.find("Mayor of Valverde"), std::string::npos) << de_text;

  // The verification page shows the logo and who signed; the organisation's profile has the image.
  auto verify = s.client().get("/verify/" + code);
  auto logo_path = "/organisations/" + std::to_string(a) + "/logos/";
  EXPECT_NE(verify.body.find("src=\"" + logo_path), std::string::npos) << verify.body;
  EXPECT_NE(verify.body.find("Elena Martini"), std::string::npos);
  auto base = s.services().config.public_url;
  auto profile = s.client().get("/credentials/organisations/" + std::to_string(a));
  ASSERT_EQ(profile.status, 200);
  EXPECT_NE(profile.body.find("\"image\":{\"id\":\"" + base + logo_path), std::string::npos) << profile.body;
  EXPECT_NE(profile.body.find("\"type\":\"Image\""), std::string::npos) << profile.body;
  auto image_url = profile.body.substr(profile.body.find(logo_path));
  image_url = image_url.substr(0, image_url.find('"'));
  auto img = s.client().get(image_url);
  ASSERT_EQ(img.status, 200);
  EXPECT_EQ(img.header("content-type"), "image/png");
  EXPECT_EQ(img.body, logo);
  EXPECT_EQ(s.client().get("/credentials/organisations/999999").status, 404);
  EXPECT_EQ(s.client().get(logo_path + "999999").status, 404);

  // A new logo and signatory change new certificates only: this one keeps its bytes and logo.
  ASSERT_EQ(c.post_multipart(page + "/logo", {}, {{"logo", "new.png", "image/png", decodable_png(80, 20)}}).status, 303);
  ASSERT_EQ(c.post(page + "/signatory", {{"signatory_name", "Paolo Neri"},
                                         {"signatory_role_it", "Sindaco"},
                                         {"signatory_role_en", ""},
                                         {"signatory_role_de", ""},
                                         {"signatory_role_sv", ""},
                                         {"signatory_role_fi", ""}})
                .status,
            303);
  EXPECT_EQ(s.client().get("/verify/" + code + "/certificate.pdf").body, first.body);
  EXPECT_EQ(s.client().get(image_url).status, 200);  // the earlier logo stays public
  EXPECT_EQ(s.client().get(image_url).body, logo);
  EXPECT_EQ(s.client().get("/credentials/organisations/" + std::to_string(a)).body.find(image_url + "\""),
            std::string::npos);  // the profile shows the current logo
}

TEST(Credentials, LogoUploadAndSignatoryRefuseBadInputsAndOtherOrganisations) {
  TestServer s;
  auto a = org(s, "city-a", "City A");
  auto b = org(s, "city-b", "City B");
  auto admin = person(s, "admin-a", a, "org_admin");
  auto other_admin = person(s, "admin-b", b, "org_admin");
  auto author = person(s, "author-a", a, "author");
  Client c = s.signed_in(admin.email, test::kPassword);
  auto page = "/admin/organisations/" + std::to_string(a);
  auto png = decodable_png(40, 20);
  c.get(page);  // the page with the forms, and their token

  auto not_image = c.post_multipart(page + "/logo", {}, {{"logo", "logo.png", "image/png", "just some text, not a picture"}});
  EXPECT_EQ(not_image.status, 415);
  EXPECT_NE(not_image.body.find("not a valid"), std::string::npos) << not_image.body;
  EXPECT_NE(not_image.body.find("aria-invalid=\"true\""), std::string::npos);
  auto gif = c.post_multipart(page + "/logo", {}, {{"logo", "logo.gif", "image/gif", "GIF89a"}});
  EXPECT_EQ(gif.status, 415);
  EXPECT_NE(gif.body.find("png, jpg, jpeg"), std::string::npos) << gif.body;
  auto webp = c.post_multipart(page + "/logo", {}, {{"logo", "logo.webp", "image/webp", test::files::webp(40, 20)}});
  EXPECT_EQ(webp.status, 415);  // cairo draws PNG and JPEG only
  auto huge = c.post_multipart(page + "/logo", {}, {{"logo", "logo.png", "image/png", png + std::string(520 * 1024, '\0')}});
  EXPECT_EQ(huge.status, 413);
  EXPECT_NE(huge.body.find("512 kB"), std::string::npos) << huge.body;
  auto wide = c.post_multipart(page + "/logo", {}, {{"logo", "logo.png", "image/png", test::files::png(3000, 100)}});
  EXPECT_EQ(wide.status, 422);
  EXPECT_NE(wide.body.find("3000 × 100"), std::string::npos) << wide.body;
  auto none = c.post_multipart(page + "/logo", {}, {});
  EXPECT_EQ(none.status, 422);
  Client it = s.signed_in(admin.email, test::kPassword);
  it.get(page + "?lang=it");  // remembered in the browser's cookie
  auto in_italian = it.post_multipart(page + "/logo", {}, {{"logo", "logo.png", "image/png", "testo"}});
  EXPECT_EQ(in_italian.status, 415);
  EXPECT_NE(in_italian.body.find("non è un file"), std::string::npos) << in_italian.body;
  {
    auto db = s.db().acquire();
    EXPECT_FALSE(db->one("SELECT logo_id FROM organisations WHERE id = ? AND logo_id IS NOT NULL", {a}).has_value());
  }
  EXPECT_EQ(c.post_multipart(page + "/logo", {}, {{"logo", "logo.jpg", "image/jpeg", test::files::jpeg(40, 20)}}).status,
            303);

  // Another organisation's admin, and an author of this one, get the 404 of an unknown organisation.
  Client other = s.signed_in(other_admin.email, test::kPassword);
  other.get("/admin/organisations/" + std::to_string(b));
  EXPECT_EQ(other.post_multipart(page + "/logo", {}, {{"logo", "logo.png", "image/png", png}}).status, 404);
  EXPECT_EQ(other.post(page + "/signatory", {{"signatory_name", "Intruder"}, {"signatory_role_en", "Boss"}}).status, 404);
  EXPECT_EQ(other.post(page + "/logo/remove", {}).status, 404);
  Client writer = s.signed_in(author.email, test::kPassword);  // an author, not an admin: refused by the route
  writer.get("/my/credentials");
  EXPECT_EQ(writer.post(page + "/signatory", {{"signatory_name", "Intruder"}, {"signatory_role_en", "Boss"}}).status, 403);
  EXPECT_EQ(c.post("/admin/organisations/999999/signatory", {{"signatory_name", "X"}, {"signatory_role_en", "Y"}}).status,
            404);
  EXPECT_EQ(c.post(page + "/signatory", {{"signatory_name", "X"}, {"signatory_role_en", "Y"}}, false).status, 403);  // no CSRF
  Client anon = s.client();
  anon.get("/login");
  EXPECT_TRUE(anon.post(page + "/signatory", {{"signatory_name", "X"}}).header("location").starts_with("/login"));

  // The signatory: a name needs a role and a role a name; no control characters; lengths.
  auto fields = [](const std::string& name, const std::string& en, const std::string& it_role = "") {
    return std::vector<std::pair<std::string, std::string>>{{"signatory_name", name},   {"signatory_role_it", it_role},
                                                            {"signatory_role_en", en},  {"signatory_role_de", ""},
                                                            {"signatory_role_sv", ""},  {"signatory_role_fi", ""}};
  };
  auto no_role = c.post(page + "/signatory", fields("Elena Martini", ""));
  EXPECT_EQ(no_role.status, 422);
  EXPECT_NE(no_role.body.find("href=\"#signatory_role_it\""), std::string::npos);
  EXPECT_NE(no_role.body.find("value=\"Elena Martini\""), std::string::npos);  // kept
  EXPECT_EQ(c.post(page + "/signatory", fields("", "Mayor")).status, 422);
  auto control = c.post(page + "/signatory", fields("Elena\x07Martini", "Mayor"));
  EXPECT_EQ(control.status, 422);
  auto long_role = c.post(page + "/signatory", fields("Elena Martini", std::string(121, 'r')));
  EXPECT_EQ(long_role.status, 422);
  EXPECT_NE(long_role.body.find("120"), std::string::npos);
  EXPECT_EQ(c.post(page + "/signatory", fields("Elena Martini", "Mayor\xe2\x80\xae")).status, 422);  // bidi override
  EXPECT_EQ(c.post(page + "/signatory", {{"signatory_name", "X"}, {"org_id", "2"}}).status, 400);  // not the form's
  {
    auto db = s.db().acquire();
    EXPECT_EQ(db->one("SELECT signatory_name FROM organisations WHERE id = ?", {a})->str(0), "");
  }
  EXPECT_EQ(c.post(page + "/signatory", fields("Elena Martini", "Mayor")).status, 303);
  EXPECT_EQ(c.post(page + "/signatory", fields("", "")).status, 303);  // no signatory again
  {
    auto db = s.db().acquire();
    EXPECT_EQ(db->one("SELECT signatory_name FROM organisations WHERE id = ?", {a})->str(0), "");
    EXPECT_EQ(db->one("SELECT COUNT(*) FROM organisation_signatory_roles WHERE org_id = ?", {a})->i64(0), 0);
  }
  EXPECT_EQ(c.post(page + "/logo/remove", {}).status, 303);
  {
    auto db = s.db().acquire();
    EXPECT_TRUE(db->one("SELECT 1 FROM organisations WHERE id = ? AND logo_id IS NULL", {a}).has_value());
  }
}

TEST(Credentials, OpenBadgeCredentialAndProfilesPassTheOpenBadgesSchema) {
  TestServer s;
  auto a = org(s, "city-a", "City A");
  auto holder = person(s, "holder");
  Client admin = s.signed_in(person(s, "admin", a, "org_admin").email, test::kPassword);
  admin.get("/admin/organisations/" + std::to_string(a));
  ASSERT_EQ(admin.post_multipart("/admin/organisations/" + std::to_string(a) + "/logo", {},
                                 {{"logo", "logo.png", "image/png", decodable_png(30, 30)}})
                .status,
            303);
  std::int64_t id = 0;
  {
    auto db = s.db().acquire();
    id = credentials::award(*db, holder.id, achievement(a, 21));
  }
  auto code = code_of(s, id);
  auto jwt = s.client().get("/verify/" + code + "/credential.jwt").body;
  auto base = s.services().config.public_url;
  auto jwks_file = write_temp("jwks-schema.json", s.client().get("/.well-known/jwks.json").body);
  int status = -1;
  // The payload as the independent JOSE implementation read it, then the schema check.
  auto out = run("node " + repo_root() + "/tests/support/verify_vc_jwt.mjs " + write_temp("schema.jwt", jwt) + " " +
                     jwks_file + " " + base + "/credentials/issuer 2>&1",
                 status);
  ASSERT_EQ(status, 0) << out;
  auto payload = boost::json::parse(out).as_object().at("payload").as_object();
  auto creator = payload.at("credentialSubject").at("achievement").at("creator").as_object();
  EXPECT_EQ(creator.at("image").at("type").as_string(), "Image");
  auto checked = ob3_schema("credential", boost::json::serialize(payload), "vc.json", status);
  EXPECT_EQ(status, 0) << checked;
  EXPECT_NE(checked.find("valid"), std::string::npos) << checked;
  // A credential without one of the required parts fails the check.
  for (const char* required : {"credentialSubject", "validFrom", "issuer", "name", "@context"}) {
    auto broken = payload;
    broken.erase(required);
    auto why = ob3_schema("credential", boost::json::serialize(broken), std::string("broken-") + required + ".json", status);
    EXPECT_NE(status, 0) << required << ": " << why;
    EXPECT_NE(why.find(required), std::string::npos) << why;
  }
  auto broken = payload;
  broken["credentialSubject"].as_object()["achievement"].as_object().erase("criteria");
  ob3_schema("credential", boost::json::serialize(broken), "no-criteria.json", status);
  EXPECT_NE(status, 0);
  // The instance's issuer profile and the organisation's profile are Open Badges profiles.
  auto issuer = ob3_schema("profile", s.client().get("/credentials/issuer").body, "issuer.json", status);
  EXPECT_EQ(status, 0) << issuer;
  auto org_profile = s.client().get("/credentials/organisations/" + std::to_string(a)).body;
  auto checked_org = ob3_schema("profile", org_profile, "org.json", status);
  EXPECT_EQ(status, 0) << checked_org << org_profile;
  auto without_type = boost::json::parse(org_profile).as_object();
  without_type["image"].as_object().erase("type");
  ob3_schema("profile", boost::json::serialize(without_type), "org-no-image-type.json", status);
  EXPECT_NE(status, 0);
}

}  // namespace cityskills
