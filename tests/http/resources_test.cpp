// Shared resources through the real server: authors publish, edit and delete only their own
// organisation's resources; links must be http(s); uploads go through the media store.
#include <gtest/gtest.h>

#include <filesystem>

#include "features/orgs/store.hpp"
#include "media/media.hpp"
#include "support/files.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"

namespace cityskills {
using test::Client;
using test::FilePart;
using test::TestServer;

namespace {

std::int64_t org(TestServer& s, const std::string& slug) { return test::make_org(s, slug); }

Client member(TestServer& s, std::int64_t org_id, const std::string& role) { return test::make_member(s, org_id, role).client; }

std::vector<std::pair<std::string, std::string>> fields(std::int64_t org_id, const std::string& title,
                                                        const std::string& url) {
  std::vector<std::pair<std::string, std::string>> f{{"lang", "en"},          {"kind", "dataset"},
                                                     {"title", title},        {"description", "Survey **answers**."},
                                                     {"licence", "ODbL-1.0"}, {"format", "csv"},
                                                     {"url", url}};
  if (org_id) f.insert(f.begin(), {"org_id", std::to_string(org_id)});
  return f;
}

std::int64_t id_from(const test::Reply& r) {
  auto loc = r.header("location");
  return std::stoll(loc.substr(loc.rfind('/') + 1));
}

}  // namespace

TEST(Resources, AuthorsManageOnlyTheirOrganisationsResources) {
  TestServer s;
  auto a = org(s, "city-a"), b = org(s, "city-b");
  Client author_a = member(s, a, "author");
  Client author_b = member(s, b, "author");
  Client moderator_a = member(s, a, "moderator");
  // People who may not publish anywhere are told so.
  auto email = test::unique_email("citizen");
  s.add_user(email, test::kPassword);
  Client citizen = s.signed_in(email, test::kPassword);
  EXPECT_EQ(citizen.get("/resources/new").status, 403);
  EXPECT_EQ(moderator_a.get("/resources/new").status, 403);
  EXPECT_EQ(s.client().get("/resources/new").status, 303);
  EXPECT_EQ(citizen.post_multipart("/resources/new", fields(a, "Sneaky", "https://example.org"), {}).status, 403);

  author_a.get("/resources/new");
  EXPECT_EQ(author_a.post_multipart("/resources/new", fields(b, "Into B", "https://example.org"), {}).status, 403);
  auto created = author_a.post_multipart("/resources/new", fields(a, "Skills survey", "https://data.example.org/s.csv"), {});
  ASSERT_EQ(created.status, 303) << created.body;
  auto id = id_from(created);
  auto path = "/resources/" + std::to_string(id);
  auto page = s.client().get(path);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("href=\"https://data.example.org/s.csv\""), std::string::npos);
  EXPECT_NE(page.body.find("<strong>answers</strong>"), std::string::npos);
  EXPECT_EQ(page.body.find(path + "/edit"), std::string::npos);  // no edit link for visitors
  EXPECT_NE(s.client().get("/resources").body.find("Skills survey"), std::string::npos);

  // Another organisation's author: 403 on every change, and nothing changes.
  EXPECT_EQ(author_b.get(path + "/edit").status, 403);
  author_b.get(path);
  EXPECT_EQ(author_b.post_multipart(path + "/edit", fields(0, "Hijacked", "https://evil.example"), {}).status, 403);
  EXPECT_EQ(author_b.post(path + "/delete", {}).status, 403);
  EXPECT_EQ(moderator_a.post(path + "/delete", {}).status, 403);
  EXPECT_NE(s.client().get(path).body.find("Skills survey"), std::string::npos);

  // The owner edits: adds a file, then replaces it; the replaced file leaves the store.
  EXPECT_NE(author_a.get(path).body.find(path + "/edit"), std::string::npos);
  author_a.get(path + "/edit");
  auto csv1 = std::string("area,level\n1,3\n");
  auto edit = author_a.post_multipart(path + "/edit", fields(0, "Skills survey 2025", ""), {{"file", "survey.csv", "text/csv", csv1}});
  ASSERT_EQ(edit.status, 303) << edit.body;
  auto file = s.client().get(path + "/file");
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(file.body, csv1);
  EXPECT_EQ(file.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_TRUE(file.header("content-disposition").starts_with("attachment; filename=\"survey.csv\""));
  std::string first_sha;
  {
    auto db = s.db().acquire();
    first_sha = db->one("SELECT m.sha256 FROM resources r JOIN media m ON m.id = r.media_id WHERE r.id = ?", {id})->str(0);
  }
  auto dir = s.services().config.data_dir;
  EXPECT_TRUE(std::filesystem::exists(media::path_for(dir, first_sha)));
  author_a.get(path + "/edit");
  EXPECT_EQ(author_a.post_multipart(path + "/edit", fields(0, "Skills survey 2025", ""),
                                    {{"file", "survey.csv", "text/csv", "area,level\n2,4\n"}})
                .status,
            303);
  EXPECT_FALSE(std::filesystem::exists(media::path_for(dir, first_sha)));
  EXPECT_EQ(s.client().get(path + "/file").body, "area,level\n2,4\n");
  // Editing without a new file keeps the current one; the organisation cannot be changed.
  author_a.get(path + "/edit");
  auto moved = fields(b, "Skills survey 2025", "");
  EXPECT_EQ(author_a.post_multipart(path + "/edit", moved, {}).status, 400);
  EXPECT_EQ(author_a.post_multipart(path + "/edit", fields(0, "Renamed", ""), {}).status, 303);
  EXPECT_EQ(s.client().get(path + "/file").status, 200);

  // Delete: the page and the file are gone.
  author_a.get(path);
  EXPECT_EQ(author_a.post(path + "/delete", {}).status, 303);
  EXPECT_EQ(s.client().get(path).status, 404);
  EXPECT_EQ(s.client().get(path + "/file").status, 404);
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT COUNT(*) FROM media")->i64(0), 0);
}

TEST(Resources, RefusesUnsafeLinksBadChoicesAndBadFiles) {
  TestServer s;
  auto a = org(s, "city-c");
  Client c = member(s, a, "author");
  c.get("/resources/new");
  auto status = [&](const std::vector<std::pair<std::string, std::string>>& f, std::vector<FilePart> files = {}) {
    return c.post_multipart("/resources/new", f, files).status;
  };
  for (auto url : {"javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>",
                   "ftp://files.example.org/a.csv", "file:///etc/passwd", "//evil.example/x", "https://",
                   "https://user@evil.example", "https://exa mple.org", "vbscript:msgbox"}) {
    auto r = c.post_multipart("/resources/new", fields(a, "Bad link", url), {});
    EXPECT_EQ(r.status, 422) << url;
    EXPECT_NE(r.body.find("http:// or https://"), std::string::npos) << url;
  }
  EXPECT_EQ(status(fields(a, "HTTPS in capitals", "HTTPS://example.org/x")), 303);
  auto neither = c.post_multipart("/resources/new", fields(a, "Nothing to share", ""), {});
  EXPECT_EQ(neither.status, 422);
  EXPECT_NE(neither.body.find("value=\"Nothing to share\""), std::string::npos);
  auto with = [&](const std::string& name, const std::string& value) {
    auto f = fields(a, "Choice", "https://example.org");
    for (auto& [k, v] : f)
      if (k == name) v = value;
    return status(f);
  };
  EXPECT_EQ(with("licence", "WTFPL"), 422);
  EXPECT_EQ(with("kind", "virus"), 422);
  EXPECT_EQ(with("format", "exe"), 422);
  EXPECT_EQ(with("lang", "xx"), 422);
  EXPECT_EQ(with("title", std::string(151, 't')), 422);
  EXPECT_EQ(with("description", std::string(8001, 'd')), 422);
  auto extra = fields(a, "Extra", "https://example.org");
  extra.emplace_back("author_id", "1");
  EXPECT_EQ(status(extra), 400);
  EXPECT_EQ(status(fields(a, "Exe", ""), {{"file", "run.exe", "", "MZ"}}), 415);
  EXPECT_EQ(status(fields(a, "Svg", ""), {{"file", "x.svg", "", "<svg onload=alert(1)>"}}), 415);
  EXPECT_EQ(status(fields(a, "Bomb", ""), {{"file", "big.png", "", test::files::png(50000, 50000)}}), 422);
  EXPECT_EQ(status(fields(a, "Doc", ""), {{"file", "template.docx", "", test::files::docx()}}), 303);
  // Filters accept only their lists.
  Client anon = s.client();
  EXPECT_EQ(anon.get("/resources?kind=dataset&licence=ODbL-1.0&format=csv&language=en&org=city-c").status, 200);
  for (auto bad : {"kind=weapon", "licence=WTFPL", "format=exe", "language=xx", "org=nowhere", "kind=tool&kind=dataset"})
    EXPECT_EQ(anon.get(std::string("/resources?") + bad).status, 400) << bad;
  EXPECT_EQ(anon.get("/resources/abc").status, 404);
  EXPECT_EQ(anon.get("/resources/424242/file").status, 404);
}

TEST(Resources, FiltersNarrowTheList) {
  TestServer s;
  auto a = org(s, "city-d"), b = org(s, "city-e");
  Client ca = member(s, a, "author"), cb = member(s, b, "author");
  ca.get("/resources/new");
  auto f1 = fields(a, "Booking tool", "https://code.example.org/booking");
  for (auto& [k, v] : f1) {
    if (k == "kind") v = "tool";
    if (k == "licence") v = "EUPL-1.2";
    if (k == "format") v = "software";
    if (k == "lang") v = "sv";
  }
  ASSERT_EQ(ca.post_multipart("/resources/new", f1, {}).status, 303);
  cb.get("/resources/new");
  ASSERT_EQ(cb.post_multipart("/resources/new", fields(b, "Survey data", "https://data.example.org"), {}).status, 303);
  Client anon = s.client();
  auto only = [&](const std::string& q, const std::string& yes, const std::string& no) {
    auto r = anon.get("/resources?" + q);
    EXPECT_EQ(r.status, 200) << q;
    EXPECT_NE(r.body.find(yes), std::string::npos) << q;
    EXPECT_EQ(r.body.find(no), std::string::npos) << q;
  };
  only("kind=tool", "Booking tool", "Survey data");
  only("licence=ODbL-1.0", "Survey data", "Booking tool");
  only("format=software", "Booking tool", "Survey data");
  only("language=sv", "Booking tool", "Survey data");
  only("org=city-e", "Survey data", "Booking tool");
}

}  // namespace cityskills
