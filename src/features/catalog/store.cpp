#include "features/catalog/store.hpp"

#include "db/in_list.hpp"
#include "db/rows.hpp"
#include "features/catalog/api.hpp"
#include "features/catalog/records.hpp"
#include "features/catalog/store_progress.hpp"
#include "features/catalog/report.hpp"
#include "features/credentials/api.hpp"
#include "search/search.hpp"
#include "view/markdown.hpp"

#include <algorithm>

#include "util/strings.hpp"
#include "web/extensions.hpp"

namespace cityskills::catalog::store {
namespace {

constexpr const char* kCourseFields =
    "SELECT c.id, c.org_id, c.translation_of, o.name, o.slug, c.lang, c.title, c.summary, c.description, c.outcomes, "
    "c.level, c.audience, c.open_access, c.published, c.published_at, c.created_at, c.updated_at";
const std::string kCourseColumns = std::string(kCourseFields) + " FROM courses c JOIN organisations o ON o.id = c.org_id ";

// A draft's published_at is NULL: 0.
Course to_course(const db::Row& r) {
  using C = Course;
  return db::read_as<C>(r, &C::id, &C::org_id, &C::translation_of, &C::org_name, &C::org_slug, &C::lang, &C::title,
                        &C::summary, &C::description, &C::outcomes, &C::level, &C::audience, &C::open_access,
                        &C::published, &C::published_at, &C::created_at, &C::updated_at);
}

// A course row with its details (the card's figures kept on the row by refresh_card: lesson
// count, minutes, lesson kinds, competences; the cover) and the reader's own state (completed
// lessons, enrolment), so that a page of cards or a course page reads its courses in one
// statement. The first two parameters are the reader's id (0 for a visitor); the enrolment is
// joined as `e`. Columns 17-25, read by read_details.
const std::string kCourseSelect =
    std::string(kCourseFields) +
    ", c.card_lessons, c.card_minutes, c.card_kinds, c.card_competences, c.cover_media_id, c.cover_alt, "
    "(SELECT COUNT(*) FROM lesson_progress p WHERE p.user_id = ? AND p.course_id = c.id AND p.completed_at IS NOT NULL), "
    "CASE WHEN e.user_id IS NULL THEN 0 ELSE 1 END, e.last_lesson_id";
constexpr const char* kCourseFrom =
    " FROM courses c JOIN organisations o ON o.id = c.org_id LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ? ";

void read_details(const db::Row& r, Course& x) {
  x.lessons = static_cast<int>(r.i64(17));
  x.minutes = static_cast<int>(r.i64(18));
  auto list = [](const std::string& text) {
    std::vector<std::string> out;
    for (auto part : util::split(text, ','))
      if (!part.empty()) out.emplace_back(part);
    return out;
  };
  x.kinds = list(r.is_null(19) ? "" : r.str(19));
  x.competences = list(r.is_null(20) ? "" : r.str(20));
  x.cover_media_id = r.opt_i64(21);
  x.cover_alt = r.is_null(22) ? "" : r.str(22);
  x.done = static_cast<int>(r.i64(23));
  x.enrolled = r.i64(24) != 0;
  x.last_lesson_id = r.opt_i64(25);
}

Course to_full_course(const db::Row& r) {
  auto x = to_course(r);
  read_details(r, x);
  return x;
}

Lesson to_lesson(const db::Row& r) {
  using L = Lesson;
  return db::read_as<L>(r, &L::id, &L::course_id, &L::module_id, &L::position, &L::kind, &L::title, &L::body,
                        &L::minutes, &L::allow_download, &L::transcript, &L::pass_mark, &L::max_attempts,
                        &L::video_id, &L::video_seconds);
}

constexpr const char* kLessonColumns =
    "SELECT id, course_id, module_id, position, kind, title, body, minutes, allow_download, transcript, pass_mark, "
    "max_attempts, video_id, (SELECT m.duration_seconds FROM media m WHERE m.id = lessons.video_id AND m.status = 'ready') "
    "FROM lessons ";

std::vector<Option> options_of(db::Connection& c, std::int64_t question_id) {
  std::vector<Option> out;
  for (const auto& r : c.query("SELECT id, position, text, correct FROM quiz_options WHERE question_id = ? ORDER BY position, id",
                               {question_id}))
    out.push_back({r.i64(0), static_cast<int>(r.i64(1)), r.str(2), r.i64(3) != 0});
  return out;
}

}  // namespace

std::vector<Course> catalogue(db::Connection& c, const Filter& f, int limit, int offset) {
  // The page's ids first, from the courses alone; the details and the reader's state (a
  // dozen subqueries a course) are then read for those only, not for every published course.
  std::string sql = "SELECT c.id FROM courses c WHERE c.published = 1";
  db::Params p{f.reader_id, f.reader_id};
  if (!f.lang.empty()) {
    sql += " AND c.lang = ?";
    p.emplace_back(f.lang);
  } else {
    // One card per translation group: the reader's language, else the earliest published version.
    sql +=
        " AND (c.lang = ? OR (NOT EXISTS (SELECT 1 FROM courses t WHERE t.group_id = c.group_id AND t.published = 1 "
        "AND t.lang = ?) AND c.id = (SELECT MIN(t.id) FROM courses t WHERE t.group_id = c.group_id AND t.published = 1)))";
    p.emplace_back(f.reader_lang);
    p.emplace_back(f.reader_lang);
  }
  if (!f.level.empty()) {
    sql += " AND c.level = ?";
    p.emplace_back(f.level);
  }
  if (!f.audience.empty()) {
    sql += " AND c.audience IN (?, 'all')";
    p.emplace_back(f.audience);
  }
  if (!f.area.empty()) {
    sql += " AND EXISTS (SELECT 1 FROM course_competences cc WHERE cc.course_id = c.id AND cc.competence LIKE ?)";
    p.emplace_back(f.area + ".%");  // area is a digit 1-5: no wildcard inside
  }
  if (!f.format.empty()) {
    sql += " AND EXISTS (SELECT 1 FROM lessons l WHERE l.course_id = c.id AND l.kind = ?)";
    p.emplace_back(f.format);
  }
  if (f.org_id) {
    sql += " AND c.org_id = ?";
    p.emplace_back(*f.org_id);
  }
  if (f.after) {
    sql += " AND (c.published_at < ? OR (c.published_at = ? AND c.id < ?))";
    p.emplace_back(f.after->first);
    p.emplace_back(f.after->first);
    p.emplace_back(f.after->second);
  }
  sql = kCourseSelect + kCourseFrom + "WHERE c.id IN (" + sql +
        " ORDER BY c.published_at DESC, c.id DESC LIMIT ? OFFSET ?) ORDER BY c.published_at DESC, c.id DESC";
  p.emplace_back(limit);
  p.emplace_back(offset);
  std::vector<Course> out;
  for (const auto& r : c.query(sql, p)) out.push_back(to_full_course(r));
  return out;
}

std::optional<Course> find(db::Connection& c, std::int64_t id, std::int64_t reader_id) {
  auto r = c.one(kCourseSelect + kCourseFrom + "WHERE c.id = ?", {reader_id, reader_id, id});
  if (!r) return std::nullopt;
  return to_full_course(*r);
}

std::optional<Course> find_with_versions(db::Connection& c, std::int64_t id, std::int64_t reader_id,
                                         std::vector<CourseVersion>& versions) {
  const std::string agg = c.dialect() == db::Dialect::kPostgres ? "string_agg" : "group_concat";
  // "id:lang:published" of every version of the group (the translations() rule), in one column.
  auto r = c.one(kCourseSelect + ", (SELECT " + agg +
                     "(CAST(t.id AS TEXT) || ':' || t.lang || ':' || CAST(t.published AS TEXT), ',') FROM courses t "
                     "WHERE t.id = COALESCE(c.translation_of, c.id) OR t.translation_of = COALESCE(c.translation_of, c.id))" +
                     kCourseFrom + "WHERE c.id = ?",
                 {reader_id, reader_id, id});
  if (!r) return std::nullopt;
  versions.clear();
  const std::string list = r->is_null(26) ? std::string() : r->str(26);
  for (auto item : util::split(list, ',')) {
    auto parts = util::split(item, ':');
    if (parts.size() != 3) continue;
    auto vid = util::parse_id(parts[0]);
    if (vid) versions.push_back({*vid, std::string(parts[1]), parts[2] == "1"});
  }
  std::sort(versions.begin(), versions.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return to_full_course(*r);
}

std::vector<Course> of_orgs(db::Connection& c, const std::vector<std::int64_t>& org_ids) {
  if (org_ids.empty()) return {};
  db::Params p;
  for (auto id : org_ids) p.emplace_back(id);
  p.insert(p.begin(), {std::int64_t{0}, std::int64_t{0}});
  std::vector<Course> out;
  for (const auto& r : c.query(kCourseSelect + kCourseFrom + "WHERE c.org_id IN (" +
                                   db::placeholders(org_ids.size()) + ") ORDER BY c.updated_at DESC, c.id DESC",
                               p))
    out.push_back(to_full_course(r));
  return out;
}

std::vector<Course> translations(db::Connection& c, const Course& course) {
  auto group = course.translation_of.value_or(course.id);
  std::vector<Course> out;
  for (const auto& r : c.query(std::string(kCourseColumns) + "WHERE c.id = ? OR c.translation_of = ? ORDER BY c.id",
                               {group, group}))
    out.push_back(to_course(r));
  return out;
}

std::vector<Module> modules(db::Connection& c, std::int64_t course_id) {
  std::vector<Module> out;
  for (const auto& r : c.query("SELECT id, course_id, position, title FROM course_modules WHERE course_id = ? ORDER BY position, id",
                               {course_id}))
    out.push_back({r.i64(0), r.i64(1), static_cast<int>(r.i64(2)), r.str(3), {}});
  for (const auto& r : c.query(std::string(kLessonColumns) + "WHERE course_id = ? ORDER BY position, id", {course_id})) {
    auto l = to_lesson(r);
    for (auto& m : out)
      if (m.id == l.module_id) m.lessons.push_back(std::move(l));
  }
  return out;
}

Outline outline(db::Connection& c, std::int64_t course_id, std::int64_t reader_id) {
  Outline out;
  for (const auto& r : c.query("SELECT l.id, l.course_id, l.module_id, l.position, l.kind, l.title, l.body, l.minutes, "
                               "l.allow_download, l.transcript, l.pass_mark, l.max_attempts, l.video_id, (SELECT "
                               "md.duration_seconds FROM media md WHERE md.id = l.video_id AND md.status = 'ready'), "
                               "m.id, m.position, m.title, p.position_seconds, p.completed_at FROM course_modules m "
                               "LEFT JOIN lessons l ON l.module_id = m.id AND l.course_id = m.course_id "
                               "LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = ? "
                               "WHERE m.course_id = ? ORDER BY m.position, m.id, l.position, l.id",
                               {reader_id, course_id})) {
    auto module_id = r.i64(14);
    if (out.modules.empty() || out.modules.back().id != module_id)
      out.modules.push_back({module_id, course_id, static_cast<int>(r.i64(15)), r.str(16), {}});
    if (r.is_null(0)) continue;  // a module without lessons
    auto l = to_lesson(r);
    if (!r.is_null(17)) out.states[l.id] = {r.f64(17), !r.is_null(18)};
    out.modules.back().lessons.push_back(std::move(l));
  }
  return out;
}

std::optional<Lesson> lesson(db::Connection& c, std::int64_t id) {
  auto r = c.one(std::string(kLessonColumns) + "WHERE id = ?", {id});
  if (!r) return std::nullopt;
  return to_lesson(*r);
}

std::vector<Question> questions(db::Connection& c, std::int64_t lesson_id) {
  std::vector<Question> out;
  for (const auto& r : c.query("SELECT id, lesson_id, position, kind, prompt, feedback FROM quiz_questions WHERE lesson_id = ? "
                               "ORDER BY position, id",
                               {lesson_id}))
    out.push_back({r.i64(0), r.i64(1), static_cast<int>(r.i64(2)), r.str(3), r.str(4), r.str(5), {}});
  for (auto& q : out) q.options = options_of(c, q.id);
  return out;
}

std::optional<Question> question(db::Connection& c, std::int64_t id) {
  auto r = c.one("SELECT id, lesson_id, position, kind, prompt, feedback FROM quiz_questions WHERE id = ?", {id});
  if (!r) return std::nullopt;
  Question q{r->i64(0), r->i64(1), static_cast<int>(r->i64(2)), r->str(3), r->str(4), r->str(5), {}};
  q.options = options_of(c, q.id);
  return q;
}

std::vector<std::string> caption_langs(db::Connection& c, std::int64_t lesson_id) {
  std::vector<std::string> out;
  for (const auto& r : c.query("SELECT lang FROM lesson_captions WHERE lesson_id = ? ORDER BY lang", {lesson_id}))
    out.push_back(r.str(0));
  return out;
}

std::optional<std::string> caption(db::Connection& c, std::int64_t lesson_id, const std::string& lang) {
  auto r = c.one("SELECT vtt FROM lesson_captions WHERE lesson_id = ? AND lang = ?", {lesson_id, lang});
  if (!r) return std::nullopt;
  return r->str(0);
}

bool enrolled(db::Connection& c, std::int64_t user_id, std::int64_t course_id) {
  return c.one("SELECT 1 FROM enrolments WHERE user_id = ? AND course_id = ?", {user_id, course_id}).has_value();
}

std::optional<std::int64_t> last_lesson(db::Connection& c, std::int64_t user_id, std::int64_t course_id) {
  auto r = c.one("SELECT last_lesson_id FROM enrolments WHERE user_id = ? AND course_id = ?", {user_id, course_id});
  return r ? r->opt_i64(0) : std::nullopt;
}

void enrol(db::Connection& c, std::int64_t user_id, std::int64_t course_id) {
  auto now = util::now_unix();
  c.exec("INSERT INTO enrolments (user_id, course_id, created_at, updated_at) VALUES (?, ?, ?, ?) "
         "ON CONFLICT (user_id, course_id) DO NOTHING",
         {user_id, course_id, now, now});
}

void unenrol(db::Connection& c, std::int64_t user_id, std::int64_t course_id) {
  c.exec("DELETE FROM enrolments WHERE user_id = ? AND course_id = ?", {user_id, course_id});
}

std::map<std::int64_t, LessonState> progress(db::Connection& c, std::int64_t user_id, std::int64_t course_id) {
  std::map<std::int64_t, LessonState> out;
  for (const auto& r : c.query("SELECT lesson_id, position_seconds, completed_at FROM lesson_progress WHERE user_id = ? AND "
                               "course_id = ?",
                               {user_id, course_id}))
    out[r.i64(0)] = {r.f64(1), !r.is_null(2)};
  return out;
}

double saved_position(db::Connection& c, std::int64_t user_id, std::int64_t lesson_id) {
  auto r = c.one("SELECT position_seconds FROM lesson_progress WHERE user_id = ? AND lesson_id = ?", {user_id, lesson_id});
  return r ? r->f64(0) : 0.0;
}

void save_position(db::Connection& c, std::int64_t user_id, const Lesson& l, double seconds) {
  auto now = util::now_unix();
  c.exec("INSERT INTO lesson_progress (user_id, lesson_id, course_id, position_seconds, updated_at) VALUES (?, ?, ?, ?, ?) "
         "ON CONFLICT (user_id, lesson_id) DO UPDATE SET position_seconds = excluded.position_seconds, "
         "updated_at = excluded.updated_at",
         {user_id, l.id, l.course_id, seconds, now});
  touch_last_lesson(c, user_id, l);
}

void complete_lesson(db::Tx& c, std::int64_t user_id, const Lesson& l) {
  auto now = util::now_unix();
  bool already = c.one("SELECT 1 FROM lesson_progress WHERE user_id = ? AND lesson_id = ? AND completed_at IS NOT NULL",
                       {user_id, l.id}).has_value();
  c.exec("INSERT INTO lesson_progress (user_id, lesson_id, course_id, position_seconds, completed_at, updated_at) "
         "VALUES (?, ?, ?, 0, ?, ?) ON CONFLICT (user_id, lesson_id) DO UPDATE SET "
         "completed_at = COALESCE(lesson_progress.completed_at, excluded.completed_at), updated_at = excluded.updated_at",
         {user_id, l.id, l.course_id, now, now});
  if (!already) records::lesson_completed(c, user_id, l);
  auto left = c.one("SELECT COUNT(*) FROM lessons l WHERE l.course_id = ? AND NOT EXISTS (SELECT 1 FROM lesson_progress p "
                    "WHERE p.lesson_id = l.id AND p.user_id = ? AND p.completed_at IS NOT NULL)",
                    {l.course_id, user_id})->i64(0);
  if (left == 0) {
    // The update that completes the enrolment (only one can) gives the certificate.
    if (c.exec("UPDATE enrolments SET completed_at = ?, updated_at = ? WHERE user_id = ? AND course_id = ? AND "
               "completed_at IS NULL",
               {now, now, user_id, l.course_id}) > 0) {
      records::course_completed(c, user_id, l.course_id);
      award_course(c, user_id, l.course_id, now);
      web::achievement_changed(c, user_id);  // the learning paths that name the course
    } else
      c.exec("UPDATE enrolments SET updated_at = ? WHERE user_id = ? AND course_id = ?", {now, user_id, l.course_id});
  }
}

void award_course(db::Connection& c, std::int64_t user_id, std::int64_t course_id, std::int64_t completed_at) {
  auto course = find(c, course_id);
  if (!course) return;
  credentials::Achievement a;
  a.kind = "course";
  a.subject_id = course->id;
  a.lang = course->lang;
  a.title = course->title;
  a.description = course->summary;
  for (const auto& code : course->competences) a.competences.emplace_back(code, course->level);
  a.issuer_org_ids = {course->org_id};
  a.evidence_json = "{\"lessons\":" + std::to_string(course->lessons) + ",\"minutes\":" + std::to_string(course->minutes) + "}";
  a.achieved_at = completed_at;
  credentials::award(c, user_id, a);
}

void touch_last_lesson(db::Connection& c, std::int64_t user_id, const Lesson& l) { open_lesson(c, user_id, l); }

bool open_lesson(db::Connection& c, std::int64_t user_id, const Lesson& l) {
  return c.exec("UPDATE enrolments SET last_lesson_id = ?, updated_at = ? WHERE user_id = ? AND course_id = ? AND "
         "(last_lesson_id IS NULL OR last_lesson_id <> ?)",
         {l.id, util::now_unix(), user_id, l.course_id, l.id}) > 0;
}

std::vector<Enrolment> my_learning(db::Connection& c, std::int64_t user_id) {
  std::vector<Enrolment> out;
  for (const auto& r : c.query(kCourseSelect + ", e.completed_at, e.created_at" + kCourseFrom +
                                   "WHERE e.user_id = ? ORDER BY e.updated_at DESC, e.course_id DESC",
                               {user_id, user_id, user_id})) {
    auto x = to_full_course(r);
    out.push_back({x, x.last_lesson_id, r.opt_i64(26).value_or(0), r.i64(27), x.done});
  }
  return out;
}

std::vector<Attempt> attempts(db::Connection& c, std::int64_t lesson_id, std::int64_t user_id) {
  std::vector<Attempt> out;
  for (const auto& r : c.query("SELECT id, number, score, passed, answers, created_at FROM quiz_attempts WHERE lesson_id = ? "
                               "AND user_id = ? ORDER BY number",
                               {lesson_id, user_id}))
    out.push_back({r.i64(0), static_cast<int>(r.i64(1)), static_cast<int>(r.i64(2)), r.i64(3) != 0, r.str(4), r.i64(5)});
  return out;
}

AttemptOutcome record_attempt(db::Database& db, const Lesson& l, std::int64_t user_id, int number,
                              const std::string& answers_json, const quiz::Score& score) {
  return db.tx(db::TxKind::kWrite, [&](db::Tx& c) {
    if (c.dialect() == db::Dialect::kPostgres)  // serialise one person's attempts at this quiz
      c.query("SELECT id FROM users WHERE id = ? FOR UPDATE", {user_id});
    if (c.one("SELECT 1 FROM quiz_attempts WHERE lesson_id = ? AND user_id = ? AND number = ?", {l.id, user_id, number}))
      return AttemptOutcome::kDuplicate;
    auto count = c.one("SELECT COUNT(*) FROM quiz_attempts WHERE lesson_id = ? AND user_id = ?", {l.id, user_id})->i64(0);
    if (l.max_attempts > 0 && count >= l.max_attempts) return AttemptOutcome::kLimitReached;
    if (number != count + 1) return AttemptOutcome::kDuplicate;  // a stale form: its attempt is already in
    auto attempt = c.insert("INSERT INTO quiz_attempts (lesson_id, user_id, number, answers, score, passed, created_at, "
                            "results_stored) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
                            {l.id, user_id, number, answers_json, score.percent, score.passed, util::now_unix()});
    report::store_results(c, attempt, l.id, number == 1, score.results);
    records::answered(c, user_id, l, score.percent, score.passed);
    if (score.passed) complete_lesson(c, user_id, l);
    else touch_last_lesson(c, user_id, l);
    return AttemptOutcome::kRecorded;
  });
}

std::optional<Cover> cover(db::Connection& c, std::int64_t course_id) {
  auto r = c.one("SELECT cover_media_id, cover_alt FROM courses WHERE id = ? AND cover_media_id IS NOT NULL", {course_id});
  if (!r) return std::nullopt;
  return Cover{r->i64(0), r->str(1)};
}

}  // namespace cityskills::catalog::store
