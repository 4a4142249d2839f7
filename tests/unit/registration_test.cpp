// The capacity invariant under concurrency, on the backend named by CITYSKILLS_TEST_DB.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "features/events/store.hpp"
#include "features/orgs/store.hpp"
#include "support/harness.hpp"
#include "util/strings.hpp"

namespace cityskills {
namespace {

std::int64_t make_event(db::Database& db, int capacity) {
  auto c = db.acquire();
  auto org = orgs::store::create(*c, {0, "Org", "org-" + std::to_string(util::now_unix()), "city", "IT", ""});
  events::Event e;
  e.org_id = *org;
  e.kind = "webinar";
  e.title = "Storm";
  e.summary = "s";
  e.lang = "en";
  e.theme = "safety";
  e.audience = "everyone";
  e.age_group = "all";
  e.starts_at = util::now_unix() + 86400;
  e.ends_at = e.starts_at + 3600;
  e.time_zone = "UTC";
  e.online = true;
  e.capacity = capacity;
  return events::store::create(*c, e, 0);
}

std::vector<std::int64_t> make_users(db::Database& db, int n) {
  std::vector<std::int64_t> ids;
  db.tx(db::TxKind::kWrite, [&](db::Connection& c) {
    for (int i = 0; i < n; ++i)
      ids.push_back(c.insert("INSERT INTO users (email, password_hash, display_name, lang, created_at, updated_at) "
                             "VALUES (?, 'x', ?, 'en', 0, 0) RETURNING id",
                             {"storm" + std::to_string(i) + "@example.org", "User " + std::to_string(i)}));
  });
  return ids;
}

}  // namespace

TEST(Registration, TwoThousandAtOnceForHundredSeats_ExactlyHundredConfirmedAndQueueInArrivalOrder) {
  auto db = test::fresh_database();
  auto event = make_event(*db, 100);
  auto users = make_users(*db, 2000);
  std::atomic<std::size_t> next{0};
  std::atomic<int> confirmed{0}, waitlisted{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t)
    threads.emplace_back([&] {
      for (auto i = next++; i < users.size(); i = next++) {
        auto r = events::store::register_user(*db, event, users[i]);
        if (r.outcome == events::Outcome::kConfirmed) ++confirmed;
        else if (r.outcome == events::Outcome::kWaitlisted) ++waitlisted;
        else ++other;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(confirmed, 100);
  EXPECT_EQ(waitlisted, 1900);
  EXPECT_EQ(other, 0);
  auto c = db->acquire();
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'", {event})->i64(0), 100);
  // Arrival order has no gaps or repeats, and the confirmed are exactly the first 100 to arrive.
  auto seqs = c->query("SELECT queue_seq, status FROM registrations WHERE event_id = ? ORDER BY queue_seq", {event});
  ASSERT_EQ(seqs.size(), 2000u);
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    EXPECT_EQ(seqs[i].i64(0), static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(seqs[i].str(1), i < 100 ? "confirmed" : "waitlisted") << i;
  }
}

TEST(Registration, CancellationPromotesExactlyOneInOrder) {
  auto db = test::fresh_database();
  auto event = make_event(*db, 2);
  auto users = make_users(*db, 5);
  for (auto u : users) events::store::register_user(*db, event, u);
  // A second registration of the same person changes nothing.
  auto again = events::store::register_user(*db, event, users[3]);
  EXPECT_EQ(again.outcome, events::Outcome::kAlready);
  EXPECT_EQ(again.position, 2);
  auto r = events::store::cancel_registration(*db, event, users[0]);
  EXPECT_TRUE(r.cancelled);
  ASSERT_TRUE(r.promoted_user);
  EXPECT_EQ(*r.promoted_user, users[2]);  // first on the waiting list
  auto c = db->acquire();
  EXPECT_EQ(c->one("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'", {event})->i64(0), 2);
  EXPECT_EQ(events::store::registration_of(*c, event, users[4])->position, 2);
  // Cancelling a waiting place promotes nobody; cancelling twice does nothing.
  EXPECT_FALSE(events::store::cancel_registration(*db, event, users[3]).promoted_user);
  EXPECT_FALSE(events::store::cancel_registration(*db, event, users[3]).cancelled);
  // Coming back after cancelling puts you at the end of the queue.
  auto back = events::store::register_user(*db, event, users[0]);
  EXPECT_EQ(back.outcome, events::Outcome::kWaitlisted);
  EXPECT_EQ(back.position, 2);
}

}  // namespace cityskills
