// Registration storm: N people try to register for one event with S seats at the same time,
// through the running server's HTTP interface. Prints latency percentiles, throughput and the
// outcome counts, and checks that exactly S places were given.
//
// Usage: registration_storm --port P --database URL [--attempts 10000] [--seats 500] [--concurrency 64]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "features/events/store.hpp"
#include "features/orgs/store.hpp"
#include "support/client.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

using namespace cityskills;

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  if (!args.count("--port") || !args.count("--database")) {
    std::fprintf(stderr, "usage: registration_storm --port P --database URL [--attempts N] [--seats S] [--concurrency C]\n");
    return 2;
  }
  int port = std::stoi(args["--port"]);
  int attempts = std::stoi(args.count("--attempts") ? args["--attempts"] : "10000");
  int seats = std::stoi(args.count("--seats") ? args["--seats"] : "500");
  int concurrency = std::stoi(args.count("--concurrency") ? args["--concurrency"] : "64");
  crypto::init();
  auto db = db::Database::open(args["--database"], 4);

  // People, each with a signed-in session and its CSRF token, and the event.
  std::string secret;
  std::int64_t event_id = 0;
  std::vector<std::pair<std::string, std::string>> people;  // session token, csrf token
  auto now = util::now_unix();
  db->tx(db::TxKind::kWrite, [&](db::Connection& c) {
    secret = c.one("SELECT value FROM settings WHERE name = 'secret'")->str(0);
    auto tag = crypto::random_token(6);
    auto org = *orgs::store::create(c, {0, "Storm org", "storm-" + util::to_lower(tag), "city", "IT", ""});
    events::Event e;
    e.org_id = org;
    e.kind = "webinar";
    e.title = "Registration storm";
    e.summary = "Benchmark";
    e.lang = "en";
    e.theme = "safety";
    e.audience = "everyone";
    e.age_group = "all";
    e.starts_at = now + 7 * 86400;
    e.ends_at = e.starts_at + 3600;
    e.time_zone = "UTC";
    e.online = true;
    e.capacity = seats;
    event_id = events::store::create(c, e, 0);
    for (int i = 0; i < attempts; ++i) {
      auto user = c.insert(
          "INSERT INTO users (email, password_hash, display_name, lang, email_verified_at, created_at, updated_at) "
          "VALUES (?, 'x', ?, 'en', ?, ?, ?) RETURNING id",
          {"storm-" + tag + "-" + std::to_string(i) + "@example.org", "Storm " + std::to_string(i), now, now, now});
      auto token = crypto::random_token(32);
      c.exec("INSERT INTO sessions (id_hash, user_id, expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
             {crypto::sha256_hex(token), user, now + 86400, now, now});
      people.emplace_back(token, crypto::hmac_hex(secret, "csrf|s|" + token));
    }
  });

  std::vector<double> latencies(static_cast<std::size_t>(attempts));
  std::vector<int> statuses(static_cast<std::size_t>(attempts));
  std::atomic<int> next{0};
  auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t)
    threads.emplace_back([&] {
      for (int i = next++; i < attempts; i = next++) {
        const auto& [session, csrf] = people[static_cast<std::size_t>(i)];
        std::string body = "_csrf=" + csrf;
        std::string req = "POST /events/" + std::to_string(event_id) + "/register HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          "Cookie: cs_session=" + session + "\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                          "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
        auto t0 = std::chrono::steady_clock::now();
        auto reply = test::send_raw(port, req, 60000);
        latencies[static_cast<std::size_t>(i)] =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        statuses[static_cast<std::size_t>(i)] = reply.status;
      }
    });
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  auto c = db->acquire();
  auto confirmed = c->one("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'confirmed'", {event_id})->i64(0);
  auto waitlisted = c->one("SELECT COUNT(*) FROM registrations WHERE event_id = ? AND status = 'waitlisted'", {event_id})->i64(0);
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies[static_cast<std::size_t>(p * (latencies.size() - 1))]; };
  int redirects = static_cast<int>(std::count(statuses.begin(), statuses.end(), 303));
  std::printf("registration storm: %d attempts, %d seats, %d concurrent clients, %s\n", attempts, seats, concurrency,
              db->describe().c_str());
  std::printf("  %.0f registrations/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", attempts / seconds, pct(0.50), pct(0.99),
              latencies.back());
  std::printf("  answers: %d redirected to the event (303), %d other\n", redirects, attempts - redirects);
  std::printf("  outcome: %lld confirmed, %lld on the waiting list, %lld lost\n", static_cast<long long>(confirmed),
              static_cast<long long>(waitlisted), static_cast<long long>(attempts - confirmed - waitlisted));
  bool exact = confirmed == seats && confirmed + waitlisted == attempts;
  std::printf("  %s\n", exact ? "seats given exactly once: yes" : "SEATS WRONG");
  return exact ? 0 : 1;
}
