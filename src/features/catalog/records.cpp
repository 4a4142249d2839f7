#include "features/catalog/records.hpp"

#include <string>

#include "web/learning.hpp"

namespace cityskills::catalog::records {
namespace {

struct CourseFacts {
  std::string title, lang;
};

CourseFacts course_facts(db::Connection& c, std::int64_t course_id) {
  auto r = c.one("SELECT title, lang FROM courses WHERE id = ?", {course_id});
  return r ? CourseFacts{r->str(0), r->str(1)} : CourseFacts{};
}

const char* type_of(const Lesson& l) {
  if (l.kind == "video") return "video";
  if (l.kind == "quiz") return "quiz";
  return "lesson";
}

web::LearningRecord about(std::int64_t user_id, const Lesson& l, const std::string& lang) {
  web::LearningRecord r;
  r.user_id = user_id;
  r.object_type = type_of(l);
  r.object_path = "/courses/" + std::to_string(l.course_id) + "/lessons/" + std::to_string(l.id);
  r.object_name = l.title;
  r.lang = lang;
  r.parent_path = "/courses/" + std::to_string(l.course_id);
  r.registration_key = "course:" + std::to_string(l.course_id);
  return r;
}

}  // namespace

void viewed(db::Connection& c, std::int64_t user_id, const Course& course, const Lesson& l) {
  auto r = about(user_id, l, course.lang);
  r.verb = "experienced";
  web::learning_record(c, r);
}

void progressed(db::Connection& c, std::int64_t user_id, const Lesson& l, int percent) {
  auto r = about(user_id, l, course_facts(c, l.course_id).lang);
  r.verb = "progressed";
  r.progress_percent = percent;
  web::learning_record(c, r);
}

void lesson_completed(db::Connection& c, std::int64_t user_id, const Lesson& l) {
  auto r = about(user_id, l, course_facts(c, l.course_id).lang);
  r.verb = "completed";
  r.completion = true;
  if (l.kind == "video") r.progress_percent = 100;
  web::learning_record(c, r);
}

void answered(db::Connection& c, std::int64_t user_id, const Lesson& l, int percent, bool passed) {
  auto r = about(user_id, l, course_facts(c, l.course_id).lang);
  r.verb = "answered";
  r.score_percent = percent;
  r.success = passed ? 1 : 0;
  web::learning_record(c, r);
  if (!passed) return;
  r.verb = "passed";
  r.completion = true;
  web::learning_record(c, r);
}

void course_completed(db::Connection& c, std::int64_t user_id, std::int64_t course_id) {
  auto facts = course_facts(c, course_id);
  web::LearningRecord r;
  r.user_id = user_id;
  r.verb = "completed";
  r.object_type = "course";
  r.object_path = "/courses/" + std::to_string(course_id);
  r.object_name = facts.title;
  r.lang = facts.lang;
  r.registration_key = "course:" + std::to_string(course_id);
  r.completion = true;
  web::learning_record(c, r);
}

int quarter_crossed(double before, double after, double length) {
  if (!(length > 0)) return 0;
  for (int q : {75, 50, 25})
    if (before < length * q / 100.0 && after >= length * q / 100.0) return q;
  return 0;
}

}  // namespace cityskills::catalog::records
