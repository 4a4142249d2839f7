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
  if (!mail_allowed(c, to) || (user_id && !mail_allowed(c, account))) return false;
  store::record_event(c, to);
  if (user_id) store::record_event(c, account);
  return true;
}

std::int64_t login_retry_after(db::Connection& c, std::string_view email, std::string_view client_ip) {
  auto now = util::now_unix();
  auto client = client_bucket("login", client_ip);
  if (store::count_events(c, client, kLoginClientWindow) >= kLoginMaxPerClient)
    return store::retry_after(c, client, kLoginClientWindow);
  auto pair = store::recent_events(c, pair_bucket(email, client_ip), kLoginPairWindow);
  if (pair.count == 0) return 0;
  bool ceiling = store::count_events(c, email_bucket("login", email), kLoginPairWindow) >= kLoginAccountCeiling;
  return login_wait(pair.count, pair.newest, now, ceiling);
}

void record_login_failure(db::Connection& c, std::string_view email, std::string_view client_ip) {
  store::record_event(c, client_bucket("login", client_ip));
  store::record_event(c, pair_bucket(email, client_ip));
  store::record_event(c, email_bucket("login", email));
}

void record_login_success(db::Connection& c, std::string_view email, std::string_view client_ip) {
  store::clear_events(c, pair_bucket(email, client_ip));
}

}  // namespace cityskills::accounts
