#pragma once
// The catalogue's SQL. Plain structs in, plain structs out.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/catalog/model.hpp"
#include "features/catalog/quiz.hpp"

namespace cityskills::catalog::store {

struct Filter {
  std::string reader_lang;  // one card per translation group, in this language when there is one
  std::int64_t reader_id = 0;  // the signed-in person whose progress the cards show (0: a visitor)
  std::string lang, level, audience, area, format;
  std::optional<std::int64_t> org_id;
  // Keyset paging (the API's cursor): only courses after (published_at, id) in the list's order.
  std::optional<std::pair<std::int64_t, std::int64_t>> after;
};
// Published courses for the catalogue, newest first, with minutes, lesson kinds, competences,
// cover and the reader's progress filled in, in one statement.
std::vector<Course> catalogue(db::Connection& c, const Filter& f, int limit, int offset);
// The course with its details and, for `reader_id` (0: nobody), the reader's progress and
// enrolment, in one statement.
std::optional<Course> find(db::Connection& c, std::int64_t id, std::int64_t reader_id = 0);
// find(), and every version of its translation group (itself included, by id), in the same statement.
std::optional<Course> find_with_versions(db::Connection& c, std::int64_t id, std::int64_t reader_id,
                                         std::vector<CourseVersion>& versions);
// Courses of these organisations (authoring), all states.
std::vector<Course> of_orgs(db::Connection& c, const std::vector<std::int64_t>& org_ids);
// All versions of the course's translation group (itself included).
std::vector<Course> translations(db::Connection& c, const Course& course);
std::vector<Module> modules(db::Connection& c, std::int64_t course_id);
// The modules and lessons with the reader's progress (0: nobody), in one statement.
struct Outline {
  std::vector<Module> modules;
  std::map<std::int64_t, LessonState> states;  // by lesson
};
Outline outline(db::Connection& c, std::int64_t course_id, std::int64_t reader_id);
std::optional<Lesson> lesson(db::Connection& c, std::int64_t id);
std::vector<Question> questions(db::Connection& c, std::int64_t lesson_id);
std::optional<Question> question(db::Connection& c, std::int64_t id);
std::vector<std::string> caption_langs(db::Connection& c, std::int64_t lesson_id);
std::optional<std::string> caption(db::Connection& c, std::int64_t lesson_id, const std::string& lang);

// Learners.
bool enrolled(db::Connection& c, std::int64_t user_id, std::int64_t course_id);
// The lesson last opened in an enrolled course ("Continue").
std::optional<std::int64_t> last_lesson(db::Connection& c, std::int64_t user_id, std::int64_t course_id);
void enrol(db::Connection& c, std::int64_t user_id, std::int64_t course_id);  // idempotent
void unenrol(db::Connection& c, std::int64_t user_id, std::int64_t course_id);
std::map<std::int64_t, LessonState> progress(db::Connection& c, std::int64_t user_id, std::int64_t course_id);
void save_position(db::Connection& c, std::int64_t user_id, const Lesson& l, double seconds);
// Marks the lesson done; completes the enrolment when it was the last lesson. Idempotent.
void complete_lesson(db::Tx& c, std::int64_t user_id, const Lesson& l);
// Gives the person the course's certificate (credentials::award: once, whatever the calls).
void award_course(db::Connection& c, std::int64_t user_id, std::int64_t course_id, std::int64_t completed_at);
void touch_last_lesson(db::Connection& c, std::int64_t user_id, const Lesson& l);

struct Enrolment {
  Course course;
  std::optional<std::int64_t> last_lesson_id;
  std::int64_t completed_at = 0, enrolled_at = 0;
  int done = 0;
};
std::vector<Enrolment> my_learning(db::Connection& c, std::int64_t user_id);

std::vector<Attempt> attempts(db::Connection& c, std::int64_t lesson_id, std::int64_t user_id);
enum class AttemptOutcome { kRecorded, kDuplicate, kLimitReached };
// Stores attempt `number` (the next one the form was given) in one write transaction: a
// resubmitted form finds its attempt already there (kDuplicate), an attempt past the limit
// is refused. The unique (lesson, user, number) key holds this on every node. How each
// question went is stored with it, for the course report.
AttemptOutcome record_attempt(db::Database& db, const Lesson& l, std::int64_t user_id, int number,
                              const std::string& answers_json, const quiz::Score& score);

// Authoring.
std::int64_t create_course(db::Connection& c, const Course& course, std::int64_t author_id);
void update_course(db::Connection& c, const Course& course);
void set_published(db::Connection& c, std::int64_t course_id, bool published);
// Puts the course in the search index while it is published, else removes it; create_course,
// update_course and set_published call it.
void index(db::Connection& c, std::int64_t course_id);
void index_all(db::Connection& c);
std::int64_t add_module(db::Connection& c, std::int64_t course_id, const std::string& title);
void rename_module(db::Connection& c, std::int64_t module_id, const std::string& title);
// Deletes a module that holds no lessons; false, with nothing deleted, when it holds some.
bool delete_module(db::Connection& c, std::int64_t module_id);
struct ModuleRef {
  std::int64_t id = 0, course_id = 0;
  std::string title;
};
std::optional<ModuleRef> module(db::Connection& c, std::int64_t id);
std::int64_t create_lesson(db::Connection& c, const Lesson& l);
void update_lesson(db::Connection& c, const Lesson& l);
void delete_lesson(db::Connection& c, std::int64_t lesson_id);
// Recounts the figures a course's card shows (lessons, minutes, kinds of lesson, competences),
// which are kept on the course row. The writes above do it themselves; a loader that writes
// lessons or competences with SQL of its own calls it afterwards.
void refresh_card(db::Connection& c, std::int64_t course_id);
void set_video(db::Connection& c, std::int64_t lesson_id, std::int64_t media_id);
// Swaps the lesson with its neighbour in the module (up = -1, down = +1).
void move_lesson(db::Database& db, std::int64_t lesson_id, int direction);
std::int64_t save_question(db::Connection& c, const Question& q);  // inserts when q.id == 0
void delete_question(db::Connection& c, std::int64_t question_id);
void add_image(db::Connection& c, std::int64_t course_id, std::int64_t media_id);
bool has_image(db::Connection& c, std::int64_t course_id, std::int64_t media_id);
std::vector<std::int64_t> images(db::Connection& c, std::int64_t course_id);
// A course's cover: one of its images, with the words that describe it (in the course's language).
struct Cover {
  std::int64_t media_id = 0;
  std::string alt;
};
// Makes the image the course's cover (adding it to the course's images when needed).
void set_cover(db::Connection& c, std::int64_t course_id, std::int64_t media_id, const std::string& alt);
void clear_cover(db::Connection& c, std::int64_t course_id);  // the image stays among the course's
std::optional<Cover> cover(db::Connection& c, std::int64_t course_id);
void set_caption(db::Connection& c, std::int64_t lesson_id, const std::string& lang, const std::string& vtt);
void delete_caption(db::Connection& c, std::int64_t lesson_id, const std::string& lang);

}  // namespace cityskills::catalog::store
