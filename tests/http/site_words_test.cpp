// One name per DigComp competence on every page (from the framework data), one list of time
// zones shown by city and offset, the site's time zone for the times of administration and public pages,
// and feeds announced on the forum's category pages.
#include <gtest/gtest.h>

#include "features/catalog/store.hpp"
#include "features/forum/store.hpp"
#include "support/builder.hpp"
#include "i18n/i18n.hpp"
#include "support/harness.hpp"
#include "util/strings.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

bool has(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

Client platform_admin(TestServer& s) {
  auto email = test::unique_email("zones-admin");
  s.add_user(email, test::kPassword, true);
  return s.signed_in(email, test::kPassword);
}

void set_zone(TestServer& s, Client& a, const std::string& zone) {
  a.get("/admin/settings");
  auto r = a.post("/admin/settings", {{"site_name", ""},        {"primary_colour", ""},   {"footer_links", ""},
                                      {"contact_email", ""},    {"contact_phone", ""},    {"contact_address", ""},
                                      {"mail_from_name", ""},   {"mail_from_address", ""}, {"default_language", ""},
                                      {"time_zone", zone},      {"signup", "open"},       {"signup_domains", ""}});
  ASSERT_EQ(r.status, 303) << r.body;
  (void)s;
}

}  // namespace

TEST(DigCompNames, CoursesPracticesEventsAndCredentialsUseTheFrameworksNames) {
  TestServer s;
  auto org = test::make_org(s, "words-city");
  std::int64_t course;
  {
    auto c = s.db().acquire();
    catalog::Course x;
    x.org_id = org;
    x.lang = "de";
    x.title = "Suchen lernen";
    x.summary = "S";
    x.level = "foundation";
    x.audience = "all";
    x.competences = {"1.1", "2.5"};
    course = catalog::store::create_course(*c, x, 0);
    catalog::store::set_published(*c, course, true);
  }
  // The German name of area 1 is the framework's ("Umgang mit Informationen und Daten"); the
  // catalogues used to carry "Informations- und Datenkompetenz" for the same area.
  const std::string area1 = "Umgang mit Informationen und Daten";
  auto page = s.client().get("/courses/" + std::to_string(course) + "?lang=de");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(has(page.body, "1.1 Daten, Informationen und digitale Inhalte durchsuchen, suchen und filtern"));
  EXPECT_TRUE(has(page.body, "2.5 Netiquette"));
  for (auto path : {"/courses?lang=de", "/practices?lang=de", "/events?lang=de"}) {
    auto r = s.client().get(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_TRUE(has(r.body, ">" + area1 + "<")) << path;
    EXPECT_FALSE(has(r.body, "Informations- und Datenkompetenz")) << path;
  }
  // Italian and Finnish too: every language comes from the same file.
  EXPECT_TRUE(has(s.client().get("/courses?lang=it").body, ">Alfabetizzazione su informazioni e dati<"));
  EXPECT_TRUE(has(s.client().get("/events?lang=sv").body, ">Säkerhet<"));
}

TEST(SiteTimeZone, ZonesAreOneListShownByCityAndOffsetEverywhere) {
  TestServer s;
  auto a = platform_admin(s);
  auto org = test::make_org(s, "zones-city");
  auto author = test::make_member(s, org, "author").client;
  auto settings = a.get("/admin/settings");
  ASSERT_EQ(settings.status, 200);
  auto news = author.get("/news/new");
  ASSERT_EQ(news.status, 200);
  auto event = author.get("/events/new");
  ASSERT_EQ(event.status, 200);
  for (const auto* body : {&settings.body, &news.body, &event.body}) {
    EXPECT_TRUE(has(*body, ">Rome (GMT+0"));
    EXPECT_TRUE(has(*body, ">Lisbon (GMT"));
    EXPECT_TRUE(has(*body, ">Athens (GMT+0"));
    EXPECT_FALSE(has(*body, ">Europe/Rome<"));
    EXPECT_FALSE(has(*body, ">Europe/Helsinki<"));
  }
  // A new article starts in the site's zone, like a new event.
  set_zone(s, a, "Europe/Helsinki");
  EXPECT_TRUE(has(author.get("/news/new").body, "value=\"Europe/Helsinki\" selected"));
  EXPECT_TRUE(has(author.get("/events/new").body, "value=\"Europe/Helsinki\" selected"));
  // A zone outside the list is refused, and the setting stays as it was.
  a.get("/admin/settings");
  auto bad = a.post("/admin/settings", {{"site_name", ""},        {"primary_colour", ""},   {"footer_links", ""},
                                        {"contact_email", ""},    {"contact_phone", ""},    {"contact_address", ""},
                                        {"mail_from_name", ""},   {"mail_from_address", ""}, {"default_language", ""},
                                        {"time_zone", "Mars/Olympus"}, {"signup", "open"}, {"signup_domains", ""}});
  EXPECT_EQ(bad.status, 422);
  auto c = s.db().acquire();
  EXPECT_EQ(c->one("SELECT value FROM site_settings WHERE name = 'time_zone'")->str(0), "Europe/Helsinki");
}

TEST(SiteTimeZone, AdministrationPagesShowTimesInTheSiteZone) {
  TestServer s;
  auto a = platform_admin(s);
  // 15 January 2026, 12:34 UTC: 14:34 in Helsinki, 13:34 in Rome.
  const std::int64_t at = 1768480440;
  {
    auto c = s.db().acquire();
    c->exec("INSERT INTO privacy_audit (actor_id, subject_id, action, reason, target_kind, target_id, detail, created_at, "
            "updated_at) VALUES (NULL, 0, 'settings.update', 'zone check', 'setting', 0, '', ?, ?)",
            {at, at});
  }
  // Compared with the date (the settings changes below are logged now, whose times may show
  // the same minutes).
  auto shown = [&](const char* zone) { return i18n::format_datetime("it", at, zone); };
  ASSERT_NE(shown("Europe/Rome").find("13:34"), std::string::npos) << shown("Europe/Rome");
  auto rome = a.get("/admin/audit?lang=it");
  ASSERT_EQ(rome.status, 200);
  EXPECT_TRUE(has(rome.body, shown("Europe/Rome"))) << "Europe/Rome is the default";
  set_zone(s, a, "Europe/Helsinki");
  auto helsinki = a.get("/admin/audit?lang=it");
  EXPECT_TRUE(has(helsinki.body, shown("Europe/Helsinki")));
  EXPECT_FALSE(has(helsinki.body, shown("Europe/Rome")));
  set_zone(s, a, "UTC");
  EXPECT_TRUE(has(a.get("/admin/audit?lang=it").body, shown("UTC")));
}

// Public pages format times in the site's zone too (decision note 0029): a forum post's time
// on a thread page follows the setting, for a visitor, at the next page on this node.
TEST(SiteTimeZone, PublicPagesShowTimesInTheSiteZone) {
  TestServer s;
  auto a = platform_admin(s);
  auto writer = test::unique_email("zones-writer");
  auto writer_id = s.add_user(writer, test::kPassword);
  // 15 January 2026, 12:34 UTC: 14:34 in Helsinki, 13:34 in Rome.
  const std::int64_t at = 1768480440;
  std::int64_t thread = 0;
  {
    auto c = s.db().acquire();
    forum::Category cat;
    cat.slug = "zones-cat";
    cat.name = "Zones";
    cat.description = "About zones";
    auto category = forum::store::create_category(*c, cat);
    thread = s.db().tx(db::TxKind::kWrite, [&](db::Tx& t) {
      return forum::store::create_thread(t, category, writer_id, "it", "Che ora è", "Apertura", at);
    });
  }
  Client visitor = s.client();
  auto path = "/forum/t/" + std::to_string(thread) + "?lang=it";
  auto rome = visitor.get(path);
  ASSERT_EQ(rome.status, 200);
  EXPECT_TRUE(has(rome.body, "13:34")) << "Europe/Rome is the default";
  set_zone(s, a, "Europe/Helsinki");
  auto helsinki = visitor.get(path);
  EXPECT_TRUE(has(helsinki.body, "14:34"));
  EXPECT_FALSE(has(helsinki.body, "13:34"));
}

TEST(Feeds, ForumCategoryAnnouncesItsFeed) {
  TestServer s;
  {
    auto c = s.db().acquire();
    forum::Category cat;
    cat.slug = "feeds-cat";
    cat.name = "Feeds category";
    cat.description = "About feeds";
    forum::store::create_category(*c, cat);
  }
  auto r = s.client().get("/forum/c/feeds-cat");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(has(r.body, "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/forum/c/feeds-cat/feed.atom\""));
}

// The Manage menu offers only what opens: the self-test's question bank (the built-in DigComp
// framework) is the platform administrators' to edit, so an author is not offered it.
TEST(ManageMenu, QuestionBankIsOfferedToThoseWhoMayEditIt) {
  TestServer s;
  auto org = test::make_org(s, "menu-city");
  auto author = test::make_member(s, org, "author").client;
  auto home = author.get("/");
  EXPECT_TRUE(has(home.body, "href=\"/author/courses\""));
  EXPECT_FALSE(has(home.body, "href=\"/assessment/manage\""));
  EXPECT_EQ(author.get("/assessment/manage").status, 403);
  auto admin = platform_admin(s);
  EXPECT_TRUE(has(admin.get("/").body, "href=\"/assessment/manage\""));
  EXPECT_EQ(admin.get("/assessment/manage").status, 200);
}

// An organisation admin moderates their organisation's forum categories; before the
// organisation has any, the queues the Manage menu offers are empty, not refused.
TEST(ManageMenu, ModerationQueuesOfAnOrganisationWithoutCategoriesAreEmpty) {
  TestServer s;
  auto org = test::make_org(s, "quiet-city");
  auto admin = test::make_member(s, org, "org_admin").client;
  auto home = admin.get("/");
  ASSERT_TRUE(has(home.body, "href=\"/forum/reports\""));
  auto reports = admin.get("/forum/reports");
  EXPECT_EQ(reports.status, 200);
  EXPECT_TRUE(has(reports.body, "No open reports"));
  EXPECT_EQ(admin.get("/forum/log").status, 200);
  EXPECT_EQ(test::make_member(s, org, "author").client.get("/forum/reports").status, 403);
}

}  // namespace cityskills
