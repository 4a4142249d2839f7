// Assessment storm: N anonymous people submit their answers to "How digital are you?" at the
// same time, through the running server's HTTP interface, and finish the test. Prints latency
// percentiles and throughput, then checks in the database that no answer was lost and that
// every attempt was scored exactly once. Prints one finished result (path and cookie) for
// the result-page throughput measurement.
//
// Usage: assessment_storm --port P --database URL [--people 5000] [--areas 1] [--concurrency 64]
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
#include "support/client.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

using namespace cityskills;

namespace {

struct Question {
  std::int64_t id;
  int area, value;  // area position (1-based) and the answer this run gives
};

struct Person {
  std::int64_t attempt = 0;
  std::string token, pre, csrf;
};

}  // namespace

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  if (!args.count("--port") || !args.count("--database")) {
    std::fprintf(stderr, "usage: assessment_storm --port P --database URL [--people N] [--areas A] [--concurrency C]\n");
    return 2;
  }
  int port = std::stoi(args["--port"]);
  int people = std::stoi(args.count("--people") ? args["--people"] : "5000");
  int areas = std::stoi(args.count("--areas") ? args["--areas"] : "1");
  int concurrency = std::stoi(args.count("--concurrency") ? args["--concurrency"] : "64");
  crypto::init();
  auto db = db::Database::open(args["--database"], 4);

  // The questions of the default framework and, for each person, an open attempt with its
  // cookie and the CSRF token an anonymous visitor's pre-session cookie yields.
  std::vector<Question> questions;
  std::vector<Person> crowd(static_cast<std::size_t>(people));
  auto now = util::now_unix();
  db->tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto secret = c.one("SELECT value FROM settings WHERE name = 'secret'")->str(0);
    auto fid = c.one("SELECT id FROM frameworks ORDER BY is_default DESC, id LIMIT 1")->i64(0);
    int i = 0;
    for (const auto& r : c.query("SELECT q.id, a.position, q.kind, COALESCE(q.answer, 0) FROM assessment_questions q "
                                 "JOIN framework_competences fc ON fc.id = q.competence_id "
                                 "JOIN framework_areas a ON a.id = fc.area_id WHERE q.framework_id = ? AND q.active = 1 "
                                 "ORDER BY a.position, q.position",
                                 {fid}))
      questions.push_back({r.i64(0), static_cast<int>(r.i64(1)) + 1, r.str(2) == "self" ? (i++ % 5) : static_cast<int>(r.i64(3))});
    for (auto& p : crowd) {
      p.token = crypto::random_token(32);
      p.pre = crypto::random_token(32);
      p.csrf = crypto::hmac_hex(secret, "csrf|p|" + p.pre);
      p.attempt = c.insert("INSERT INTO assessment_attempts (framework_id, token_hash, lang, current_area, created_at, updated_at) "
                           "VALUES (?, ?, 'en', 1, ?, ?) RETURNING id",
                           {fid, crypto::sha256_hex(p.token), now, now});
    }
  });
  int last_area = 0;
  for (const auto& q : questions) last_area = std::max(last_area, q.area);
  areas = std::clamp(areas, 1, last_area);

  std::vector<double> latencies;
  std::vector<int> statuses;
  std::mutex m;
  std::atomic<int> next{0};
  auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t)
    threads.emplace_back([&] {
      for (int i = next++; i < people; i = next++) {
        const auto& p = crowd[static_cast<std::size_t>(i)];
        for (int area = 1; area <= areas; ++area) {
          std::string body = "_csrf=" + p.csrf;
          for (const auto& q : questions)
            if (q.area == area) body += "&q" + std::to_string(q.id) + "=" + std::to_string(q.value);
          body += std::string("&nav=") + (area == areas ? "finish" : "next");
          std::string req = "POST /assessment/area/" + std::to_string(area) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                            "Cookie: cs_pre=" + p.pre + "; cs_assessment=" + p.token +
                            "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
          auto t0 = std::chrono::steady_clock::now();
          auto reply = test::send_raw(port, req, 60000);
          double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
          std::lock_guard lock(m);
          latencies.push_back(ms);
          statuses.push_back(reply.status);
        }
      }
    });
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Every answer sent must be stored with its value, and every attempt scored once.
  auto c = db->acquire();
  std::int64_t first = crowd.front().attempt, last = crowd.back().attempt;
  std::int64_t per_person = 0;
  std::int64_t value_sum = 0;
  for (const auto& q : questions)
    if (q.area <= areas) ++per_person, value_sum += q.value;
  auto stored = c->one("SELECT COUNT(*), COALESCE(SUM(value), 0) FROM assessment_answers WHERE attempt_id BETWEEN ? AND ?",
                       {first, last});
  auto finished = c->one("SELECT COUNT(*) FROM assessment_attempts WHERE id BETWEEN ? AND ? AND finished_at IS NOT NULL",
                         {first, last})->i64(0);
  auto scored = c->one("SELECT COUNT(*) FROM assessment_results WHERE attempt_id BETWEEN ? AND ? AND scope = 'area'",
                       {first, last})->i64(0);
  auto areas_total = c->one("SELECT COUNT(*) FROM framework_areas a JOIN assessment_attempts t ON t.framework_id = a.framework_id "
                            "WHERE t.id = ?", {first})->i64(0);
  std::int64_t sent = per_person * people;
  std::int64_t lost = sent - stored->i64(0);
  bool values_ok = stored->i64(1) == value_sum * people;
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies[static_cast<std::size_t>(p * (latencies.size() - 1))]; };
  int redirects = static_cast<int>(std::count(statuses.begin(), statuses.end(), 303));
  std::printf("assessment storm: %d people, %d area(s) each, %d concurrent clients, %s\n", people, areas, concurrency,
              db->describe().c_str());
  std::printf("  %.0f submissions/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", latencies.size() / seconds, pct(0.50),
              pct(0.99), latencies.back());
  std::printf("  answers: %d redirected (303), %d other\n", redirects, static_cast<int>(statuses.size()) - redirects);
  std::printf("  outcome: %lld answers sent, %lld stored, %lld lost, values %s; %lld of %d attempts finished, %lld area results (expected %lld)\n",
              static_cast<long long>(sent), static_cast<long long>(stored->i64(0)), static_cast<long long>(lost),
              values_ok ? "intact" : "WRONG", static_cast<long long>(finished), people, static_cast<long long>(scored),
              static_cast<long long>(areas_total * people));
  bool ok = lost == 0 && values_ok && finished == people && scored == areas_total * people;
  std::printf("  %s\n", ok ? "no answer lost, every attempt scored once: yes" : "ANSWERS LOST OR SCORED TWICE");
  std::printf("result /assessment/result/%lld cs_assessment=%s\n", static_cast<long long>(crowd.back().attempt),
              crowd.back().token.c_str());
  return ok ? 0 : 1;
}
