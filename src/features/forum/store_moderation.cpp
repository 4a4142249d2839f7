// The forum's SQL for moderators: hiding posts and threads, locking, pinning, moving, the
// moderation log and reports.
#include "features/forum/store.hpp"

#include "db/rows.hpp"

#include "db/in_list.hpp"
#include "features/forum/api.hpp"
#include "features/forum/text.hpp"
#include "util/strings.hpp"

namespace cityskills::forum::store {

bool set_post_hidden(db::Connection& c, std::int64_t post_id, bool hidden, const std::string& reason, std::int64_t now) {
  bool changed =
      hidden ? c.exec("UPDATE forum_posts SET hidden_at = ?, hidden_reason = ?, updated_at = ? WHERE id = ? AND "
                      "hidden_at IS NULL",
                      {now, reason, now, post_id}) > 0
             : c.exec("UPDATE forum_posts SET hidden_at = NULL, hidden_reason = NULL, updated_at = ? "
                      "WHERE id = ? AND hidden_at IS NOT NULL",
                      {now, post_id}) > 0;
  index_post(c, post_id);
  return changed;
}

bool set_thread_hidden(db::Connection& c, std::int64_t thread_id, bool hidden, const std::string& reason,
                       std::int64_t now) {
  bool changed = hidden ? c.exec("UPDATE forum_threads SET hidden_at = ?, hidden_reason = ?, updated_at = ? "
                                 "WHERE id = ? AND hidden_at IS NULL",
                                 {now, reason, now, thread_id}) > 0
                        : c.exec("UPDATE forum_threads SET hidden_at = NULL, hidden_reason = NULL, updated_at = ? "
                                 "WHERE id = ? AND hidden_at IS NOT NULL",
                                 {now, thread_id}) > 0;
  if (changed) index_thread(c, thread_id);
  return changed;
}

bool set_locked(db::Connection& c, std::int64_t thread_id, bool locked, const std::string& reason, std::int64_t now) {
  if (locked)
    return c.exec("UPDATE forum_threads SET locked_at = ?, lock_reason = ?, updated_at = ? WHERE id = ? AND locked_at IS NULL",
                  {now, reason, now, thread_id}) > 0;
  return c.exec("UPDATE forum_threads SET locked_at = NULL, lock_reason = NULL, updated_at = ? "
                "WHERE id = ? AND locked_at IS NOT NULL",
                {now, thread_id}) > 0;
}

bool set_pinned(db::Connection& c, std::int64_t thread_id, bool pinned, std::int64_t now) {
  return c.exec("UPDATE forum_threads SET pinned = ?, updated_at = ? WHERE id = ? AND pinned <> ?",
                {pinned ? 1 : 0, now, thread_id, pinned ? 1 : 0}) > 0;
}

void move_thread(db::Connection& c, std::int64_t thread_id, std::int64_t category_id, std::int64_t now) {
  c.exec("UPDATE forum_threads SET category_id = ?, updated_at = ? WHERE id = ?", {category_id, now, thread_id});
}

void log_action(db::Connection& c, std::optional<std::int64_t> category_id, std::optional<std::int64_t> thread_id,
                std::optional<std::int64_t> post_id, std::int64_t actor_id, const std::string& action,
                const std::string& reason, std::int64_t now) {
  c.exec("INSERT INTO forum_moderation_log (category_id, thread_id, post_id, actor_id, action, reason, created_at) "
         "VALUES (?, ?, ?, ?, ?, ?, ?)",
         {category_id, thread_id, post_id, actor_id, action, reason, now});
}

namespace {

constexpr const char* kLog =
    "SELECT l.action, l.reason, COALESCE(u.display_name, ''), COALESCE(NULLIF(tr.name, ''), c.name, ''), "
    "COALESCE(t.title, ''), l.thread_id, l.post_id, l.created_at FROM forum_moderation_log l "
    "LEFT JOIN users u ON u.id = l.actor_id LEFT JOIN forum_categories c ON c.id = l.category_id "
    "LEFT JOIN forum_category_translations tr ON tr.category_id = c.id AND tr.lang = ? "
    "LEFT JOIN forum_threads t ON t.id = l.thread_id WHERE l.category_id";

constexpr const char* kOpenReports =
    "SELECT r.id, r.post_id, p.thread_id, p.seq, t.title, COALESCE(NULLIF(tr.name, ''), c.name), "
    "COALESCE(u.display_name, ''), r.reason, p.body, r.created_at, p.hidden_at FROM forum_reports r "
    "JOIN forum_posts p ON p.id = r.post_id JOIN forum_threads t ON t.id = p.thread_id "
    "JOIN forum_categories c ON c.id = t.category_id "
    "LEFT JOIN forum_category_translations tr ON tr.category_id = c.id AND tr.lang = ? "
    "LEFT JOIN users u ON u.id = r.reporter_id WHERE r.resolved_at IS NULL AND t.category_id";

// The rows of `select` (ending in its category column, with the category names in `lang`)
// whose category is one of `category_ids`, in `order`, at most `limit`.
db::Rows in_categories(db::Connection& c, const char* select, const std::vector<std::int64_t>& category_ids,
                       const std::string& lang, const char* order, int limit) {
  db::Params p{lang};
  auto sql = std::string(select) + " IN (" + db::in_list(category_ids, p) + ") " + order + " LIMIT ?";
  p.emplace_back(limit);
  return c.query(sql, p);
}

}  // namespace

std::vector<LogEntry> moderation_log(db::Connection& c, const std::vector<std::int64_t>& category_ids,
                                     const std::string& lang, int limit) {
  if (category_ids.empty()) return {};
  return db::read_all(in_categories(c, kLog, category_ids, lang, "ORDER BY l.id DESC", limit), [](const db::Row& r) {
    using L = LogEntry;
    return db::read_as<L>(r, &L::action, &L::reason, &L::actor_name, &L::category_name, &L::thread_title,
                          &L::thread_id, &L::post_id, &L::created_at);
  });
}

bool report(db::Connection& c, std::int64_t post_id, std::int64_t reporter_id, const std::string& reason,
            std::int64_t now) {
  // The unique index holds "once per person" even when two clicks race.
  return c.exec("INSERT INTO forum_reports (post_id, reporter_id, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (post_id, reporter_id) DO NOTHING",
                {post_id, reporter_id, reason, now, now}) > 0;
}

std::vector<Report> open_reports(db::Connection& c, const std::vector<std::int64_t>& category_ids,
                                 const std::string& lang, int limit) {
  if (category_ids.empty()) return {};
  return db::read_all(in_categories(c, kOpenReports, category_ids, lang, "ORDER BY r.id", limit), [](const db::Row& r) {
    using R = Report;
    auto x = db::read_as<R>(r, &R::id, &R::post_id, &R::thread_id, &R::seq, &R::thread_title, &R::category_name,
                            &R::reporter_name, &R::reason, &R::post_excerpt, &R::created_at);
    x.post_hidden = !r.is_null(10);  // hidden_at
    return x;
  });
}

std::optional<std::int64_t> report_post(db::Connection& c, std::int64_t report_id) {
  return db::id_of(c.one("SELECT post_id FROM forum_reports WHERE id = ? AND resolved_at IS NULL", {report_id}));
}

void resolve_reports(db::Connection& c, std::int64_t post_id, std::int64_t by, std::int64_t now) {
  c.exec("UPDATE forum_reports SET resolved_at = ?, resolved_by = ?, updated_at = ? WHERE post_id = ? AND resolved_at IS NULL",
         {now, by, now, post_id});
}

}  // namespace cityskills::forum::store
