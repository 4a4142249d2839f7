#include "features/practices/store.hpp"

#include "db/marks.hpp"

#include "features/practices/api.hpp"
#include "db/rows.hpp"
#include "search/search.hpp"
#include "view/markdown.hpp"

#include "util/strings.hpp"

namespace cityskills::practices::store {
namespace {

constexpr const char* kSelect =
    "SELECT p.id, p.org_id, o.name, p.author_id, COALESCE(u.display_name, ''), p.lang, p.title, p.problem, p.actions, "
    "p.results, p.figures, p.lessons, p.cost_band, p.effort_band, p.size_band, p.country, p.contact_name, "
    "p.contact_email, p.status, p.moderation_note, p.did_too, p.created_at, COALESCE(p.published_at, 0), "
    "(SELECT COUNT(*) FROM practice_comments c WHERE c.practice_id = p.id) "
    "FROM practices p JOIN organisations o ON o.id = p.org_id LEFT JOIN users u ON u.id = p.author_id ";

Practice to_practice(const db::Row& r) {
  using P = Practice;
  return db::read_as<P>(r, &P::id, &P::org_id, &P::org_name, &P::author_id, &P::author_name, &P::lang, &P::title,
                        &P::problem, &P::actions, &P::results, &P::figures, &P::lessons, &P::cost_band, &P::effort_band,
                        &P::size_band, &P::country, &P::contact_name, &P::contact_email, &P::status,
                        &P::moderation_note, &P::did_too, &P::created_at, &P::published_at, &P::comments);
}

void load_tags(db::Connection& c, Practice& p) {
  for (const auto& r : c.query("SELECT area FROM practice_areas WHERE practice_id = ? ORDER BY area", {p.id}))
    p.areas.push_back(std::to_string(r.i64(0)));
  for (const auto& r : c.query("SELECT theme FROM practice_themes WHERE practice_id = ? ORDER BY theme", {p.id}))
    p.themes.push_back(r.str(0));
}

std::vector<Practice> run(db::Connection& c, const std::string& sql, const db::Params& p) {
  auto out = db::read_all(c.query(sql, p), to_practice);
  for (auto& x : out) load_tags(c, x);
  return out;
}

}  // namespace

std::vector<Practice> published(db::Connection& c, const Filter& f, int limit, int offset) {
  db::ListQuery q(kSelect);
  q.where("p.status = 'published'")
      .equals("p.cost_band", f.cost_band)
      .equals("p.effort_band", f.effort_band)
      .equals("p.size_band", f.size_band)
      .equals("p.country", f.country)
      .equals("p.lang", f.lang);
  if (!f.area.empty())
    q.where("EXISTS (SELECT 1 FROM practice_areas a WHERE a.practice_id = p.id AND a.area = ?)",
            {*util::parse_int(f.area)});
  if (!f.theme.empty())
    q.where("EXISTS (SELECT 1 FROM practice_themes t WHERE t.practice_id = p.id AND t.theme = ?)", {f.theme});
  q.equals("p.org_id", f.org_id).order_by("p.published_at DESC, p.id DESC").page(limit, offset);
  return run(c, q.sql(), q.params());
}

std::vector<Practice> pending(db::Connection& c) {
  return run(c, std::string(kSelect) + "WHERE p.status = 'pending' ORDER BY p.created_at, p.id", {});
}

std::optional<Practice> find(db::Connection& c, std::int64_t id) {
  auto r = c.one(std::string(kSelect) + "WHERE p.id = ?", {id});
  if (!r) return std::nullopt;
  auto p = to_practice(*r);
  load_tags(c, p);
  return p;
}

std::vector<std::string> countries(db::Connection& c) {
  std::vector<std::string> out;
  for (const auto& r : c.query("SELECT DISTINCT country FROM practices WHERE status = 'published' ORDER BY country"))
    out.push_back(r.str(0));
  return out;
}

std::int64_t create(db::Connection& c, const Practice& p, std::optional<std::int64_t> author_id) {
  auto now = util::now_unix();
  auto id = c.insert(
      "INSERT INTO practices (org_id, author_id, lang, title, problem, actions, results, figures, lessons, cost_band, "
      "effort_band, size_band, country, contact_name, contact_email, status, moderation_note, did_too, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', '', 0, ?, ?) RETURNING id",
      {p.org_id, author_id, p.lang, p.title, p.problem, p.actions, p.results, p.figures, p.lessons, p.cost_band,
       p.effort_band, p.size_band, p.country, p.contact_name, p.contact_email, now, now});
  for (const auto& a : p.areas)
    c.exec("INSERT INTO practice_areas (practice_id, area) VALUES (?, ?)", {id, *util::parse_int(a)});
  for (const auto& t : p.themes) c.exec("INSERT INTO practice_themes (practice_id, theme) VALUES (?, ?)", {id, t});
  index(c, id);
  return id;
}

std::optional<std::int64_t> recent_duplicate(db::Connection& c, std::int64_t author_id, const std::string& title,
                                             std::int64_t seconds) {
  return db::id_of(
      c.one("SELECT id FROM practices WHERE author_id = ? AND title = ? AND created_at > ? ORDER BY id LIMIT 1",
            {author_id, title, util::now_unix() - seconds}));
}

void moderate(db::Connection& c, std::int64_t id, std::int64_t actor_id, bool approve, const std::string& reason) {
  auto now = util::now_unix();
  if (approve)
    c.exec("UPDATE practices SET status = 'published', moderation_note = ?, published_at = COALESCE(published_at, ?), "
           "updated_at = ? WHERE id = ?",
           {reason, now, now, id});
  else
    c.exec("UPDATE practices SET status = 'rejected', moderation_note = ?, updated_at = ? WHERE id = ?",
           {reason, now, id});
  c.exec("INSERT INTO practice_moderation_log (practice_id, actor_id, action, reason, created_at) VALUES (?, ?, ?, ?, ?)",
         {id, actor_id, approve ? "approve" : "reject", reason, now});
  index(c, id);
}

void index(db::Connection& c, std::int64_t id) {
  auto p = find(c, id);
  if (!p || p->status != "published") {
    search::remove(c, "practice", id);
    return;
  }
  std::string body;
  for (const auto* part : {&p->problem, &p->actions, &p->results, &p->lessons})
    body += view::markdown_plain_text(*part, search::kMaxBodyChars, true) + "\n";
  body += p->figures;
  search::put(c, {.kind = "practice", .ref_id = p->id, .lang = p->lang, .org_id = p->org_id, .title = p->title,
                  .body = body, .url = "/practices/" + std::to_string(p->id), .shown_at = p->published_at});
}

void index_all(db::Connection& c) {
  for (const auto& r : c.query("SELECT id FROM practices WHERE status = 'published' ORDER BY id")) index(c, r.i64(0));
}

std::vector<Decision> decisions(db::Connection& c, std::int64_t id) {
  return db::read_all(c.query("SELECT l.action, l.reason, COALESCE(u.display_name, ''), l.created_at "
                              "FROM practice_moderation_log l LEFT JOIN users u ON u.id = l.actor_id "
                              "WHERE l.practice_id = ? ORDER BY l.id",
                              {id}),
                      [](const db::Row& r) { return Decision{r.str(0), r.str(1), r.str(2), r.i64(3)}; });
}

std::int64_t mark_did_too(db::Database& db, std::int64_t id, std::int64_t user_id, bool on) {
  return db::set_mark(db, {"practice_did_too", "practice_id", "practices", "did_too"}, id, user_id, on);
}

void set_published_at(db::Connection& c, std::int64_t id, std::int64_t at) {
  c.exec("UPDATE practices SET published_at = ? WHERE id = ?", {at, id});
}

void add_did_too(db::Connection& c, std::int64_t id, std::int64_t user_id, std::int64_t at) {
  c.exec("INSERT INTO practice_did_too (practice_id, user_id, created_at) VALUES (?, ?, ?)", {id, user_id, at});
  c.exec("UPDATE practices SET did_too = did_too + 1 WHERE id = ?", {id});
}

bool did_too(db::Connection& c, std::int64_t id, std::int64_t user_id) {
  return c.one("SELECT 1 FROM practice_did_too WHERE practice_id = ? AND user_id = ?", {id, user_id}).has_value();
}

std::vector<Comment> comments(db::Connection& c, std::int64_t id) {
  return db::read_all(c.query("SELECT COALESCE(u.display_name, ''), c.body, c.created_at FROM practice_comments c "
                              "LEFT JOIN users u ON u.id = c.author_id WHERE c.practice_id = ? ORDER BY c.id",
                              {id}),
                      [](const db::Row& r) { return Comment{r.str(0), r.str(1), r.i64(2)}; });
}

void add_comment(db::Connection& c, std::int64_t id, std::int64_t author_id, const std::string& body) {
  auto now = util::now_unix();
  c.exec("INSERT INTO practice_comments (practice_id, author_id, body, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
         {id, author_id, body, now, now});
}

void attach(db::Connection& c, std::int64_t id, std::int64_t media_id) {
  c.exec("INSERT INTO practice_attachments (practice_id, media_id, created_at) VALUES (?, ?, ?)",
         {id, media_id, util::now_unix()});
}

std::vector<Attachment> attachments(db::Connection& c, std::int64_t id) {
  return db::read_all(c.query("SELECT m.id, m.size, m.name, m.mime FROM practice_attachments a "
                              "JOIN media m ON m.id = a.media_id WHERE a.practice_id = ? ORDER BY m.id",
                              {id}),
                      [](const db::Row& r) { return Attachment{r.i64(0), r.i64(1), r.str(2), r.str(3)}; });
}

}  // namespace cityskills::practices::store

namespace cityskills::practices {
void index_search(db::Connection& c) { store::index_all(c); }
}  // namespace cityskills::practices
