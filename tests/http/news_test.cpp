// News through the real server: visibility, scheduled publication, Atom feeds, authoring.
#include <gtest/gtest.h>

#include "features/news/store.hpp"
#include "features/orgs/store.hpp"
#include "support/atom.hpp"
#include "support/files.hpp"
#include "support/builder.hpp"
#include "support/harness.hpp"
#include "util/strings.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {
struct Setup {
  std::int64_t org_a = 0, org_b = 0;
  std::string author;
};

Setup setup(TestServer& s) {
  auto orgs = test::city_and_partner(s);
  return {orgs.a, orgs.b, test::make_person(s, "writer", orgs.a, "author").email};
}

std::int64_t article(TestServer& s, std::int64_t org, const std::string& lang, const std::string& title,
                     const std::string& status = "published", std::int64_t when = 0) {
  news::Article a;
  a.org_id = org;
  a.lang = lang;
  a.title = title;
  a.summary = "Summary of " + title;
  a.body = "Body with **bold** & <script>alert(1)</script>";
  a.tags = {"city", "help"};
  a.status = status;
  a.publish_at = when ? when : util::now_unix() - 60;
  auto c = s.db().acquire();
  return news::store::create(*c, a, 0);
}

std::vector<std::pair<std::string, std::string>> form(std::int64_t org, const std::string& body = "Hello **city**") {
  return {{"org_id", std::to_string(org)}, {"lang", "en"}, {"title", "Written in the browser"},
          {"summary", "A summary"}, {"body", body}, {"tags", "Help, city"}, {"status", "published"},
          {"date", ""}, {"time", ""}, {"zone", "Europe/Rome"}};
}
}  // namespace

TEST(News, ReadersSeeTheirLanguageAndNothingUnpublished) {
  TestServer s;
  auto w = setup(s);
  auto en = article(s, w.org_a, "en", "English news");
  article(s, w.org_a, "it", "Notizia italiana");
  auto draft = article(s, w.org_a, "en", "Secret draft", "draft");
  auto later = article(s, w.org_a, "en", "Future news", "published", util::now_unix() + 86400);
  Client c = s.client();
  c.lang = "en";
  auto list = c.get("/news");
  EXPECT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("English news"), std::string::npos);
  EXPECT_EQ(list.body.find("Notizia italiana"), std::string::npos);
  EXPECT_EQ(list.body.find("Secret draft"), std::string::npos);
  EXPECT_EQ(list.body.find("Future news"), std::string::npos);
  EXPECT_EQ(c.get("/news/" + std::to_string(draft)).status, 404);
  EXPECT_EQ(c.get("/news/" + std::to_string(later)).status, 404);
  auto page = c.get("/news/" + std::to_string(en));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<strong>bold</strong>"), std::string::npos);
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(c.get("/news?tag=help").body.find("English news"), std::string::npos);
  EXPECT_EQ(c.get("/news?tag=Bad%20Tag").status, 400);
  EXPECT_EQ(c.get("/news?org=nowhere").status, 400);
  // The home page shows the latest news in the reader's language.
  EXPECT_NE(c.get("/").body.find("English news"), std::string::npos);
  // The organisation's author sees drafts and scheduled articles, marked as such.
  Client author = s.signed_in(w.author, test::kPassword);
  EXPECT_EQ(author.get("/news/" + std::to_string(draft)).status, 200);
  EXPECT_NE(author.get("/news/" + std::to_string(later)).body.find("alert alert-warning"), std::string::npos);
}

TEST(News, AtomFeedsPerLanguageAndOrganisation) {
  TestServer s;
  auto w = setup(s);
  article(s, w.org_a, "en", "Tom & Jerry <news>");
  article(s, w.org_b, "en", "Partner news");
  article(s, w.org_a, "de", "Deutsche Nachricht");
  article(s, w.org_a, "en", "Hidden draft", "draft");
  auto feed = s.client().get("/news.atom?lang=en");
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.header("content-type"), "application/atom+xml; charset=utf-8");
  EXPECT_TRUE(feed.body.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""));
  EXPECT_NE(feed.body.find("<title>Tom &amp; Jerry &lt;news&gt;</title>"), std::string::npos);
  EXPECT_NE(feed.body.find("Partner news"), std::string::npos);
  EXPECT_EQ(feed.body.find("Deutsche Nachricht"), std::string::npos);
  EXPECT_EQ(feed.body.find("Hidden draft"), std::string::npos);
  EXPECT_EQ(feed.body.find("<script>"), std::string::npos);  // content is escaped HTML
  EXPECT_EQ(test::count(feed.body, "<entry>"), 2);
  EXPECT_EQ(test::atom_problems(feed.body), std::vector<std::string>{});
  EXPECT_EQ(test::count(feed.body, "<entry>"), test::count(feed.body, "</entry>"));
  EXPECT_NE(feed.body.find("<category term=\"help\"/>"), std::string::npos);
  auto by_org = s.client().get("/news.atom?lang=en&org=partner-b");
  EXPECT_EQ(test::count(by_org.body, "<entry>"), 1);
  EXPECT_EQ(test::atom_problems(by_org.body), std::vector<std::string>{});
  // The validator itself finds what is missing.
  EXPECT_FALSE(test::atom_problems("<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>x</id>").empty());
  EXPECT_EQ(test::atom_problems("<feed xmlns=\"http://www.w3.org/2005/Atom\"><id>x</id><title>t</title>"
                                "<updated>2026-01-01T00:00:00Z</updated><link rel=\"self\" href=\"h\"/>"
                                "<entry><id>e</id><title>t</title><updated>yesterday</updated></entry></feed>"),
            (std::vector<std::string>{"entry 1's updated 'yesterday' is not an RFC 3339 date",
                                      "entry 1 has no author (nor has the feed)",
                                      "entry 1 has neither an alternate link nor content"}));
  EXPECT_EQ(s.client().get("/news.atom?lang=xx").status, 404);
}

TEST(News, AuthorsWriteWithClearErrorsAndOnlyForTheirOrganisation) {
  TestServer s;
  auto w = setup(s);
  Client c = s.signed_in(w.author, test::kPassword);
  ASSERT_EQ(c.get("/news/new").status, 200);
  auto too_long = c.post("/news/new", form(w.org_a, std::string(70000, 'a')));
  EXPECT_EQ(too_long.status, 422);
  EXPECT_NE(too_long.body.find("70000 bytes"), std::string::npos);
  auto bad_tags = form(w.org_a);
  bad_tags[5].second = "ok, not ok!";
  EXPECT_EQ(c.post("/news/new", bad_tags).status, 422);
  EXPECT_EQ(c.post("/news/new", form(w.org_b)).status, 422);  // not their organisation
  auto mass = form(w.org_a);
  mass.emplace_back("author_id", "1");
  EXPECT_EQ(c.post("/news/new", mass).status, 400);
  {
    auto db = s.db().acquire();
    EXPECT_EQ(db->one("SELECT COUNT(*) FROM news_articles")->i64(0), 0);
  }
  auto ok = c.post("/news/new", form(w.org_a, "Read [this](javascript:alert(1)) and [that](https://example.org)"));
  ASSERT_EQ(ok.status, 303) << ok.body;
  auto page = c.get(ok.header("location"));
  EXPECT_NE(page.body.find("some links or images were removed"), std::string::npos);
  EXPECT_EQ(page.body.find("javascript:"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"https://example.org\""), std::string::npos);
  EXPECT_NE(page.body.find("#help"), std::string::npos);  // tags lower-cased
  // Another organisation's article cannot be edited; a learner cannot write.
  auto other = article(s, w.org_b, "en", "Partner article");
  EXPECT_EQ(c.get("/news/" + std::to_string(other) + "/edit").status, 404);
  EXPECT_EQ(c.post("/news/" + std::to_string(other) + "/edit", form(w.org_b)).status, 404);
  auto learner = test::unique_email("reader");
  s.add_user(learner, test::kPassword);
  Client l = s.signed_in(learner, test::kPassword);
  EXPECT_EQ(l.get("/news/new").status, 403);
  EXPECT_EQ(l.get("/news/manage").status, 403);
  // Scheduling: a date in the future keeps it out of the public list until then.
  auto id = std::stoll(ok.header("location").substr(6));
  c.get("/news/" + std::to_string(id) + "/edit");
  auto sched = form(w.org_a);
  sched[7].second = "2031-01-15";
  sched[8].second = "09:00";
  EXPECT_EQ(c.post("/news/" + std::to_string(id) + "/edit", sched).status, 303);
  EXPECT_EQ(s.client().get("/news/" + std::to_string(id)).status, 404);
  auto db = s.db().acquire();
  EXPECT_EQ(db->one("SELECT publish_at FROM news_articles WHERE id = ?", {id})->i64(0), 1926230400);  // 08:00 UTC
}

TEST(News, AuthorsAddDescribedImagesAndACoverOnlyToTheirOrganisationsArticles) {
  TestServer s;
  auto w = setup(s);
  auto draft = article(s, w.org_a, "en", "Draft with pictures", "draft");
  auto other = article(s, w.org_b, "en", "Partner article");
  Client author = s.signed_in(w.author, test::kPassword);
  auto edit = "/news/" + std::to_string(draft) + "/edit";
  auto page = author.get(edit);
  EXPECT_NE(page.body.find("Description of the image"), std::string::npos);
  const auto png = test::files::png(40, 30);
  // A description is required, and the file must be an image.
  auto no_alt = author.post_multipart("/news/" + std::to_string(draft) + "/images", {{"alt", "  "}},
                                      {{"image", "square.png", "image/png", png}});
  EXPECT_EQ(no_alt.status, 422);
  EXPECT_NE(no_alt.body.find("href=\"#alt\""), std::string::npos);  // the error summary leads to the field
  auto no_file = author.post_multipart("/news/" + std::to_string(draft) + "/images", {{"alt", "A square"}}, {});
  EXPECT_EQ(no_file.status, 422);
  EXPECT_NE(no_file.body.find("Choose an image file."), std::string::npos);
  auto fake = author.post_multipart("/news/" + std::to_string(draft) + "/images", {{"alt", "A square"}},
                                    {{"image", "square.png", "image/png", "<svg onload=alert(1)></svg>"}});
  EXPECT_EQ(fake.status, 415);
  EXPECT_NE(fake.body.find("not a valid png file"), std::string::npos);
  EXPECT_EQ(author.post_multipart("/news/" + std::to_string(draft) + "/images", {{"alt", "A square"}, {"role", "admin"}},
                                  {{"image", "square.png", "image/png", png}})
                .status,
            400);  // fields the form does not have
  auto ok = author.post_multipart("/news/" + std::to_string(draft) + "/images", {{"alt", "The new library <desk>"}},
                                  {{"image", "square.png", "image/png", png}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  std::int64_t mid;
  {
    auto c = s.db().acquire();
    mid = c->one("SELECT media_id FROM news_images WHERE article_id = ?", {draft})->i64(0);
  }
  auto url = "/news/" + std::to_string(draft) + "/images/" + std::to_string(mid);
  page = author.get(edit);
  EXPECT_NE(page.body.find("![The new library &lt;desk&gt;](" + url + ")"), std::string::npos);
  // A draft's image is the authors' only; published, it is everyone's.
  EXPECT_EQ(author.get(url).status, 200);
  EXPECT_EQ(s.client().get(url).status, 404);
  EXPECT_EQ(author.post(url + "/cover", {{"cover", "maybe"}}).status, 400);
  EXPECT_EQ(author.post(url + "/cover", {{"cover", "on"}}).status, 303);
  {
    auto c = s.db().acquire();
    auto a = *news::store::find(*c, draft);
    a.status = "published";
    news::store::update(*c, a);
  }
  auto image = s.client().get(url);
  EXPECT_EQ(image.status, 200);
  EXPECT_EQ(image.header("content-type"), "image/png");
  auto shown = s.client().get("/news/" + std::to_string(draft));
  EXPECT_NE(shown.body.find("<img src=\"" + url + "\" alt=\"The new library &lt;desk&gt;\""), std::string::npos);
  EXPECT_NE(s.client().get("/news?lang=en").body.find("<img src=\"" + url + "\" alt=\"\""), std::string::npos);
  // Another organisation's article, or an image of another article: not found, nothing changed.
  auto other_images = "/news/" + std::to_string(other) + "/images";
  EXPECT_EQ(author.post_multipart(other_images, {{"alt", "Mine"}}, {{"image", "square.png", "image/png", png}}).status, 404);
  EXPECT_EQ(author.post(other_images + "/" + std::to_string(mid) + "/cover", {{"cover", "on"}}).status, 404);
  EXPECT_EQ(s.client().get(other_images + "/" + std::to_string(mid)).status, 404);
  EXPECT_EQ(author.post(url + "/remove", {}, false).status, 403);  // no CSRF token
  // Removing the image also removes the cover.
  EXPECT_EQ(author.post(url + "/remove", {}).status, 303);
  EXPECT_EQ(s.client().get(url).status, 404);
  EXPECT_EQ(s.client().get("/news/" + std::to_string(draft)).body.find("<img"), std::string::npos);
}

}  // namespace cityskills
