#include "features/forum/store.hpp"

#include <map>

#include "features/forum/api.hpp"
#include "search/search.hpp"
#include "view/markdown.hpp"

#include "features/forum/text.hpp"
#include "i18n/i18n.hpp"
#include "util/strings.hpp"

namespace cityskills::forum::store {
namespace {

constexpr const char* kCategorySelect =
    "SELECT c.id, c.slug, c.name, c.description, c.org_id, COALESCE(o.name, ''), c.position, "
    "(SELECT COUNT(*) FROM forum_threads t WHERE t.category_id = c.id AND t.hidden_at IS NULL) "
    "FROM forum_categories c LEFT JOIN organisations o ON o.id = c.org_id ";

Category to_category(const db::Row& r) {
  Category c;
  c.id = r.i64(0);
  c.slug = r.str(1);
  c.name = r.str(2);
  c.description = r.str(3);
  c.org_id = r.opt_i64(4);
  c.org_name = r.str(5);
  c.position = r.i64(6);
  c.threads = r.i64(7);
  return c;
}

constexpr const char* kThreadSelect =
    "SELECT t.id, t.category_id, c.org_id, c.slug, c.name, COALESCE(t.author_id, 0), COALESCE(u.display_name, ''), "
    "t.lang, t.title, t.last_seq, t.last_post_at, t.created_at, t.pinned, t.locked_at, COALESCE(t.lock_reason, ''), "
    "t.hidden_at, COALESCE(t.hidden_reason, '') "
    "FROM forum_threads t JOIN forum_categories c ON c.id = t.category_id LEFT JOIN users u ON u.id = t.author_id ";

Thread to_thread(const db::Row& r) {
  Thread t;
  t.id = r.i64(0);
  t.category_id = r.i64(1);
  t.category_org_id = r.opt_i64(2);
  t.category_slug = r.str(3);
  t.category_name = r.str(4);
  t.author_id = r.i64(5);
  t.author_name = r.str(6);
  t.lang = r.str(7);
  t.title = r.str(8);
  t.last_seq = r.i64(9);
  t.last_post_at = r.i64(10);
  t.created_at = r.i64(11);
  t.pinned = r.i64(12) != 0;
  t.locked = !r.is_null(13);
  t.lock_reason = r.str(14);
  t.hidden = !r.is_null(15);
  t.hidden_reason = r.str(16);
  return t;
}

#define CS_FORUM_POST_COLUMNS                                                                                  \
  "SELECT p.id, p.thread_id, p.seq, COALESCE(p.author_id, 0), COALESCE(u.display_name, ''), COALESCE(h.handle, ''), " \
  "p.body, p.created_at, p.edited_at, p.hidden_at, COALESCE(p.hidden_reason, '')"
#define CS_FORUM_POST_FROM \
  " FROM forum_posts p LEFT JOIN users u ON u.id = p.author_id LEFT JOIN forum_handles h ON h.user_id = p.author_id "
constexpr const char* kPostSelect = CS_FORUM_POST_COLUMNS CS_FORUM_POST_FROM;
// The same with the thread's title (column 11), for feeds.
constexpr const char* kPostWithTitleSelect = CS_FORUM_POST_COLUMNS ", t.title" CS_FORUM_POST_FROM;
#undef CS_FORUM_POST_COLUMNS
#undef CS_FORUM_POST_FROM

Post to_post(const db::Row& r) {
  Post p;
  p.id = r.i64(0);
  p.thread_id = r.i64(1);
  p.seq = r.i64(2);
  p.author_id = r.i64(3);
  p.author_name = r.str(4);
  p.author_handle = r.str(5);
  p.body = r.str(6);
  p.created_at = r.i64(7);
  p.edited_at = r.opt_i64(8);
  p.hidden = !r.is_null(9);
  p.hidden_reason = r.str(10);
  return p;
}

// "?, ?, ?" for an IN list of bound values.
std::string placeholders(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += i ? ", ?" : "?";
  return s;
}

std::optional<std::int64_t> nonzero(std::int64_t id) { return id ? std::optional<std::int64_t>(id) : std::nullopt; }

}  // namespace

std::vector<Category> categories(db::Connection& c) {
  std::vector<Category> out;
  for (const auto& r : c.query(std::string(kCategorySelect) + "ORDER BY c.position, c.name")) out.push_back(to_category(r));
  return out;
}

std::optional<Category> category_by_slug(db::Connection& c, const std::string& slug) {
  auto r = c.one(std::string(kCategorySelect) + "WHERE c.slug = ?", {slug});
  if (!r) return std::nullopt;
  return to_category(*r);
}

std::optional<Category> category_by_id(db::Connection& c, std::int64_t id) {
  auto r = c.one(std::string(kCategorySelect) + "WHERE c.id = ?", {id});
  if (!r) return std::nullopt;
  return to_category(*r);
}

std::int64_t create_category(db::Connection& c, const Category& cat) {
  auto now = util::now_unix();
  return c.insert(
      "INSERT INTO forum_categories (slug, name, description, org_id, position, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {cat.slug, cat.name, cat.description, cat.org_id, cat.position, now, now});
}

void update_category(db::Connection& c, const Category& cat) {
  c.exec("UPDATE forum_categories SET slug = ?, name = ?, description = ?, org_id = ?, position = ?, updated_at = ? "
         "WHERE id = ?",
         {cat.slug, cat.name, cat.description, cat.org_id, cat.position, util::now_unix(), cat.id});
}

std::vector<CategoryText> translations(db::Connection& c, std::int64_t category_id) {
  std::vector<CategoryText> out;
  for (auto lang : i18n::kLocales) {
    auto r = c.one("SELECT name, description FROM forum_category_translations WHERE category_id = ? AND lang = ?",
                   {category_id, std::string(lang)});
    if (r) out.push_back({std::string(lang), r->str(0), r->str(1)});
  }
  return out;
}

void set_translations(db::Connection& c, std::int64_t category_id, const std::vector<CategoryText>& texts) {
  auto now = util::now_unix();
  c.exec("DELETE FROM forum_category_translations WHERE category_id = ?", {category_id});
  for (const auto& t : texts) {
    if (t.name.empty() && t.description.empty()) continue;
    c.exec("INSERT INTO forum_category_translations (category_id, lang, name, description, created_at, updated_at) "
           "VALUES (?, ?, ?, ?, ?, ?)",
           {category_id, t.lang, t.name, t.description, now, now});
  }
}

void localise(db::Connection& c, std::vector<Category>& cats, const std::string& lang) {
  std::map<std::int64_t, std::pair<std::string, std::string>> texts;
  for (const auto& r : c.query("SELECT category_id, name, description FROM forum_category_translations WHERE lang = ?",
                               {lang}))
    texts[r.i64(0)] = {r.str(1), r.str(2)};
  for (auto& cat : cats) {
    auto it = texts.find(cat.id);
    if (it == texts.end()) continue;
    if (!it->second.first.empty()) cat.name = it->second.first;
    if (!it->second.second.empty()) cat.description = it->second.second;
  }
}

void localise(db::Connection& c, Category& cat, const std::string& lang) {
  auto r = c.one("SELECT name, description FROM forum_category_translations WHERE category_id = ? AND lang = ?",
                 {cat.id, lang});
  if (!r) return;
  if (!r->str(0).empty()) cat.name = r->str(0);
  if (!r->str(1).empty()) cat.description = r->str(1);
}

std::string category_name(db::Connection& c, std::int64_t category_id, const std::string& lang) {
  auto r = c.one("SELECT COALESCE(NULLIF(tr.name, ''), c.name) FROM forum_categories c "
                 "LEFT JOIN forum_category_translations tr ON tr.category_id = c.id AND tr.lang = ? WHERE c.id = ?",
                 {lang, category_id});
  return r ? r->str(0) : std::string();
}

std::vector<Thread> threads(db::Connection& c, std::int64_t category_id, bool with_hidden, int limit, int offset) {
  std::string sql = std::string(kThreadSelect) + "WHERE t.category_id = ?";
  if (!with_hidden) sql += " AND t.hidden_at IS NULL";
  sql += " ORDER BY t.pinned DESC, t.last_post_at DESC, t.id DESC LIMIT ? OFFSET ?";
  std::vector<Thread> out;
  for (const auto& r : c.query(sql, {category_id, limit, offset})) out.push_back(to_thread(r));
  return out;
}

std::int64_t count_threads(db::Connection& c, std::int64_t category_id, bool with_hidden) {
  std::string sql = "SELECT COUNT(*) FROM forum_threads WHERE category_id = ?";
  if (!with_hidden) sql += " AND hidden_at IS NULL";
  return c.one(sql, {category_id})->i64(0);
}

std::optional<Thread> find_thread(db::Connection& c, std::int64_t id) {
  auto r = c.one(std::string(kThreadSelect) + "WHERE t.id = ?", {id});
  if (!r) return std::nullopt;
  return to_thread(*r);
}

std::int64_t create_thread(db::Connection& c, std::int64_t category_id, std::int64_t author_id, const std::string& lang,
                           const std::string& title, const std::string& body, std::int64_t now) {
  auto id = c.insert(
      "INSERT INTO forum_threads (category_id, author_id, lang, title, last_seq, last_post_at, pinned, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, 0, ?, 0, ?, ?) RETURNING id",
      {category_id, nonzero(author_id), lang, title, now, now, now});
  add_post(c, id, author_id, body, now);
  return id;
}

std::optional<Post> add_post(db::Connection& c, std::int64_t thread_id, std::int64_t author_id, const std::string& body,
                             std::int64_t now) {
  auto seq = c.one(
      "UPDATE forum_threads SET last_seq = last_seq + 1, last_post_at = ?, updated_at = ? "
      "WHERE id = ? AND locked_at IS NULL AND hidden_at IS NULL RETURNING last_seq",
      {now, now, thread_id});
  if (!seq) return std::nullopt;
  Post p;
  p.thread_id = thread_id;
  p.seq = seq->i64(0);
  p.author_id = author_id;
  p.body = body;
  p.created_at = now;
  p.id = c.insert(
      "INSERT INTO forum_posts (thread_id, seq, author_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {thread_id, p.seq, nonzero(author_id), body, now, now});
  index_post(c, p.id);
  return p;
}

std::optional<std::int64_t> recent_duplicate(db::Connection& c, std::int64_t thread_id, std::int64_t author_id,
                                             const std::string& body, std::int64_t since) {
  // Only the last few numbers of the thread: a range on (thread_id, seq), however long it is.
  auto r = c.one("SELECT p.seq FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id "
                 "WHERE p.thread_id = ? AND p.seq > t.last_seq - 10 AND p.author_id = ? AND p.body = ? "
                 "AND p.created_at >= ? ORDER BY p.seq DESC LIMIT 1",
                 {thread_id, author_id, body, since});
  if (!r) return std::nullopt;
  return r->i64(0);
}

std::optional<std::int64_t> recent_thread(db::Connection& c, std::int64_t category_id, std::int64_t author_id,
                                          const std::string& title, std::int64_t since) {
  auto r = c.one("SELECT id FROM forum_threads WHERE category_id = ? AND author_id = ? AND title = ? AND created_at >= ? "
                 "ORDER BY id DESC LIMIT 1",
                 {category_id, author_id, title, since});
  if (!r) return std::nullopt;
  return r->i64(0);
}

std::vector<Post> posts_between(db::Connection& c, std::int64_t thread_id, std::int64_t from_seq, std::int64_t to_seq) {
  std::vector<Post> out;
  for (const auto& r :
       c.query(std::string(kPostSelect) + "WHERE p.thread_id = ? AND p.seq BETWEEN ? AND ? ORDER BY p.seq",
               {thread_id, from_seq, to_seq}))
    out.push_back(to_post(r));
  return out;
}

std::vector<FeedItem> latest_posts(db::Connection& c, std::int64_t category_id, int limit) {
  std::vector<FeedItem> out;
  for (const auto& r : c.query(std::string(kPostWithTitleSelect) +
                                   "JOIN forum_threads t ON t.id = p.thread_id WHERE t.category_id = ? "
                                   "AND t.hidden_at IS NULL AND p.hidden_at IS NULL ORDER BY p.id DESC LIMIT ?",
                               {category_id, limit}))
    out.push_back({to_post(r), r.str(11)});
  return out;
}

std::optional<Post> find_post(db::Connection& c, std::int64_t id) {
  auto r = c.one(std::string(kPostSelect) + "WHERE p.id = ?", {id});
  if (!r) return std::nullopt;
  return to_post(*r);
}

void edit_post(db::Connection& c, const Post& old, const std::string& body, std::int64_t now) {
  c.exec("INSERT INTO forum_post_versions (post_id, body, written_at, created_at) VALUES (?, ?, ?, ?)",
         {old.id, old.body, old.edited_at.value_or(old.created_at), now});
  c.exec("UPDATE forum_posts SET body = ?, edited_at = ?, updated_at = ? WHERE id = ?", {body, now, now, old.id});
  index_post(c, old.id);
}

void set_title(db::Connection& c, std::int64_t thread_id, const std::string& title, std::int64_t now) {
  c.exec("UPDATE forum_threads SET title = ?, updated_at = ? WHERE id = ?", {title, now, thread_id});
  index_thread(c, thread_id);
}

std::vector<Version> versions(db::Connection& c, std::int64_t post_id) {
  std::vector<Version> out;
  for (const auto& r :
       c.query("SELECT body, written_at FROM forum_post_versions WHERE post_id = ? ORDER BY id", {post_id}))
    out.push_back({r.str(0), r.i64(1)});
  return out;
}

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

namespace {

// A visible post of a visible thread: post id, thread id, seq, body, created_at, title, lang.
constexpr const char* kIndexSelect =
    "SELECT p.id, p.thread_id, p.seq, p.body, p.created_at, t.title, t.lang FROM forum_posts p "
    "JOIN forum_threads t ON t.id = p.thread_id WHERE p.hidden_at IS NULL AND t.hidden_at IS NULL ";

void put_post(db::Connection& c, const db::Row& r) {
  bool opening = r.i64(2) == 1;
  // The title counts once, with the opening post; replies show it but are found by their text.
  search::put(c, {.kind = "forum", .ref_id = r.i64(0), .group = "forum_thread:" + std::to_string(r.i64(1)),
                  .lang = r.str(6), .title = r.str(5), .title_searched = opening,
                  .body = view::markdown_plain_text(r.str(3), search::kMaxBodyChars, true),
                  .url = opening ? "/forum/t/" + std::to_string(r.i64(1)) : "/forum/p/" + std::to_string(r.i64(0)),
                  .shown_at = r.i64(4)});
}

}  // namespace

void index_post(db::Connection& c, std::int64_t post_id) {
  if (auto r = c.one(std::string(kIndexSelect) + "AND p.id = ?", {post_id})) put_post(c, *r);
  else search::remove(c, "forum", post_id);
}

void index_thread(db::Connection& c, std::int64_t thread_id) {
  search::remove_group(c, "forum_thread:" + std::to_string(thread_id));
  for (const auto& r : c.query(std::string(kIndexSelect) + "AND p.thread_id = ? ORDER BY p.seq", {thread_id}))
    put_post(c, r);
}

void index_all(db::Connection& c) {
  for (const auto& r : c.query(std::string(kIndexSelect) + "ORDER BY p.id")) put_post(c, r);
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

std::vector<LogEntry> moderation_log(db::Connection& c, const std::vector<std::int64_t>& category_ids,
                                     const std::string& lang, int limit) {
  std::vector<LogEntry> out;
  if (category_ids.empty()) return out;
  db::Params p{lang};
  p.insert(p.end(), category_ids.begin(), category_ids.end());
  p.emplace_back(limit);
  for (const auto& r : c.query(
           "SELECT l.action, l.reason, COALESCE(u.display_name, ''), COALESCE(NULLIF(tr.name, ''), c.name, ''), "
           "COALESCE(t.title, ''), l.thread_id, l.post_id, l.created_at FROM forum_moderation_log l "
           "LEFT JOIN users u ON u.id = l.actor_id LEFT JOIN forum_categories c ON c.id = l.category_id "
           "LEFT JOIN forum_category_translations tr ON tr.category_id = c.id AND tr.lang = ? "
           "LEFT JOIN forum_threads t ON t.id = l.thread_id WHERE l.category_id IN (" +
               placeholders(category_ids.size()) + ") ORDER BY l.id DESC LIMIT ?",
           p)) {
    LogEntry e;
    e.action = r.str(0);
    e.reason = r.str(1);
    e.actor_name = r.str(2);
    e.category_name = r.str(3);
    e.thread_title = r.str(4);
    e.thread_id = r.opt_i64(5);
    e.post_id = r.opt_i64(6);
    e.created_at = r.i64(7);
    out.push_back(std::move(e));
  }
  return out;
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
  std::vector<Report> out;
  if (category_ids.empty()) return out;
  db::Params p{lang};
  p.insert(p.end(), category_ids.begin(), category_ids.end());
  p.emplace_back(limit);
  for (const auto& r : c.query(
           "SELECT r.id, r.post_id, p.thread_id, p.seq, t.title, COALESCE(NULLIF(tr.name, ''), c.name), "
           "COALESCE(u.display_name, ''), r.reason, p.body, r.created_at, p.hidden_at FROM forum_reports r "
           "JOIN forum_posts p ON p.id = r.post_id JOIN forum_threads t ON t.id = p.thread_id "
           "JOIN forum_categories c ON c.id = t.category_id "
           "LEFT JOIN forum_category_translations tr ON tr.category_id = c.id AND tr.lang = ? "
           "LEFT JOIN users u ON u.id = r.reporter_id WHERE r.resolved_at IS NULL AND t.category_id IN (" +
               placeholders(category_ids.size()) + ") ORDER BY r.id LIMIT ?",
           p)) {
    Report x;
    x.id = r.i64(0);
    x.post_id = r.i64(1);
    x.thread_id = r.i64(2);
    x.seq = r.i64(3);
    x.thread_title = r.str(4);
    x.category_name = r.str(5);
    x.reporter_name = r.str(6);
    x.reason = r.str(7);
    x.post_excerpt = r.str(8);
    x.created_at = r.i64(9);
    x.post_hidden = !r.is_null(10);
    out.push_back(std::move(x));
  }
  return out;
}

std::optional<std::int64_t> report_post(db::Connection& c, std::int64_t report_id) {
  auto r = c.one("SELECT post_id FROM forum_reports WHERE id = ? AND resolved_at IS NULL", {report_id});
  if (!r) return std::nullopt;
  return r->i64(0);
}

void resolve_reports(db::Connection& c, std::int64_t post_id, std::int64_t by, std::int64_t now) {
  c.exec("UPDATE forum_reports SET resolved_at = ?, resolved_by = ?, updated_at = ? WHERE post_id = ? AND resolved_at IS NULL",
         {now, by, now, post_id});
}

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
  auto r = c.one(std::string(kRecipientSelect) +
                     "JOIN forum_handles h ON h.user_id = u.id WHERE h.handle = ? AND u.disabled_at IS NULL",
                 {handle});
  if (!r) return std::nullopt;
  return to_recipient(*r);
}

std::optional<Recipient> recipient(db::Connection& c, std::int64_t user_id) {
  auto r = c.one(std::string(kRecipientSelect) + "WHERE u.id = ?", {user_id});
  if (!r) return std::nullopt;
  return to_recipient(*r);
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
  std::vector<Recipient> out;
  for (const auto& r : c.query(std::string(kRecipientSelect) +
                                   "JOIN forum_subscriptions s ON s.user_id = u.id "
                                   "WHERE s.thread_id = ? AND u.disabled_at IS NULL ORDER BY u.id",
                               {thread_id}))
    out.push_back(to_recipient(r));
  return out;
}

bool notify(db::Connection& c, std::int64_t user_id, const std::string& kind, std::int64_t post_id,
            std::int64_t actor_id, std::int64_t now) {
  return c.exec("INSERT INTO forum_notifications (user_id, kind, post_id, actor_id, created_at) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (user_id, kind, post_id) DO NOTHING",
                {user_id, kind, post_id, actor_id, now}) > 0;
}

std::vector<Notification> notifications(db::Connection& c, std::int64_t user_id, int limit) {
  std::vector<Notification> out;
  for (const auto& r : c.query(
           "SELECT n.id, n.post_id, n.kind, COALESCE(u.display_name, ''), t.title, n.created_at, n.read_at "
           "FROM forum_notifications n JOIN forum_posts p ON p.id = n.post_id JOIN forum_threads t ON t.id = p.thread_id "
           "LEFT JOIN users u ON u.id = n.actor_id "
           "WHERE n.user_id = ? AND p.hidden_at IS NULL AND t.hidden_at IS NULL ORDER BY n.id DESC LIMIT ?",
           {user_id, limit}))
    out.push_back({r.i64(0), r.i64(1), r.str(2), r.str(3), r.str(4), r.i64(5), !r.is_null(6)});
  return out;
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

namespace cityskills::forum {
void index_search(db::Connection& c) { store::index_all(c); }
}  // namespace cityskills::forum
