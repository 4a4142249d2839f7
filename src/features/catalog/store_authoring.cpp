// The catalogue's SQL for authors: courses, modules, lessons, questions, images, covers and
// captions written, and the search index kept in step with what is published.
#include <algorithm>

#include "db/rows.hpp"
#include "features/catalog/api.hpp"
#include "features/catalog/store.hpp"
#include "search/search.hpp"
#include "util/strings.hpp"
#include "view/markdown.hpp"

namespace cityskills::catalog::store {
namespace {

void set_competences(db::Connection& c, std::int64_t course_id, const std::vector<std::string>& codes) {
  c.exec("DELETE FROM course_competences WHERE course_id = ?", {course_id});
  for (const auto& code : codes)
    c.exec("INSERT INTO course_competences (course_id, competence) VALUES (?, ?)", {course_id, code});
  refresh_card(c, course_id);
}

// The card's figures of one course, counted (migration 0250 counts them the same way).
std::string refresh_card_sql(db::Dialect d) {
  auto sorted_list = [d](const std::string& col, const std::string& from) {
    if (d == db::Dialect::kPostgres)
      return "COALESCE((SELECT string_agg(DISTINCT " + col + ", ',' ORDER BY " + col + ") FROM " + from + "), '')";
    return "COALESCE((SELECT group_concat(v, ',') FROM (SELECT DISTINCT " + col + " AS v FROM " + from +
           " ORDER BY 1)), '')";
  };
  return "UPDATE courses SET card_lessons = (SELECT COUNT(*) FROM lessons l WHERE l.course_id = courses.id), "
         "card_minutes = (SELECT COALESCE(SUM(l.minutes), 0) FROM lessons l WHERE l.course_id = courses.id), "
         "card_kinds = " + sorted_list("l.kind", "lessons l WHERE l.course_id = courses.id") +
         ", card_competences = " + sorted_list("k.competence", "course_competences k WHERE k.course_id = courses.id") +
         " WHERE id = ?";
}


}  // namespace

void refresh_card(db::Connection& c, std::int64_t course_id) {
  static const std::string sqlite = refresh_card_sql(db::Dialect::kSqlite);
  static const std::string postgres = refresh_card_sql(db::Dialect::kPostgres);
  c.exec(c.dialect() == db::Dialect::kPostgres ? postgres : sqlite, {course_id});
}

std::int64_t create_course(db::Connection& c, const Course& x, std::int64_t author_id) {
  auto now = util::now_unix();
  auto id = c.insert(
      "INSERT INTO courses (org_id, translation_of, lang, title, summary, description, outcomes, level, audience, "
      "open_access, published, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?) "
      "RETURNING id",
      {x.org_id, x.translation_of, x.lang, x.title, x.summary, x.description, x.outcomes, x.level, x.audience,
       x.open_access, author_id > 0 ? db::Param(author_id) : db::Param(nullptr), now, now});
  c.exec("UPDATE courses SET group_id = COALESCE(translation_of, id) WHERE id = ?", {id});
  set_competences(c, id, x.competences);
  index(c, id);
  return id;
}

void update_course(db::Connection& c, const Course& x) {
  c.exec("UPDATE courses SET translation_of = ?, lang = ?, title = ?, summary = ?, description = ?, outcomes = ?, "
         "level = ?, audience = ?, open_access = ?, updated_at = ? WHERE id = ?",
         {x.translation_of, x.lang, x.title, x.summary, x.description, x.outcomes, x.level, x.audience, x.open_access,
          util::now_unix(), x.id});
  c.exec("UPDATE courses SET group_id = COALESCE(translation_of, id) WHERE id = ?", {x.id});
  // An original that becomes a translation takes its own translations along to the new group.
  if (x.translation_of)
    c.exec("UPDATE courses SET translation_of = ?, group_id = ? WHERE translation_of = ?",
           {*x.translation_of, *x.translation_of, x.id});
  set_competences(c, x.id, x.competences);
  index(c, x.id);
}

void set_published(db::Connection& c, std::int64_t course_id, bool published) {
  auto now = util::now_unix();
  c.exec("UPDATE courses SET published = ?, published_at = COALESCE(published_at, ?), updated_at = ? WHERE id = ?",
         {published, published ? db::Param(now) : db::Param(nullptr), now, course_id});
  index(c, course_id);
}

void index(db::Connection& c, std::int64_t course_id) {
  auto x = find(c, course_id);
  if (!x || !x->published) {  // drafts and unpublished courses are only for their authors
    search::remove(c, "course", course_id);
    return;
  }
  auto body = x->summary + "\n" + view::markdown_plain_text(x->description, search::kMaxBodyChars, true) + "\n" + x->outcomes;
  search::put(c, {.kind = "course", .ref_id = x->id, .lang = x->lang, .org_id = x->org_id, .title = x->title,
                  .body = body, .url = "/courses/" + std::to_string(x->id), .shown_at = x->published_at});
}

void index_all(db::Connection& c) {
  for (const auto& r : c.query("SELECT id FROM courses WHERE published = 1 ORDER BY id")) index(c, r.i64(0));
}

std::int64_t add_module(db::Connection& c, std::int64_t course_id, const std::string& title) {
  auto now = util::now_unix();
  auto pos = c.one("SELECT COALESCE(MAX(position), 0) + 1 FROM course_modules WHERE course_id = ?", {course_id})->i64(0);
  return c.insert("INSERT INTO course_modules (course_id, position, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
                  "RETURNING id",
                  {course_id, pos, title, now, now});
}

void rename_module(db::Connection& c, std::int64_t module_id, const std::string& title) {
  c.exec("UPDATE course_modules SET title = ?, updated_at = ? WHERE id = ?", {title, util::now_unix(), module_id});
}

bool delete_module(db::Connection& c, std::int64_t module_id) {
  if (c.one("SELECT 1 FROM lessons WHERE module_id = ?", {module_id})) return false;
  c.exec("DELETE FROM course_modules WHERE id = ?", {module_id});
  return true;
}

std::optional<ModuleRef> module(db::Connection& c, std::int64_t id) {
  auto r = c.one("SELECT id, course_id, title FROM course_modules WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return ModuleRef{r->i64(0), r->i64(1), r->str(2)};
}

std::int64_t create_lesson(db::Connection& c, const Lesson& l) {
  auto now = util::now_unix();
  auto pos = c.one("SELECT COALESCE(MAX(position), 0) + 1 FROM lessons WHERE module_id = ?", {l.module_id})->i64(0);
  auto id = c.insert(
      "INSERT INTO lessons (course_id, module_id, position, kind, title, body, minutes, allow_download, transcript, "
      "pass_mark, max_attempts, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {l.course_id, l.module_id, pos, l.kind, l.title, l.body, l.minutes, l.allow_download, l.transcript, l.pass_mark,
       l.max_attempts, now, now});
  refresh_card(c, l.course_id);
  return id;
}

void update_lesson(db::Connection& c, const Lesson& l) {
  c.exec("UPDATE lessons SET module_id = ?, title = ?, body = ?, minutes = ?, allow_download = ?, transcript = ?, "
         "pass_mark = ?, max_attempts = ?, updated_at = ? WHERE id = ?",
         {l.module_id, l.title, l.body, l.minutes, l.allow_download, l.transcript, l.pass_mark, l.max_attempts,
          util::now_unix(), l.id});
  refresh_card(c, l.course_id);
}

void delete_lesson(db::Connection& c, std::int64_t lesson_id) {
  auto course = db::id_of(c.one("SELECT course_id FROM lessons WHERE id = ?", {lesson_id}));
  c.exec("DELETE FROM lessons WHERE id = ?", {lesson_id});
  if (course) refresh_card(c, *course);
}

void set_video(db::Connection& c, std::int64_t lesson_id, std::int64_t media_id) {
  c.exec("UPDATE lessons SET video_id = ?, updated_at = ? WHERE id = ?", {media_id, util::now_unix(), lesson_id});
}

void move_lesson(db::Database& db, std::int64_t lesson_id, int direction) {
  db.tx(db::TxKind::kWrite, [&](db::Connection& c) {
    auto me = c.one("SELECT module_id, position FROM lessons WHERE id = ?", {lesson_id});
    if (!me) return;
    // Renumber first so positions are distinct and consecutive, then swap with the neighbour.
    auto rows = c.query("SELECT id FROM lessons WHERE module_id = ? ORDER BY position, id", {me->i64(0)});
    std::vector<std::int64_t> ids;
    for (const auto& r : rows) ids.push_back(r.i64(0));
    auto it = std::find(ids.begin(), ids.end(), lesson_id);
    auto i = static_cast<std::ptrdiff_t>(it - ids.begin());
    auto j = i + direction;
    if (j < 0 || j >= static_cast<std::ptrdiff_t>(ids.size())) return;
    std::swap(ids[static_cast<std::size_t>(i)], ids[static_cast<std::size_t>(j)]);
    for (std::size_t k = 0; k < ids.size(); ++k)
      c.exec("UPDATE lessons SET position = ? WHERE id = ?", {static_cast<std::int64_t>(k + 1), ids[k]});
  });
}

std::int64_t save_question(db::Connection& c, const Question& q) {
  auto now = util::now_unix();
  std::int64_t id = q.id;
  if (id == 0) {
    auto pos = c.one("SELECT COALESCE(MAX(position), 0) + 1 FROM quiz_questions WHERE lesson_id = ?", {q.lesson_id})->i64(0);
    id = c.insert("INSERT INTO quiz_questions (lesson_id, position, kind, prompt, feedback, created_at, updated_at) VALUES "
                  "(?, ?, ?, ?, ?, ?, ?) RETURNING id",
                  {q.lesson_id, pos, q.kind, q.prompt, q.feedback, now, now});
  } else {
    c.exec("UPDATE quiz_questions SET kind = ?, prompt = ?, feedback = ?, updated_at = ? WHERE id = ?",
           {q.kind, q.prompt, q.feedback, now, id});
    c.exec("DELETE FROM quiz_options WHERE question_id = ?", {id});
  }
  int pos = 0;
  for (const auto& o : q.options)
    c.exec("INSERT INTO quiz_options (question_id, position, text, correct) VALUES (?, ?, ?, ?)",
           {id, ++pos, o.text, o.correct});
  return id;
}

void delete_question(db::Connection& c, std::int64_t question_id) {
  c.exec("DELETE FROM quiz_questions WHERE id = ?", {question_id});
}

void add_image(db::Connection& c, std::int64_t course_id, std::int64_t media_id) {
  c.exec("INSERT INTO course_images (course_id, media_id, created_at) VALUES (?, ?, ?) ON CONFLICT (course_id, media_id) "
         "DO NOTHING",
         {course_id, media_id, util::now_unix()});
}

bool has_image(db::Connection& c, std::int64_t course_id, std::int64_t media_id) {
  return c.one("SELECT 1 FROM course_images WHERE course_id = ? AND media_id = ?", {course_id, media_id}).has_value();
}

std::vector<std::int64_t> images(db::Connection& c, std::int64_t course_id) {
  std::vector<std::int64_t> out;
  for (const auto& r : c.query("SELECT media_id FROM course_images WHERE course_id = ? ORDER BY created_at, media_id", {course_id}))
    out.push_back(r.i64(0));
  return out;
}

void set_cover(db::Connection& c, std::int64_t course_id, std::int64_t media_id, const std::string& alt) {
  add_image(c, course_id, media_id);
  c.exec("UPDATE courses SET cover_media_id = ?, cover_alt = ?, updated_at = ? WHERE id = ?",
         {media_id, alt, util::now_unix(), course_id});
}

void clear_cover(db::Connection& c, std::int64_t course_id) {
  c.exec("UPDATE courses SET cover_media_id = NULL, cover_alt = '', updated_at = ? WHERE id = ?", {util::now_unix(), course_id});
}

void set_caption(db::Connection& c, std::int64_t lesson_id, const std::string& lang, const std::string& vtt) {
  auto now = util::now_unix();
  c.exec("INSERT INTO lesson_captions (lesson_id, lang, vtt, created_at, updated_at) VALUES (?, ?, ?, ?, ?) "
         "ON CONFLICT (lesson_id, lang) DO UPDATE SET vtt = excluded.vtt, updated_at = excluded.updated_at",
         {lesson_id, lang, vtt, now, now});
}

void delete_caption(db::Connection& c, std::int64_t lesson_id, const std::string& lang) {
  c.exec("DELETE FROM lesson_captions WHERE lesson_id = ? AND lang = ?", {lesson_id, lang});
}


}  // namespace cityskills::catalog::store

namespace cityskills::catalog {
void index_search(db::Connection& c) { store::index_all(c); }
}  // namespace cityskills::catalog
