// `cityskills move-to`: a SQLite instance copied into an empty PostgreSQL database with every row,
// sequences moved on and checksums compared; a non-empty target or a non-SQLite source refused.
#include <gtest/gtest.h>

#include <algorithm>

#include <unistd.h>

#include "db/migrate.hpp"
#include "db/move.hpp"
#include "features/accounts/store.hpp"
#include "features/assessment/api.hpp"
#include "features/events/api.hpp"
#include "features/forum/api.hpp"
#include "features/ideas/api.hpp"
#include "features/news/api.hpp"
#include "features/orgs/store.hpp"
#include "features/practices/api.hpp"
#include "features/resources/api.hpp"
#include "support/harness.hpp"
#include "web/app.hpp"
#include "util/strings.hpp"

namespace cityskills {
namespace {

// An empty PostgreSQL schema of its own, whatever backend the suite runs on.
std::unique_ptr<db::Database> empty_postgres(const std::string& tag) {
  const char* url = std::getenv("CITYSKILLS_TEST_PG_URL");
  if (!url || !*url) {
    ADD_FAILURE() << "CITYSKILLS_TEST_PG_URL is needed (run scripts/test.sh)";
    throw std::runtime_error("no PostgreSQL URL");
  }
  std::string schema = tag + "_" + std::to_string(::getpid());
  {
    auto admin = db::Database::open(url, 1);
    admin->acquire()->exec_script("DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
  }
  std::string u = url;
  auto db = db::Database::open(u + (u.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema, 4);
  db::migrate(*db, db::embedded_migrations());
  return db;
}

std::int64_t count(db::Database& db, const std::string& table) {
  return db.acquire()->one("SELECT COUNT(*) FROM " + table)->i64(0);
}

}  // namespace

TEST(MoveTo, EveryRowOfASqliteInstanceArrivesInPostgresAndNewRowsGetFreshIds) {
  auto src = db::Database::open("sqlite:" + test::temp_dir("move") + "/src.db", 4);
  db::migrate(*src, db::embedded_migrations());
  assessment::install_builtin(*src);
  auto now = util::now_unix();
  std::int64_t city_id = 0;
  src->tx(db::TxKind::kWrite, [&](db::Tx& c) {
    auto city = *orgs::store::create(c, {0, "Comune di Valverde", "valverde", "city", "IT", ""});
    orgs::store::create(c, {0, "Nordic Digital Learning Network", "nordic-dln", "partner", "SE", ""});
    orgs::store::create(c, {0, "Bürgerakademie Digital", "buergerakademie", "association", "DE", ""});
    orgs::store::create(c, {0, "Kaupunki Koivula", "koivula", "city", "FI", ""});
    for (const char* email : {"author@valverde.example.org", "editor@nordic-dln.example.org", "citizen@example.org",
                              "team@buergerakademie.example.org", "admin@valverde.example.org"}) {
      accounts::Account a;
      a.email = email;
      a.display_name = "Person";
      a.lang = "it";
      a.audience = "citizen";
      a.verified = true;
      a.password_hash = "x";
      a.country = "IT";
      auto id = *accounts::store::create(c, a);
      orgs::store::grant(c, id, city, "author");
    }
    events::seed_demo(c, now);
    news::seed_demo(c, now);
    ideas::seed_demo(c, now);
    practices::seed_demo(c, now);
    resources::seed_demo(c, now);
    forum::seed_demo(c, now);
    // A reference that points forward in the copy order: an organisation's logo (organisations
    // are copied before media, and media refer to organisations).
    auto logo = c.insert("INSERT INTO media (org_id, sha256, kind, mime, size, name, created_by, status, created_at, "
                         "updated_at) VALUES (?, ?, 'image', 'image/png', 3, 'logo.png', NULL, 'ready', ?, ?) RETURNING id",
                         {city, std::string(64, 'a'), now, now});
    c.exec("UPDATE organisations SET logo_id = ? WHERE id = ?", {logo, city});
    city_id = city;
  });
  auto secret = web::load_secret(*src);
  auto dst = empty_postgres("move");
  std::vector<std::string> lines;
  auto report = db::move(*src, *dst, [&](const std::string& l) { lines.push_back(l); });
  auto said = [&](const std::string& what) {
    return std::count_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.find(what) != std::string::npos; });
  };
  EXPECT_EQ(static_cast<std::size_t>(said(" rows copied")), report.tables.size());
  EXPECT_EQ(static_cast<std::size_t>(said(" matches")), report.tables.size());
  EXPECT_EQ(said("references set after the copy"), 1);
  EXPECT_EQ(dst->acquire()->one("SELECT logo_id FROM organisations WHERE id = ?", {city_id})->i64(0),
            src->acquire()->one("SELECT logo_id FROM organisations WHERE id = ?", {city_id})->i64(0));
  EXPECT_GT(report.rows, 100);
  for (const auto& t : report.tables) {
    EXPECT_FALSE(db::derived_table(t.name));
    EXPECT_EQ(count(*src, t.name), count(*dst, t.name)) << t.name;
  }
  for (const char* table : {"users", "organisations", "events", "news_articles", "forum_posts", "frameworks",
                            "assessment_questions", "settings"})
    EXPECT_GT(count(*dst, table), 0) << table;
  // The sequences moved on: a new row gets an id after the copied ones.
  auto max_id = dst->acquire()->one("SELECT MAX(id) FROM users")->i64(0);
  accounts::Account a;
  a.email = "new@example.org";
  a.display_name = "New";
  a.lang = "en";
  a.audience = "citizen";
  a.password_hash = "x";
  a.country = "IT";
  std::optional<std::int64_t> fresh;
  {
    auto c = dst->acquire();
    fresh = accounts::store::create(*c, a);
  }
  ASSERT_TRUE(fresh);
  EXPECT_GT(*fresh, max_id);
  // The instance's signing secret came along: sessions and links made before stay valid.
  EXPECT_EQ(web::load_secret(*dst), secret);
  // A target with rows is refused, and nothing changes there.
  auto before = count(*dst, "users");
  try {
    db::move(*src, *dst);
    ADD_FAILURE() << "a non-empty target was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("not empty"), std::string::npos) << e.what();
  }
  EXPECT_EQ(count(*dst, "users"), before);
  // Only SQLite moves, only to PostgreSQL.
  EXPECT_THROW(db::move(*dst, *src), std::runtime_error);
  EXPECT_THROW(db::move(*src, *src), std::runtime_error);
}

}  // namespace cityskills
