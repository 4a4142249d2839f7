// The forum's SQL about people: @handles, thread subscriptions and notifications.
#include "features/forum/store.hpp"

#include "db/rows.hpp"

#include "db/in_list.hpp"
#include "features/forum/api.hpp"
#include "features/forum/text.hpp"
#include "util/strings.hpp"

namespace cityskills::forum::store {

std::optional<std::string> handle_of(db::Connection& c, std::int64_t user_id) {
  auto r = c.one("SELECT handle FROM forum_handles WHERE user_id = ?", {user_id});
  if (!r) return std::nullopt;
  return r->str(0);
}

std::string ensure_handle(db::Connection& c, std::int64_t user_id, const std::string& display_name) {
  if (auto h = handle_of(c, user_id)) return *h;
  auto base = make_handle(display_name);
  for (int n = 1;; ++n) {
    auto candidate = n == 1 ? base : base + std::to_string(n);
    // Taken handles are skipped; a race with another request for the same person or name
    // ends in ON CONFLICT and the loop (or the first look-up) settles it.
    c.exec("INSERT INTO forum_handles (user_id, handle, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
           {user_id, candidate, util::now_unix()});
    if (auto h = handle_of(c, user_id)) return *h;
  }
}

namespace {
constexpr const char* kRecipientSelect =
    "SELECT u.id, u.email, u.lang, u.display_name FROM users u ";
Recipient to_recipient(const db::Row& r) { return {r.i64(0), r.str(1), r.str(2), r.str(3)}; }
}  // namespace

std::optional<Recipient> user_by_handle(db::Connection& c, const std::string& handle) {
  return db::read_one(c.one(std::string(kRecipientSelect) +
                                "JOIN forum_handles h ON h.user_id = u.id WHERE h.handle = ? AND u.disabled_at IS NULL",
                            {handle}),
                      to_recipient);
}

std::optional<Recipient> recipient(db::Connection& c, std::int64_t user_id) {
  return db::read_one(c.one(std::string(kRecipientSelect) + "WHERE u.id = ?", {user_id}), to_recipient);
}

void subscribe(db::Connection& c, std::int64_t thread_id, std::int64_t user_id, std::int64_t now) {
  c.exec("INSERT INTO forum_subscriptions (thread_id, user_id, created_at) VALUES (?, ?, ?) "
         "ON CONFLICT (thread_id, user_id) DO NOTHING",
         {thread_id, user_id, now});
}

void unsubscribe(db::Connection& c, std::int64_t thread_id, std::int64_t user_id) {
  c.exec("DELETE FROM forum_subscriptions WHERE thread_id = ? AND user_id = ?", {thread_id, user_id});
}

bool subscribed(db::Connection& c, std::int64_t thread_id, std::int64_t user_id) {
  return c.one("SELECT 1 FROM forum_subscriptions WHERE thread_id = ? AND user_id = ?", {thread_id, user_id}).has_value();
}

std::vector<Recipient> subscribers(db::Connection& c, std::int64_t thread_id) {
  return db::read_all(
      c.query(std::string(kRecipientSelect) + "JOIN forum_subscriptions s ON s.user_id = u.id "
                                              "WHERE s.thread_id = ? AND u.disabled_at IS NULL ORDER BY u.id",
              {thread_id}),
      to_recipient);
}

bool notify(db::Connection& c, std::int64_t user_id, const std::string& kind, std::int64_t post_id,
            std::int64_t actor_id, std::int64_t now) {
  return c.exec("INSERT INTO forum_notifications (user_id, kind, post_id, actor_id, created_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (user_id, kind, post_id) DO NOTHING",
                {user_id, kind, post_id, actor_id, now}) > 0;
}

std::vector<Notification> notifications(db::Connection& c, std::int64_t user_id, int limit) {
  return db::read_all(
      c.query("SELECT n.id, n.post_id, n.kind, COALESCE(u.display_name, ''), t.title, n.created_at, n.read_at "
              "FROM forum_notifications n JOIN forum_posts p ON p.id = n.post_id "
              "JOIN forum_threads t ON t.id = p.thread_id LEFT JOIN users u ON u.id = n.actor_id "
              "WHERE n.user_id = ? AND p.hidden_at IS NULL AND t.hidden_at IS NULL ORDER BY n.id DESC LIMIT ?",
              {user_id, limit}),
      [](const db::Row& r) {
        return Notification{r.i64(0), r.i64(1), r.str(2), r.str(3), r.str(4), r.i64(5), !r.is_null(6)};
      });
}

std::int64_t unread_notifications(db::Connection& c, std::int64_t user_id) {
  // Counted as listed: a notification of a post hidden since is no longer news.
  return c.one("SELECT COUNT(*) FROM forum_notifications n JOIN forum_posts p ON p.id = n.post_id "
               "JOIN forum_threads t ON t.id = p.thread_id "
               "WHERE n.user_id = ? AND n.read_at IS NULL AND p.hidden_at IS NULL AND t.hidden_at IS NULL",
               {user_id})
      ->i64(0);
}

void mark_notifications_read(db::Connection& c, std::int64_t user_id, std::int64_t now) {
  c.exec("UPDATE forum_notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL", {now, user_id});
}

}  // namespace cityskills::forum::store
