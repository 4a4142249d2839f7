// Issues AWARDS certificates at once from CONCURRENCY threads on one database, each issue as a
// learner completing a course would cause it: the award (its unique constraint), then its PDF
// drawn and its Open Badge signed, as the first download does. Every award is issued twice
// (the second call must return the same id). Prints throughput, p50/p99 per issue, and one
// verification code for wrk.
//
// Usage: credentials_storm --database URL [--awards 1000] [--concurrency 16]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "db/database.hpp"
#include "db/migrate.hpp"
#include "features/credentials/api.hpp"
#include "features/credentials/badge.hpp"
#include "features/credentials/certificate.hpp"
#include "features/credentials/store.hpp"
#include "features/orgs/store.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"

using namespace cityskills;

int main(int argc, char** argv) {
  std::map<std::string, std::string> args;
  for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
  if (!args.count("--database")) {
    std::fprintf(stderr, "usage: credentials_storm --database URL [--awards 1000] [--concurrency 16]\n");
    return 2;
  }
  int awards = static_cast<int>(util::parse_int(args.count("--awards") ? args["--awards"] : "1000").value_or(1000));
  int concurrency = static_cast<int>(util::parse_int(args.count("--concurrency") ? args["--concurrency"] : "16").value_or(16));
  crypto::init();
  auto db = db::Database::open(args["--database"], concurrency + 2);
  db::migrate(*db, db::embedded_migrations());
  auto tag = crypto::random_token(4);
  std::int64_t org = 0;
  std::vector<std::int64_t> people;
  db->tx(db::TxKind::kWrite, [&](db::Connection& c) {
    org = *orgs::store::create(c, {0, "Storm City " + tag, "storm-" + util::to_lower(tag), "city", "IT", ""});
    auto now = util::now_unix();
    for (int i = 0; i < awards; ++i)
      people.push_back(c.insert(
          "INSERT INTO users (email, password_hash, display_name, lang, email_verified_at, created_at, updated_at) "
          "VALUES (?, 'x', ?, 'it', ?, ?, ?) RETURNING id",
          {"award-" + tag + "-" + std::to_string(i) + "@example.org", "Persona " + std::to_string(i), now, now, now}));
  });
  const std::string base = "https://skills.example.org";
  const credentials::Achievement a{std::string("course"),
                                   1,
                                   std::string("it"),
                                   std::string("Password sicure e autenticazione a più fattori"),
                                   std::string("Password robuste, un gestore di password e l'autenticazione a due fattori."),
                                   {{"4.1", "foundation"}, {"4.2", "foundation"}},
                                   {org},
                                   std::string("{}"),
                                   0,
                                   0};
  std::vector<double> latencies(static_cast<std::size_t>(awards));
  std::atomic<int> next{0}, mismatched{0};
  std::atomic<std::size_t> pdf_bytes{0};
  auto started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t)
    threads.emplace_back([&] {
      for (int i = next++; i < awards; i = next++) {
        auto t0 = std::chrono::steady_clock::now();
        auto c = db->acquire();
        auto id = credentials::award(*c, people[static_cast<std::size_t>(i)], a);
        if (credentials::award(*c, people[static_cast<std::size_t>(i)], a) != id) ++mismatched;
        auto award = *credentials::store::find(*c, id);
        auto key = credentials::store::current_key(*c);
        pdf_bytes += credentials::certificate_pdf(award, base + "/verify/" + award.public_id).size();
        credentials::credential_jwt(award, base, "cityskills", key);
        latencies[static_cast<std::size_t>(i)] =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      }
    });
  for (auto& t : threads) t.join();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  auto c = db->acquire();
  auto count = c->one("SELECT COUNT(*) FROM awards a JOIN award_issuers i ON i.award_id = a.id WHERE i.org_id = ?", {org})->i64(0);
  auto code = c->one("SELECT a.public_id FROM awards a JOIN award_issuers i ON i.award_id = a.id WHERE i.org_id = ? LIMIT 1",
                     {org})->str(0);
  std::sort(latencies.begin(), latencies.end());
  auto pct = [&](double p) { return latencies[static_cast<std::size_t>(p * static_cast<double>(latencies.size() - 1))]; };
  std::fprintf(stderr, "credentials storm: %d awards (award + PDF + signed badge), %d threads, %s\n", awards, concurrency,
               db->describe().c_str());
  std::fprintf(stderr, "  %.0f awards/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms; PDF %.0f KB on average\n", awards / seconds,
               pct(0.50), pct(0.99), latencies.back(), static_cast<double>(pdf_bytes) / awards / 1024);
  bool exact = count == awards && mismatched == 0;
  std::fprintf(stderr, "  %s\n", exact ? "one award per person, repeated calls gave the same id: yes" : "AWARDS WRONG");
  std::printf("%s\n", code.c_str());
  return exact ? 0 : 1;
}
