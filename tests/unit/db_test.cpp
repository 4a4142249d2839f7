// Runs on the backend named by CITYSKILLS_TEST_DB: ctest runs this binary for both.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "db/migrate.hpp"
#include "jobs/jobs.hpp"
#include "support/harness.hpp"
#include "util/strings.hpp"
#include "web/app.hpp"

namespace cityskills {

TEST(Database, MigrationsApplyOnceAndAgainIsNoOp) {
  auto db = test::fresh_database(false);
  auto all = db::embedded_migrations();
  ASSERT_GE(all.size(), 3u);
  EXPECT_EQ(db::migrate(*db, all), static_cast<int>(all.size()));
  EXPECT_EQ(db::migrate(*db, all), 0);
  auto c = db->acquire();
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM schema_migrations")->i64(0), static_cast<std::int64_t>(all.size()));
}

TEST(Database, BoundParametersTypesAndNulls) {
  auto db = test::fresh_database();
  auto c = db->acquire();
  auto id = c->insert(
      "INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) RETURNING updated_at",
      {"x'); DROP TABLE users; --", "it's a \"value\" with ? inside", 1700000000});
  EXPECT_EQ(id, 1700000000);
  auto r = c->one("SELECT value, updated_at FROM settings WHERE name = ?", {"x'); DROP TABLE users; --"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->str(0), "it's a \"value\" with ? inside");
  EXPECT_EQ(r->i64(1), 1700000000);
  EXPECT_TRUE(c->one("SELECT COUNT(*) FROM users"));
  auto n = c->one("SELECT NULL, 'literal ? mark', ?", {nullptr});
  EXPECT_TRUE(n->is_null(0));
  EXPECT_EQ(n->str(1), "literal ? mark");
  EXPECT_TRUE(n->is_null(2));
}

TEST(Database, UniqueViolationIsReportedAsSuch) {
  auto db = test::fresh_database();
  auto c = db->acquire();
  c->exec("INSERT INTO settings (name, value, updated_at) VALUES ('a', '1', 0)");
  try {
    c->exec("INSERT INTO settings (name, value, updated_at) VALUES ('a', '2', 0)");
    FAIL() << "expected a unique violation";
  } catch (const db::Error& e) {
    EXPECT_EQ(e.kind(), db::Error::Kind::kUniqueViolation);
  }
}

// A failing script (a migration referring to a table that does not exist yet) is an error the
// caller can report, and the connection stays usable.
TEST(Database, FailingScriptThrowsAndTheConnectionGoesOn) {
  auto db = test::fresh_database();
  auto c = db->acquire();
  EXPECT_THROW(c->exec_script("CREATE TABLE broken (x BIGINT REFERENCES nowhere (id)); SELECT * FROM nowhere"),
               db::Error);
  EXPECT_EQ(c->one("SELECT 1 + 1")->i64(0), 2);
}

// Lines between --@sqlite / --@postgres and --@end are kept for that database only.
TEST(Database, MigrationSectionsPerDatabase) {
  const std::string sql = "CREATE TABLE a (id {{ID}});\n--@sqlite\nSQLITE ONLY;\n--@postgres\nPG ONLY;\n--@end\nBOTH;\n";
  auto lite = db::translate_ddl(sql, db::Dialect::kSqlite);
  auto pg = db::translate_ddl(sql, db::Dialect::kPostgres);
  EXPECT_NE(lite.find("SQLITE ONLY"), std::string::npos);
  EXPECT_EQ(lite.find("PG ONLY"), std::string::npos);
  EXPECT_NE(pg.find("PG ONLY"), std::string::npos);
  EXPECT_EQ(pg.find("SQLITE ONLY"), std::string::npos);
  EXPECT_NE(lite.find("BOTH"), std::string::npos);
  EXPECT_NE(pg.find("BOTH"), std::string::npos);
  EXPECT_NE(lite.find("AUTOINCREMENT"), std::string::npos);
  EXPECT_NE(pg.find("IDENTITY"), std::string::npos);
  EXPECT_EQ(pg.find("--@"), std::string::npos);
}

TEST(Database, TransactionRollsBackOnException) {
  auto db = test::fresh_database();
  EXPECT_THROW(db->tx(db::TxKind::kWrite,
                      [](db::Connection& c) {
                        c.exec("INSERT INTO settings (name, value, updated_at) VALUES ('t', '1', 0)");
                        throw std::runtime_error("boom");
                      }),
               std::runtime_error);
  auto c = db->acquire();
  EXPECT_FALSE(c->one("SELECT 1 FROM settings WHERE name = 't'"));
}

// A request uses one connection: what it reads outside a transaction and what its transactions
// write run on the same one (a temporary table is seen only by the connection that made it).
TEST(Database, RequestScopeUsesOneConnectionAndNestedTransactionsAreSavepoints) {
  auto db = test::fresh_database();
  {
    db::Database::RequestScope scope(*db);
    db->acquire()->exec_script("CREATE TEMPORARY TABLE scope_probe (x INTEGER)");
    db->tx(db::TxKind::kWrite, [&](db::Tx& t) {
      t.exec("INSERT INTO scope_probe (x) VALUES (1)");
      EXPECT_EQ(db->acquire()->one("SELECT COUNT(*) FROM scope_probe")->i64(0), 1);  // the same connection, in the transaction
      // A failing inner part rolls back alone; the outer transaction goes on.
      EXPECT_THROW(db->tx(db::TxKind::kWrite,
                          [&](db::Tx& inner) {
                            inner.exec("INSERT INTO scope_probe (x) VALUES (2)");
                            throw std::runtime_error("inner");
                          }),
                   std::runtime_error);
      db->tx(db::TxKind::kWrite, [&](db::Tx& inner) { inner.exec("INSERT INTO scope_probe (x) VALUES (3)"); });
    });
    EXPECT_EQ(db->acquire()->one("SELECT SUM(x) FROM scope_probe")->i64(0), 4);
    // A write inside a read transaction gets a transaction of its own, and is kept.
    db->tx(db::TxKind::kRead, [&](db::Tx&) {
      db->tx(db::TxKind::kWrite, [&](db::Tx& w) {
        w.exec("INSERT INTO settings (name, value, updated_at) VALUES ('scope-write', '1', 0)");
      });
    });
    EXPECT_TRUE(scope.leased());
  }
  // The write made inside the read transaction stays.
  auto c = db->acquire();
  EXPECT_TRUE(c->one("SELECT 1 FROM settings WHERE name = 'scope-write'"));
  db::Database::RequestScope idle(*db);
  EXPECT_FALSE(idle.leased());  // nothing is leased until the request uses the database
}

// Check-then-write inside a write transaction never loses an update under concurrency.
TEST(Database, ConcurrentWriteTransactionsAreSerialised) {
  auto db = test::fresh_database();
  {
    auto c = db->acquire();
    c->exec("INSERT INTO settings (name, value, updated_at) VALUES ('counter', '0', 0)");
  }
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        for (int attempt = 0;; ++attempt) {
          try {
            db->tx(db::TxKind::kWrite, [](db::Connection& c) {
              auto sql = c.dialect() == db::Dialect::kPostgres ? "SELECT value FROM settings WHERE name = 'counter' FOR UPDATE"
                                                               : "SELECT value FROM settings WHERE name = 'counter'";
              auto v = std::stoll(c.one(sql)->str(0));
              c.exec("UPDATE settings SET value = ? WHERE name = 'counter'", {std::to_string(v + 1)});
            });
            break;
          } catch (const db::Error& e) {
            if (e.kind() != db::Error::Kind::kBusy || attempt > 20) throw;
          }
        }
      }
    });
  for (auto& t : threads) t.join();
  auto c = db->acquire();
  EXPECT_EQ(c->one("SELECT value FROM settings WHERE name = 'counter'")->str(0), "200");
}

TEST(Jobs, FailedJobRetriesThenKeepsItsError) {
  auto db = test::fresh_database();
  {
    auto c = db->acquire();
    jobs::enqueue(*c, "ok", "{}");
    jobs::enqueue(*c, "broken", "{}");
  }
  jobs::Runner runner(*db);
  int ok = 0;
  runner.on("ok", [&](const std::string&) { ++ok; });
  runner.on("broken", [](const std::string&) { throw std::runtime_error("SMTP said no"); });
  EXPECT_EQ(runner.run_pending(), 2);
  EXPECT_EQ(ok, 1);
  auto c = db->acquire();
  auto r = c->one("SELECT attempts, last_error, done_at, run_at FROM jobs WHERE kind = 'broken'");
  EXPECT_EQ(r->i64(0), 1);
  EXPECT_EQ(r->str(1), "SMTP said no");
  EXPECT_TRUE(r->is_null(2));
  EXPECT_EQ(runner.run_pending(), 0);  // backed off: not due yet
  EXPECT_TRUE(c->one("SELECT done_at FROM jobs WHERE kind = 'ok' AND done_at IS NOT NULL"));
}

// An operator command runs one job at once; a job another runner holds, or one already
// done, is left alone, so no job runs twice.
TEST(Jobs, OneJobRunsAtOnceUnlessAnotherRunnerHoldsIt) {
  auto db = test::fresh_database();
  std::int64_t mine = 0, held = 0, other = 0;
  {
    auto c = db->acquire();
    mine = jobs::enqueue(*c, "work", "{\"n\":1}");
    held = jobs::enqueue(*c, "work", "{\"n\":2}");
    other = jobs::enqueue(*c, "work", "{\"n\":3}");
    c->exec("UPDATE jobs SET locked_until = ? WHERE id = ?", {util::now_unix() + 300, held});
  }
  jobs::Runner runner(*db);
  std::vector<std::string> ran;
  runner.on("work", [&](const std::string& p) { ran.push_back(p); });
  EXPECT_TRUE(runner.run(mine));
  EXPECT_FALSE(runner.run(mine));  // done
  EXPECT_FALSE(runner.run(held));  // leased by another runner
  EXPECT_FALSE(runner.run(999999));
  EXPECT_EQ(ran, std::vector<std::string>{"{\"n\":1}"});
  auto c = db->acquire();
  auto r = c->one("SELECT attempts, done_at, locked_until FROM jobs WHERE id = ?", {mine});
  EXPECT_EQ(r->i64(0), 1);
  EXPECT_FALSE(r->is_null(1));
  EXPECT_TRUE(r->is_null(2));
  EXPECT_TRUE(c->one("SELECT 1 FROM jobs WHERE id = ? AND done_at IS NULL AND attempts = 0", {other}));
}

// A job that runs longer than its lease keeps it: the runner renews it while the handler runs,
// so a second runner (another node) finds nothing to take; the job runs once.
TEST(Jobs, ARunningJobRenewsItsLease) {
  auto db = test::fresh_database();
  std::int64_t id = 0;
  {
    auto c = db->acquire();
    id = jobs::enqueue(*c, "slow", "{}");
  }
  jobs::Runner first(*db, 2), second(*db, 2);
  std::atomic<int> runs = 0;
  auto slow = [&](const std::string&) {
    ++runs;
    std::this_thread::sleep_for(std::chrono::milliseconds(3500));
  };
  first.on("slow", slow);
  second.on("slow", slow);
  std::thread node([&] { EXPECT_EQ(first.run_pending(), 1); });
  std::this_thread::sleep_for(std::chrono::milliseconds(3000));  // past the first lease
  EXPECT_EQ(second.run_pending(), 0);
  node.join();
  EXPECT_EQ(runs.load(), 1);
  auto r = db->acquire()->one("SELECT attempts, lease_owner, done_at FROM jobs WHERE id = ?", {id});
  EXPECT_EQ(r->i64(0), 1);
  EXPECT_EQ(r->str(1), first.owner());
  EXPECT_FALSE(r->is_null(2));
}

// A node that died holding a job leaves a lease that runs out; another runner takes the job
// over. The runner that lost its lease (it stalled past it) does not record a result.
TEST(Jobs, AnExpiredLeaseIsTakenOverAndTheLoserRecordsNothing) {
  auto db = test::fresh_database();
  std::int64_t dead = 0, stalled = 0;
  auto now = util::now_unix();
  {
    auto c = db->acquire();
    dead = jobs::enqueue(*c, "work", "{\"n\":1}");
    c->exec("UPDATE jobs SET attempts = 1, lease_owner = 'gone:1:x', locked_until = ? WHERE id = ?", {now - 1, dead});
  }
  jobs::Runner survivor(*db, 2);
  std::vector<std::string> ran;
  survivor.on("work", [&](const std::string& p) { ran.push_back(p); });
  EXPECT_EQ(survivor.run_pending(), 1);
  EXPECT_EQ(ran, std::vector<std::string>{"{\"n\":1}"});
  auto r = db->acquire()->one("SELECT attempts, lease_owner, done_at FROM jobs WHERE id = ?", {dead});
  EXPECT_EQ(r->i64(0), 2);
  EXPECT_EQ(r->str(1), survivor.owner());
  EXPECT_FALSE(r->is_null(2));

  {
    auto c = db->acquire();
    stalled = jobs::enqueue(*c, "stall", "{}");
  }
  jobs::Runner loser(*db, 2);
  loser.on("stall", [&](const std::string&) {
    // While this runner stalls, another takes the job over.
    db->acquire()->exec("UPDATE jobs SET lease_owner = 'other:2:y', attempts = attempts + 1 WHERE id = ?", {stalled});
  });
  EXPECT_EQ(loser.run_pending(), 1);
  r = db->acquire()->one("SELECT lease_owner, done_at, failed_at FROM jobs WHERE id = ?", {stalled});
  EXPECT_EQ(r->str(0), "other:2:y");
  EXPECT_TRUE(r->is_null(1));
  EXPECT_TRUE(r->is_null(2));
}

// A database that cannot be reached is "unavailable" (503 at the web layer), not a bug (500).
TEST(Database, UnreachablePostgresIsUnavailable) {
  try {
    db::Database::open("postgresql://cityskills@127.0.0.1:1/nowhere?connect_timeout=2", 2);
    ADD_FAILURE() << "opened a database on port 1";
  } catch (const db::Unavailable& e) {
    EXPECT_FALSE(e.storage_full());
  }
}

// The server ending a session (as a PostgreSQL restart does to all of them) costs at most the
// statement running on it: the pool drops the dead connection and its prepared statements,
// and the next request gets a fresh one. On SQLite there is no server to lose.
TEST(Database, ConnectionsClosedByTheServerAreReplaced) {
  auto db = test::fresh_database();
  if (db->dialect() != db::Dialect::kPostgres) GTEST_SKIP() << "PostgreSQL only";
  const char* kPrepared = "SELECT COUNT(*) FROM settings WHERE name = ?";
  auto kill_backend = [&](db::Connection& victim) {
    auto pid = victim.one("SELECT pg_backend_pid()")->i64(0);
    auto killer = db->acquire();
    EXPECT_TRUE(killer->one("SELECT pg_terminate_backend(?)", {pid})->i64(0));
    for (int i = 0; i < 100 && killer->one("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ?", {pid})->i64(0); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  };
  {
    // In use: the statement fails as Unavailable, and the connection is not given out again.
    auto c = db->acquire();
    c->one(kPrepared, {"after"});
    kill_backend(*c);
    EXPECT_THROW(c->one(kPrepared, {"after"}), db::Unavailable);
    EXPECT_FALSE(c->usable());
  }
  for (int i = 0; i < 3; ++i) EXPECT_EQ(db->acquire()->one(kPrepared, {"after"})->i64(0), 0);
  {
    // Idle in the pool: noticed when handed out, so a transaction starts on a live connection.
    auto c = db->acquire();
    c->one(kPrepared, {"after"});
    kill_backend(*c);
  }
  auto n = db->tx(db::TxKind::kWrite, [&](db::Connection& c) {
    c.exec("INSERT INTO settings (name, value, updated_at) VALUES ('after', 'kill', 1)");
    return c.one(kPrepared, {"after"})->i64(0);
  });
  EXPECT_EQ(n, 1);
}

// Inside a request, a connection that dies is replaced for what follows, while a lease the
// handler still holds keeps pointing at the dead one (never at freed memory).
TEST(Database, RequestScopeReplacesADeadConnectionAndOldLeasesStaySafe) {
  auto db = test::fresh_database();
  if (db->dialect() != db::Dialect::kPostgres) GTEST_SKIP() << "PostgreSQL only";
  db::Database::RequestScope scope(*db);
  auto held = db->acquire();
  auto pid = held->one("SELECT pg_backend_pid()")->i64(0);
  {
    // Another request (no scope on its thread) ends this request's backend.
    std::thread([&] {
      auto killer = db->acquire();
      killer->one("SELECT pg_terminate_backend(?)", {pid});
      for (int i = 0; i < 100 && killer->one("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ?", {pid})->i64(0); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }).join();
  }
  EXPECT_THROW(held->one("SELECT 1"), db::Unavailable);
  auto n = db->tx(db::TxKind::kWrite, [&](db::Tx& t) {
    t.exec("INSERT INTO settings (name, value, updated_at) VALUES ('replaced', '1', 1)");
    return t.one("SELECT COUNT(*) FROM settings WHERE name = 'replaced'")->i64(0);
  });
  EXPECT_EQ(n, 1);
  EXPECT_NE(db->acquire()->one("SELECT pg_backend_pid()")->i64(0), pid);
  EXPECT_FALSE(held->usable());  // the old lease is still a valid object
}

// A full disk rolls the statement back and says so (507 at the web layer); what was written
// before is intact and the connection keeps working.
TEST(Database, FullSqliteDatabaseIsUnavailableAndKeepsWhatWasWritten) {
  auto db = test::fresh_database();
  if (db->dialect() != db::Dialect::kSqlite) GTEST_SKIP() << "SQLite only (a size limit per connection)";
  auto c = db->acquire();
  c->exec("INSERT INTO settings (name, value, updated_at) VALUES ('kept', 'yes', 1)");
  auto pages = c->one("PRAGMA page_count")->i64(0);
  c->query("PRAGMA max_page_count = " + std::to_string(pages + 2));
  bool full = false;
  try {
    for (int i = 0; i < 1000; ++i)
      c->exec("INSERT INTO settings (name, value, updated_at) VALUES (?, ?, 1)",
              {"filler" + std::to_string(i), std::string(4000, 'x')});
  } catch (const db::Unavailable& e) {
    full = e.storage_full();
  }
  EXPECT_TRUE(full);
  EXPECT_EQ(c->one("SELECT value FROM settings WHERE name = 'kept'")->str(0), "yes");
  EXPECT_EQ(c->one("PRAGMA integrity_check")->str(0), "ok");
  c->query("PRAGMA max_page_count = 1073741823");
  c->exec("INSERT INTO settings (name, value, updated_at) VALUES ('after', 'space', 1)");
}

}  // namespace cityskills

namespace cityskills {
TEST(Database, RealNumbersKeepEveryDigit) {
  auto db = test::fresh_database();
  auto c = db->acquire();
  c->exec_script("CREATE TABLE reals (id INTEGER PRIMARY KEY, v DOUBLE PRECISION NOT NULL)");
  c->exec("INSERT INTO reals (id, v) VALUES (1, ?)", {1.0 / 3.0});
  EXPECT_EQ(c->one("SELECT v FROM reals WHERE id = 1")->f64(0), 1.0 / 3.0);
}
// Nodes that start together on an empty database agree on one shared secret.
TEST(Database, NodesStartingTogetherShareOneSecret) {
  auto db = test::fresh_database();
  std::vector<std::string> got(8);
  std::vector<std::thread> nodes;
  for (std::size_t i = 0; i < got.size(); ++i) nodes.emplace_back([&, i] { got[i] = web::load_secret(*db); });
  for (auto& t : nodes) t.join();
  for (const auto& g : got) EXPECT_EQ(g, got.front());
  EXPECT_EQ(got.front().size(), 43u);
}

}  // namespace cityskills
