// The records of processing (GDPR art. 30) are generated from each feature's declaration: every
// table that holds a person's id is named by some declaration (so a new table cannot be left
// out), every declared table exists, every text is translated, and only platform
// administrators see the page.
#include <gtest/gtest.h>

#include <set>

#include "i18n/i18n.hpp"
#include "support/harness.hpp"
#include "web/extensions.hpp"

namespace cityskills {
using test::Client;
using test::TestServer;

namespace {

// Tables with a foreign key to users, or a column named user_id or subject_id.
std::set<std::string> tables_holding_people(db::Connection& c) {
  std::set<std::string> out;
  if (c.dialect() == db::Dialect::kSqlite) {
    for (const auto& r : c.query("SELECT m.name FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p "
                                 "WHERE m.type = 'table' AND p.\"table\" = 'users'"))
      out.insert(r.str(0));
    for (const auto& r : c.query("SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c "
                                 "WHERE m.type = 'table' AND c.name IN ('user_id', 'subject_id')"))
      out.insert(r.str(0));
  } else {
    for (const auto& r : c.query(
             "SELECT kcu.table_name FROM information_schema.referential_constraints rc "
             "JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = rc.constraint_name "
             "AND kcu.constraint_schema = rc.constraint_schema "
             "JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = rc.unique_constraint_name "
             "AND ccu.constraint_schema = rc.unique_constraint_schema "
             "WHERE ccu.table_name = 'users' AND kcu.table_schema = current_schema()"))
      out.insert(r.str(0));
    for (const auto& r : c.query("SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() "
                                 "AND column_name IN ('user_id', 'subject_id')"))
      out.insert(r.str(0));
  }
  return out;
}

std::set<std::string> all_tables(db::Connection& c) {
  std::set<std::string> out;
  auto rows = c.dialect() == db::Dialect::kSqlite
                  ? c.query("SELECT name FROM sqlite_master WHERE type = 'table'")
                  : c.query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()");
  for (const auto& r : rows) out.insert(r.str(0));
  return out;
}

}  // namespace

TEST(RecordsOfProcessing, EveryTableHoldingAPersonIsDeclaredAndEveryDeclarationIsReal) {
  TestServer s;
  auto declared = web::personal_data();
  ASSERT_FALSE(declared.empty());
  std::set<std::string> covered;
  for (const auto& d : declared) covered.insert(d.tables.begin(), d.tables.end());
  auto c = s.db().acquire();
  auto people = tables_holding_people(*c);
  EXPECT_GT(people.size(), 30u);  // the introspection found the schema
  EXPECT_TRUE(people.count("registrations") && people.count("privacy_audit") && people.count("accessibility_feedback"));
  for (const auto& t : people) EXPECT_TRUE(covered.count(t)) << t << " holds a person's id but no feature declares it";
  auto tables = all_tables(*c);
  std::set<std::string> activities;
  const std::set<std::string> recipients = {"staff", "organisation", "public", "processors"};
  for (const auto& d : declared) {
    EXPECT_TRUE(activities.insert(d.feature + "/" + d.activity).second);
    for (const auto& t : d.tables) EXPECT_TRUE(tables.count(t)) << d.feature << " declares a table that does not exist: " << t;
    for (const auto& r : d.recipients) EXPECT_TRUE(recipients.count(r)) << r;
    for (const char* lang : {"it", "en", "de", "sv", "fi"})
      for (const auto& key : {d.purpose_key, d.data_key, d.retention_key})
        EXPECT_NE(i18n::t(lang, key), key) << lang << " " << key;
  }
}

TEST(RecordsOfProcessing, OnlyPlatformAdministratorsSeeTheGeneratedPage) {
  TestServer s;
  auto admin_email = test::unique_email("records-admin"), person_email = test::unique_email("records-person");
  s.add_user(admin_email, test::kPassword, true);
  s.add_user(person_email, test::kPassword);
  auto anonymous = s.client().get("/admin/privacy/records");
  EXPECT_EQ(anonymous.status, 303);
  EXPECT_NE(anonymous.header("location").find("/login"), std::string::npos);
  EXPECT_EQ(s.signed_in(person_email, test::kPassword).get("/admin/privacy/records").status, 403);
  Client admin = s.signed_in(admin_email, test::kPassword);
  auto page = admin.get("/admin/privacy/records");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(test::count(page.body, "<h1"), 1);
  EXPECT_EQ(test::count(page.body, ">Legal basis</dt>"), static_cast<int>(web::personal_data().size()));
  EXPECT_NE(page.body.find("Events: registrations, waiting list"), std::string::npos);
  EXPECT_NE(page.body.find("<code>registrations, calendar_feeds</code>"), std::string::npos);
  EXPECT_NE(page.body.find("365 days, then deleted by the daily job."), std::string::npos);  // the live period
  EXPECT_EQ(admin.request("POST", "/admin/privacy/records", "", {}).status, 405);
}

}  // namespace cityskills
