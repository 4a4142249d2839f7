#include "features/accounts/throttles.hpp"

#include <algorithm>

#include "features/accounts/store.hpp"
#include "util/crypto.hpp"
#include "util/strings.hpp"
#include "web/throttle.hpp"

namespace cityskills::accounts {
namespace {

constexpr std::int64_t kDay = 24 * 3600;

bool mail_allowed(db::Connection& c, const std::string& bucket) {
  if (store::recent_events(c, bucket, kMailGap).count > 0) return false;
  return store::recent_events(c, bucket, kDay).count < kMailPerDay;
}

std::string pair_bucket(std::string_view email, std::string_view client_ip) {
  return email_bucket("login", email) + ":" + web::throttle_key(client_ip);
}

}  // namespace

std::int64_t login_wait(int failures, std::int64_t last_failure, std::int64_t now, bool account_ceiling_reached) {
  int allowed = account_ceiling_reached ? 1 : kLoginFreeFailures;
  if (failures < allowed) return 0;
  int doublings = std::min(failures - allowed, 10);
  auto delay = std::min(kLoginMaxDelay, kLoginFirstDelay << doublings);
  return std::max<std::int64_t>(0, last_failure + delay - now);
}

std::string client_bucket(std::string_view what, std::string_view client_ip) {
  return std::string(what) + ":ip:" + web::throttle_key(client_ip);
}

std::string email_bucket(std::string_view what, std::string_view email) {
  return std::string(what) + ":email:" + crypto::sha256_hex(util::to_lower(util::trim(email)));
}

bool allow_account_mail(db::Connection& c, std::optional<std::int64_t> user_id, std::string_view email) {
  auto to = email_bucket("mail", email);
  auto account = user_id ? "mail:user:" + std::to_string(*user_id) : std::string();
  // Callers are inside a write transaction: two requests at once cannot both find the address
  // below its limit.
  store::lock_bucket(c, to);
  if (!mail_allowed(c, to) || (user_id && !mail_allowed(c, account))) return false;
  store::record_event(c, to);
  if (user_id) store::record_event(c, account);
  return true;
}

std::int64_t begin_login_attempt(db::Database& db, std::string_view email, std::string_view client_ip) {
  auto client = client_bucket("login", client_ip);
  return db.tx(db::TxKind::kWrite, [&](db::Tx& t) -> std::int64_t {
    // One client's attempts wait for each other here, so each count below sees the attempts
    // committed before it.
    store::lock_bucket(t, client);
    if (store::count_events(t, client, kLoginClientWindow) >= kLoginMaxPerClient)
      return store::retry_after(t, client, kLoginClientWindow);
    auto pair = store::recent_events(t, pair_bucket(email, client_ip), kLoginPairWindow);
    if (pair.count > 0) {
      bool ceiling = store::count_events(t, email_bucket("login", email), kLoginPairWindow) >= kLoginAccountCeiling;
      if (auto wait = login_wait(pair.count, pair.newest, util::now_unix(), ceiling); wait > 0) return wait;
    }
    store::record_event(t, client);
    store::record_event(t, pair_bucket(email, client_ip));
    store::record_event(t, email_bucket("login", email));
    return 0;
  });
}

void record_login_success(db::Connection& c, std::string_view email, std::string_view client_ip) {
  store::clear_events(c, pair_bucket(email, client_ip));
  // The attempt counted by begin_login_attempt was no failure: people who share an address
  // (an office, a library) sign in without using up its limit.
  store::forget_latest_event(c, client_bucket("login", client_ip));
  store::forget_latest_event(c, email_bucket("login", email));
}

}  // namespace cityskills::accounts
