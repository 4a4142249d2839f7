#include "features/ideas/store.hpp"

#include "db/marks.hpp"

#include "features/ideas/api.hpp"

#include "db/rows.hpp"
#include "search/search.hpp"
#include "util/strings.hpp"
#include "view/markdown.hpp"

namespace cityskills::ideas::store {
namespace {

constexpr const char* kSelect =
    "SELECT i.id, i.org_id, o.name, COALESCE(u.display_name, ''), i.lang, i.title, i.body, i.status, "
    "COALESCE(i.status_note, ''), i.supports, i.created_at, "
    "(SELECT COUNT(*) FROM idea_comments c WHERE c.idea_id = i.id) "
    "FROM ideas i JOIN organisations o ON o.id = i.org_id LEFT JOIN users u ON u.id = i.author_id ";

Idea to_idea(const db::Row& r) {
  return db::read_as<Idea>(r, &Idea::id, &Idea::org_id, &Idea::org_name, &Idea::author_name, &Idea::lang, &Idea::title,
                           &Idea::body, &Idea::status, &Idea::status_note, &Idea::supports, &Idea::created_at,
                           &Idea::comments);
}

}  // namespace

std::vector<Idea> list(db::Connection& c, const Filter& f, int limit, int offset) {
  // Only two fixed orders: never a column name from the request.
  auto q = db::ListQuery(kSelect)
               .equals("i.status", f.status)
               .equals("i.org_id", f.org_id)
               .order_by(f.by_support ? "i.supports DESC, i.id DESC" : "i.created_at DESC, i.id DESC")
               .page(limit, offset);
  return db::read_all(q.run(c), to_idea);
}

std::optional<Idea> find(db::Connection& c, std::int64_t id) {
  return db::read_one(c.one(std::string(kSelect) + "WHERE i.id = ?", {id}), to_idea);
}

std::int64_t create(db::Connection& c, const Idea& idea, std::int64_t author_id) {
  auto now = util::now_unix();
  auto id = c.insert(
      "INSERT INTO ideas (org_id, author_id, lang, title, body, status, supports, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, ?, 'under_review', 0, ?, ?) RETURNING id",
      {idea.org_id, author_id ? std::optional<std::int64_t>(author_id) : std::nullopt, idea.lang, idea.title, idea.body,
       now, now});
  index(c, id);
  return id;
}

std::int64_t support(db::Database& db, std::int64_t idea_id, std::int64_t user_id, bool on) {
  return db::set_mark(db, {"idea_supports", "idea_id", "ideas", "supports"}, idea_id, user_id, on);
}

void add_support(db::Connection& c, std::int64_t idea_id, std::int64_t user_id) {
  c.exec("INSERT INTO idea_supports (idea_id, user_id, created_at) VALUES (?, ?, 0)", {idea_id, user_id});
  c.exec("UPDATE ideas SET supports = (SELECT COUNT(*) FROM idea_supports WHERE idea_id = ?) WHERE id = ?",
         {idea_id, idea_id});
}

bool any(db::Connection& c) { return c.one("SELECT 1 FROM ideas LIMIT 1").has_value(); }

bool supports(db::Connection& c, std::int64_t idea_id, std::int64_t user_id) {
  return c.one("SELECT 1 FROM idea_supports WHERE idea_id = ? AND user_id = ?", {idea_id, user_id}).has_value();
}

std::vector<Comment> comments(db::Connection& c, std::int64_t idea_id) {
  return db::read_all(c.query("SELECT c.id, COALESCE(u.display_name, ''), c.body, c.created_at FROM idea_comments c "
                              "LEFT JOIN users u ON u.id = c.author_id WHERE c.idea_id = ? ORDER BY c.id",
                              {idea_id}),
                      [](const db::Row& r) { return Comment{r.i64(0), r.str(1), r.str(2), r.i64(3)}; });
}

void add_comment(db::Connection& c, std::int64_t idea_id, std::int64_t author_id, const std::string& body) {
  auto now = util::now_unix();
  c.exec("INSERT INTO idea_comments (idea_id, author_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
         {idea_id, author_id, body, now, now});
}

void set_status(db::Connection& c, std::int64_t idea_id, std::int64_t actor_id, const std::string& status,
                const std::string& note) {
  auto now = util::now_unix();
  c.exec("UPDATE ideas SET status = ?, status_note = ?, updated_at = ? WHERE id = ?", {status, note, now, idea_id});
  c.exec("INSERT INTO idea_status_log (idea_id, actor_id, status, note, created_at) VALUES (?, ?, ?, ?, ?)",
         {idea_id, actor_id, status, note, now});
  index(c, idea_id);
}

void index(db::Connection& c, std::int64_t id) {
  auto i = find(c, id);
  if (!i) {
    search::remove(c, "idea", id);
    return;
  }
  auto body = view::markdown_plain_text(i->body, search::kMaxBodyChars, true);
  if (!i->status_note.empty()) body += "\n" + i->status_note;  // the organisation's public answer
  search::put(c, {.kind = "idea", .ref_id = i->id, .lang = i->lang, .org_id = i->org_id, .title = i->title,
                  .body = body, .url = "/ideas/" + std::to_string(i->id), .shown_at = i->created_at});
}

void index_all(db::Connection& c) {
  for (const auto& r : c.query("SELECT id FROM ideas ORDER BY id")) index(c, r.i64(0));
}

std::vector<StatusChange> history(db::Connection& c, std::int64_t idea_id) {
  return db::read_all(
      c.query("SELECT l.status, l.note, COALESCE(u.display_name, ''), l.created_at FROM idea_status_log l "
              "LEFT JOIN users u ON u.id = l.actor_id WHERE l.idea_id = ? ORDER BY l.id",
              {idea_id}),
      [](const db::Row& r) { return StatusChange{r.str(0), r.str(1), r.str(2), r.i64(3)}; });
}

}  // namespace cityskills::ideas::store

namespace cityskills::ideas {
void index_search(db::Connection& c) { store::index_all(c); }
}  // namespace cityskills::ideas
