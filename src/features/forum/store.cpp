#include "features/forum/store.hpp"

#include "db/rows.hpp"

#include "db/in_list.hpp"
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
  using C = Category;
  return db::read_as<C>(r, &C::id, &C::slug, &C::name, &C::description, &C::org_id, &C::org_name, &C::position,
                        &C::threads);
}

// A thread's columns, with the category's name given as `name` (column 4).
std::string thread_columns(const std::string& name) {
  return "SELECT t.id, t.category_id, c.org_id, c.slug, " + name +
         ", COALESCE(t.author_id, 0), COALESCE(u.display_name, ''), "
         "t.lang, t.title, t.last_seq, t.last_post_at, t.created_at, t.pinned, t.locked_at, COALESCE(t.lock_reason, ''), "
         "t.hidden_at, COALESCE(t.hidden_reason, '')";
}
constexpr const char* kThreadFrom =
    " FROM forum_threads t JOIN forum_categories c ON c.id = t.category_id LEFT JOIN users u ON u.id = t.author_id ";
const std::string kThreadSelect = thread_columns("c.name") + kThreadFrom;

Thread to_thread(const db::Row& r) {
  using T = Thread;
  T t;
  db::read_into(r, 0, t, &T::id, &T::category_id, &T::category_org_id, &T::category_slug, &T::category_name,
                &T::author_id, &T::author_name, &T::lang, &T::title, &T::last_seq, &T::last_post_at, &T::created_at,
                &T::pinned);
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
  db::read_into(r, 0, p, &Post::id, &Post::thread_id, &Post::seq, &Post::author_id, &Post::author_name,
                &Post::author_handle, &Post::body, &Post::created_at, &Post::edited_at);
  p.hidden = !r.is_null(9);
  p.hidden_reason = r.str(10);
  return p;
}

std::optional<std::int64_t> nonzero(std::int64_t id) { return id ? std::optional<std::int64_t>(id) : std::nullopt; }

}  // namespace

std::vector<Category> categories(db::Connection& c) {
  return db::read_all(c.query(std::string(kCategorySelect) + "ORDER BY c.position, c.name"), to_category);
}

std::vector<Category> categories(db::Connection& c, const std::string& lang) {
  std::vector<Category> out;
  for (const auto& r : c.query("SELECT c.id, c.slug, COALESCE(NULLIF(tr.name, ''), c.name), "
                               "COALESCE(NULLIF(tr.description, ''), c.description), c.org_id, COALESCE(o.name, ''), c.position, "
                               "(SELECT COUNT(*) FROM forum_threads t WHERE t.category_id = c.id AND t.hidden_at IS NULL) "
                               "FROM forum_categories c LEFT JOIN organisations o ON o.id = c.org_id "
                               "LEFT JOIN forum_category_translations tr ON tr.category_id = c.id AND tr.lang = ? "
                               "ORDER BY c.position, c.name",
                               {lang}))
    out.push_back(to_category(r));
  return out;
}

std::optional<Category> category_by_slug(db::Connection& c, const std::string& slug) {
  return db::read_one(c.one(std::string(kCategorySelect) + "WHERE c.slug = ?", {slug}), to_category);
}

std::optional<Category> category_by_id(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kCategorySelect) + "WHERE c.id = ?", {id}), to_category);
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
  return db::read_all(c.query(sql, {category_id, limit, offset}), to_thread);
}

std::int64_t count_threads(db::Connection& c, std::int64_t category_id, bool with_hidden) {
  std::string sql = "SELECT COUNT(*) FROM forum_threads WHERE category_id = ?";
  if (!with_hidden) sql += " AND hidden_at IS NULL";
  return c.one(sql, {category_id})->i64(0);
}

std::optional<Thread> find_thread(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kThreadSelect) + "WHERE t.id = ?", {id}), to_thread);
}

std::optional<Thread> find_thread_for(db::Connection& c, std::int64_t id, const std::string& lang, std::int64_t user_id,
                                      bool& subscribed) {
  auto r = c.one(thread_columns("COALESCE(NULLIF(tr.name, ''), c.name)") +
                     ", (SELECT COUNT(*) FROM forum_subscriptions s WHERE s.thread_id = t.id AND s.user_id = ?)" + kThreadFrom +
                     "LEFT JOIN forum_category_translations tr ON tr.category_id = c.id AND tr.lang = ? WHERE t.id = ?",
                 {user_id, lang, id});
  if (!r) return std::nullopt;
  subscribed = r->i64(17) != 0;
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
  return db::id_of(
      c.one("SELECT p.seq FROM forum_posts p JOIN forum_threads t ON t.id = p.thread_id "
            "WHERE p.thread_id = ? AND p.seq > t.last_seq - 10 AND p.author_id = ? AND p.body = ? "
            "AND p.created_at >= ? ORDER BY p.seq DESC LIMIT 1",
            {thread_id, author_id, body, since}));
}

std::optional<std::int64_t> recent_thread(db::Connection& c, std::int64_t category_id, std::int64_t author_id,
                                          const std::string& title, std::int64_t since) {
  return db::id_of(
      c.one("SELECT id FROM forum_threads WHERE category_id = ? AND author_id = ? AND title = ? AND created_at >= ? "
            "ORDER BY id DESC LIMIT 1",
            {category_id, author_id, title, since}));
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
  return db::read_all(c.query(std::string(kPostWithTitleSelect) +
                                  "JOIN forum_threads t ON t.id = p.thread_id WHERE t.category_id = ? "
                                  "AND t.hidden_at IS NULL AND p.hidden_at IS NULL ORDER BY p.id DESC LIMIT ?",
                              {category_id, limit}),
                      [](const db::Row& r) { return FeedItem{to_post(r), r.str(11)}; });
}

std::optional<Post> find_post(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kPostSelect) + "WHERE p.id = ?", {id}), to_post);
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

}  // namespace cityskills::forum::store

namespace cityskills::forum {
void index_search(db::Connection& c) { store::index_all(c); }
}  // namespace cityskills::forum
