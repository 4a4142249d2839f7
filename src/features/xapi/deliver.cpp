#include "features/xapi/deliver.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <map>
#include <memory>

#include "features/xapi/statement.hpp"
#include "features/xapi/store.hpp"
#include "jobs/once.hpp"
#include "util/log.hpp"
#include "util/strings.hpp"

namespace cityskills::xapi {
namespace {

constexpr std::size_t kMaxAnswer = 64 * 1024;
constexpr std::int64_t kKeepSent = 30 * 24 * 3600;  // sent rows are shown, then forgotten
constexpr int kMaxBatchesPerRun = 40;

std::size_t collect(char* data, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  if (out->size() < kMaxAnswer) out->append(data, std::min(size * n, kMaxAnswer - out->size()));
  return size * n;
}

bool accepted(long status) { return status >= 200 && status < 300; }

// The store is away or will not take anything from us now: stop the run.
bool store_unavailable(long status) { return status == 0 || status >= 500 || status == 401 || status == 403 || status == 429; }

std::string array_of(const std::vector<std::string>& statements) {
  std::string out = "[";
  for (std::size_t i = 0; i < statements.size(); ++i) out += (i ? "," : "") + statements[i];
  return out + "]";
}

// Sends one leased batch. A 409 (an id the store already has) counts as delivered: the store
// keeps the first copy. A batch the store refuses for another 4xx is sent again one statement
// at a time, so one statement it will not take does not hold back the others; each one's lease
// is renewed just before it goes, since fifty of them may take longer than the batch's lease,
// and one another run took meanwhile is left to it. Returns whether the run may go on (false:
// the store is away or refuses us).
bool send_batch(db::Database& db, const store::Settings& s, const std::vector<store::Row>& rows,
                const std::vector<std::string>& statements, const std::string& owner) {
  auto a = post_statements(s.endpoint, s.auth_key, s.auth_secret, array_of(statements));
  auto now = util::now_unix();
  if (accepted(a.status) || (a.status == 409 && rows.size() == 1)) {
    std::vector<std::int64_t> ids;
    for (const auto& row : rows) ids.push_back(row.id);
    store::mark_sent(*db.acquire(), ids, owner, now);
    return true;
  }
  if (store_unavailable(a.status) || rows.size() == 1) {
    store::mark_failed(*db.acquire(), rows, owner, a.error, now);
    log::warn("xapi delivery failed", "\"statements\":" + std::to_string(rows.size()) + ",\"error\":\"" +
                                          util::json_escape(a.error) + "\"");
    return !store_unavailable(a.status);
  }
  for (std::size_t i = 0; i < rows.size(); ++i) {
    if (!store::renew(*db.acquire(), rows[i].id, owner, util::now_unix() + kLeaseSeconds)) continue;
    if (!send_batch(db, s, {rows[i]}, {statements[i]}, owner)) {
      std::vector<std::int64_t> rest;
      for (auto k = i + 1; k < rows.size(); ++k) rest.push_back(rows[k].id);
      store::release(*db.acquire(), rest, owner);  // untried: back to the queue as they were
      return false;
    }
  }
  return true;
}

}  // namespace

Answer post_statements(const std::string& endpoint, const std::string& key, const std::string& secret,
                       const std::string& body) {
  Answer a;
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) {
    a.error = "curl_easy_init failed";
    return a;
  }
  curl_slist* list = nullptr;
  for (const char* h : {"Content-Type: application/json", "X-Experience-API-Version: 1.0.3", "Expect:"})
    list = curl_slist_append(list, h);
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> owned(list, curl_slist_free_all);
  auto base = endpoint;
  while (!base.empty() && base.back() == '/') base.pop_back();
  auto url = base + "/statements";
  char err[CURL_ERROR_SIZE] = {0};
  std::string answer;
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 15000L);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
  curl_easy_setopt(c, CURLOPT_USERNAME, key.c_str());
  curl_easy_setopt(c, CURLOPT_PASSWORD, secret.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "cityskills-xapi");
  auto rc = curl_easy_perform(c);
  if (rc != CURLE_OK) {
    a.error = url + ": " + (err[0] ? err : curl_easy_strerror(rc));
    return a;
  }
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &a.status);
  if (!accepted(a.status)) {
    // What the store said, on one line, for the administrator's page and the log.
    auto text = answer.substr(0, 300);
    for (auto& ch : text)
      if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
    a.error = "HTTP " + std::to_string(a.status) + (text.empty() ? "" : ": " + text);
  }
  return a;
}

void deliver(db::Database& db, const std::string& site_url, const std::string& owner) {
  auto now = util::now_unix();
  store::Settings s;
  {
    auto c = db.acquire();
    store::prune_sent(*c, now - kKeepSent);
    s = store::settings(*c);
  }
  // Switched off: the queued statements wait (none is added meanwhile) and go when it is on again.
  if (!s.enabled || s.endpoint.empty()) return;
  for (int batch = 0; batch < kMaxBatchesPerRun; ++batch) {
    std::vector<store::Row> rows;
    std::vector<std::string> statements;
    db.tx(db::TxKind::kWrite, [&](db::Tx& c) {
      rows = store::lease_batch(c, owner, util::now_unix(), kLeaseSeconds, kBatchSize);
      std::map<std::int64_t, std::string> names;
      for (const auto& r : rows) {
        auto& name = names[r.user_id];
        if (name.empty()) name = store::pseudonym(c, r.user_id);
        statements.push_back(statement_json(r, site_url, name));
      }
    });
    if (rows.empty() || !send_batch(db, s, rows, statements, owner)) break;
  }
  // What is left (to retry later, or more than one run sends) gets the next run.
  db.tx(db::TxKind::kWrite, [&](db::Tx& c) {
    if (auto due = store::next_due(c)) jobs::enqueue_once(c, kJobKind, "{}", std::max(*due, util::now_unix()));
  });
}

void schedule(db::Connection& c, bool sooner) { jobs::enqueue_once(c, kJobKind, "{}", util::now_unix(), sooner); }

}  // namespace cityskills::xapi
