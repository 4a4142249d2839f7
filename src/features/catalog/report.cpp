#include "features/catalog/report.hpp"

#include <algorithm>

#include "features/catalog/quiz.hpp"
#include "features/catalog/store.hpp"

namespace cityskills::catalog::report {

int progress(int done, int lessons) { return lessons <= 0 ? 0 : std::min(100, done * 100 / lessons); }

Report load(db::Connection& c, std::int64_t course_id) {
  Report r;
  for (const auto& m : store::modules(c, course_id))
    for (const auto& l : m.lessons) {
      ++r.lessons;
      if (l.kind == "quiz") r.quizzes.push_back(l);
    }
  std::map<std::int64_t, std::size_t> at;
  for (const auto& row : c.query("SELECT e.user_id, u.display_name, e.created_at, e.completed_at FROM enrolments e "
                                 "JOIN users u ON u.id = e.user_id WHERE e.course_id = ? ORDER BY u.display_name, e.user_id",
                                 {course_id})) {
    at[row.i64(0)] = r.learners.size();
    r.learners.push_back({row.i64(0), row.str(1), row.i64(2), row.opt_i64(3).value_or(0), 0, {}});
  }
  for (const auto& row : c.query("SELECT user_id, COUNT(*) FROM lesson_progress WHERE course_id = ? AND completed_at IS NOT NULL "
                                 "GROUP BY user_id",
                                 {course_id}))
    if (auto it = at.find(row.i64(0)); it != at.end()) r.learners[it->second].done = static_cast<int>(row.i64(1));
  for (const auto& row : c.query("SELECT a.user_id, a.lesson_id, MAX(a.score) FROM quiz_attempts a JOIN lessons l ON l.id = a.lesson_id "
                                 "WHERE l.course_id = ? GROUP BY a.user_id, a.lesson_id",
                                 {course_id}))
    if (auto it = at.find(row.i64(0)); it != at.end()) r.learners[it->second].best[row.i64(1)] = static_cast<int>(row.i64(2));
  long total = 0;
  for (const auto& l : r.learners) {
    if (l.completed_at) ++r.completed;
    total += progress(l.done, r.lessons);
  }
  r.average_progress = r.learners.empty() ? 0 : static_cast<int>(total / static_cast<long>(r.learners.size()));
  // Each question on first attempts: a fair picture of what people knew, not of retries.
  for (const auto& quiz_lesson : r.quizzes) {
    auto questions = store::questions(c, quiz_lesson.id);
    std::vector<QuestionFigures> figures;
    for (const auto& q : questions) figures.push_back({q.id, quiz_lesson.id, q.prompt, 0, 0});
    for (const auto& row : c.query("SELECT answers FROM quiz_attempts WHERE lesson_id = ? AND number = 1", {quiz_lesson.id})) {
      auto s = quiz::score(questions, quiz::from_json(row.str(0)), quiz_lesson.pass_mark);
      for (std::size_t i = 0; i < s.results.size() && i < figures.size(); ++i) {
        if (s.results[i].answered) ++figures[i].answered;
        if (s.results[i].correct) ++figures[i].correct;
      }
    }
    r.questions.insert(r.questions.end(), figures.begin(), figures.end());
  }
  return r;
}

}  // namespace cityskills::catalog::report
