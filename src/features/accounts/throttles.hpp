#pragma once
// The accounts feature's throttles: mail to one person, sign-in failures, and the per-client
// limits on sign-up, mail requests and token guesses. Counters are rows (rate_events), so
// every node sees the same counts. The numbers and why: docs/decisions/0012-account-tokens-and-throttles.md.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "db/database.hpp"

namespace cityskills::accounts {

// Mail to one account and to one address (verification, "you already have an account",
// password reset): at least kMailGap apart, at most kMailPerDay a day.
inline constexpr std::int64_t kMailGap = 2 * 60;
inline constexpr int kMailPerDay = 5;

// Sign-in failures for one account from one client (IPv4 address or IPv6 /64) within
// kLoginPairWindow: the first kLoginFreeFailures cost nothing; after that each further
// attempt waits kLoginFirstDelay, doubled per failure, at most kLoginMaxDelay, counted
// from the latest failure.
inline constexpr std::int64_t kLoginPairWindow = 3600;
inline constexpr int kLoginFreeFailures = 5;
inline constexpr std::int64_t kLoginFirstDelay = 30;
inline constexpr std::int64_t kLoginMaxDelay = 15 * 60;
// Above this many failures on one account from all clients within kLoginPairWindow, each
// client gets only one free failure on that account (a slow-down; a client without
// failures on the account is never held back, so the owner can still sign in).
inline constexpr int kLoginAccountCeiling = 50;
// Failures from one client over all accounts within kLoginClientWindow.
inline constexpr std::int64_t kLoginClientWindow = 15 * 60;
inline constexpr int kLoginMaxPerClient = 30;

// Seconds one client must still wait before trying to sign in to one account, given its
// failures there within kLoginPairWindow (`failures`, the latest at `last_failure`); 0 when it
// may try now. Pure, so the rule is unit-tested alone.
std::int64_t login_wait(int failures, std::int64_t last_failure, std::int64_t now, bool account_ceiling_reached);

// The rate_events bucket of one client (its throttle key) for `what`.
std::string client_bucket(std::string_view what, std::string_view client_ip);
// The rate_events bucket of an e-mail address (hashed: the table holds no addresses).
std::string email_bucket(std::string_view what, std::string_view email);

// True, and the mail counted, when one more account mail may go to `email` (and the
// account `user_id`, when there is one); false when it must be held back.
bool allow_account_mail(db::Connection& c, std::optional<std::int64_t> user_id, std::string_view email);

// Sign-in, in one step before the password is checked: the seconds this client must still wait
// before trying `email` again, or 0 when it may try now, the attempt then already counted as a
// failure. Attempts sent at once are thus each counted before any password is checked (a lock
// per client on PostgreSQL, the write lock on SQLite), so a burst gets no more guesses than
// attempts one after another.
std::int64_t begin_login_attempt(db::Database& db, std::string_view email, std::string_view client_ip);
// The password was right: the attempt is taken back, and this client's failures on the account forgotten.
void record_login_success(db::Connection& c, std::string_view email, std::string_view client_ip);

}  // namespace cityskills::accounts
