#include "features/catalog/report.hpp"

#include <algorithm>

#include "db/in_list.hpp"
#include "features/catalog/store.hpp"

namespace cityskills::catalog::report {
namespace {

// The question figures over everyone's first attempts: the stored per-question results, plus
// any first attempt stored before they existed, scored here from its answers (read only; the
// background job stores those results).
void question_figures(db::Connection& c, Report& r) {
  if (r.quizzes.empty()) return;
  std::vector<std::int64_t> quiz_ids;
  for (const auto& q : r.quizzes) quiz_ids.push_back(q.id);
  db::Params p;
  auto in = db::in_list(quiz_ids, p);
  std::map<std::int64_t, std::vector<QuestionFigures>> by_quiz;
  for (const auto& row : c.query("SELECT id, lesson_id, prompt FROM quiz_questions WHERE lesson_id IN (" + in +
                                 ") ORDER BY position, id",
                                 p))
    by_quiz[row.i64(1)].push_back({row.i64(0), row.i64(1), row.str(2), 0, 0});
  std::map<std::int64_t, QuestionFigures*> at;
  for (const auto& q : r.quizzes)
    for (auto& f : by_quiz[q.id]) at[f.question_id] = &f;
  for (const auto& row : c.query("SELECT question_id, SUM(answered), SUM(correct) FROM quiz_answer_results "
                                 "WHERE lesson_id IN (" + in + ") AND first_attempt = 1 GROUP BY question_id",
                                 p))
    if (auto it = at.find(row.i64(0)); it != at.end()) {
      it->second->answered += static_cast<int>(row.i64(1));
      it->second->correct += static_cast<int>(row.i64(2));
    }
  for (const auto& quiz_lesson : r.quizzes) {
    auto unscored = c.query("SELECT answers FROM quiz_attempts WHERE lesson_id = ? AND number = 1 AND results_stored = 0",
                            {quiz_lesson.id});
    if (unscored.empty()) continue;
    auto questions = store::questions(c, quiz_lesson.id);
    for (const auto& row : unscored)
      for (const auto& res : quiz::score(questions, quiz::from_json(row.str(0)), quiz_lesson.pass_mark).results)
        if (auto it = at.find(res.question_id); it != at.end()) {
          if (res.answered) ++it->second->answered;
          if (res.correct) ++it->second->correct;
        }
  }
  for (const auto& q : r.quizzes)
    for (auto& f : by_quiz[q.id]) r.questions.push_back(std::move(f));
}

}  // namespace

int progress(int done, int lessons) { return lessons <= 0 ? 0 : std::min(100, done * 100 / lessons); }

Report load(db::Connection& c, std::int64_t course_id, Window w) {
  Report r;
  for (const auto& m : store::modules(c, course_id))
    for (const auto& l : m.lessons) {
      ++r.lessons;
      if (l.kind == "quiz") r.quizzes.push_back(l);
    }
  auto totals = c.one("SELECT COUNT(*), COALESCE(SUM(CASE WHEN completed_at IS NOT NULL THEN 1 ELSE 0 END), 0) "
                      "FROM enrolments WHERE course_id = ?",
                      {course_id});
  r.enrolled = static_cast<int>(totals->i64(0));
  r.completed = static_cast<int>(totals->i64(1));
  if (r.enrolled > 0 && r.lessons > 0) {
    // The same rounding as progress(), per person, summed by the database.
    auto sum = c.one("SELECT COALESCE(SUM(CASE WHEN t.n >= ? THEN 100 ELSE t.n * 100 / ? END), 0) FROM "
                     "(SELECT p.user_id, COUNT(*) AS n FROM lesson_progress p JOIN enrolments e ON e.user_id = p.user_id "
                     "AND e.course_id = p.course_id WHERE p.course_id = ? AND p.completed_at IS NOT NULL "
                     "GROUP BY p.user_id) t",
                     {r.lessons, r.lessons, course_id});
    r.average_progress = static_cast<int>(sum->i64(0) / r.enrolled);
  }

  std::string people = "SELECT e.user_id, u.display_name, e.created_at, e.completed_at FROM enrolments e "
                       "JOIN users u ON u.id = e.user_id WHERE e.course_id = ? ORDER BY u.display_name, e.user_id";
  db::Params pp{course_id};
  if (w.limit > 0) {
    people += " LIMIT ? OFFSET ?";
    pp.emplace_back(w.limit);
    pp.emplace_back(w.offset);
  }
  std::map<std::int64_t, std::size_t> at;
  std::vector<std::int64_t> ids;
  for (const auto& row : c.query(people, pp)) {
    at[row.i64(0)] = r.learners.size();
    ids.push_back(row.i64(0));
    r.learners.push_back({row.i64(0), row.str(1), row.i64(2), row.opt_i64(3).value_or(0), 0, {}});
  }
  if (!ids.empty()) {
    // A page reads its own people's rows; everyone (the CSV) reads the whole course's.
    db::Params dp{course_id};
    std::string mine = w.limit > 0 ? " AND user_id IN (" + db::in_list(ids, dp) + ")" : "";
    for (const auto& row : c.query("SELECT user_id, COUNT(*) FROM lesson_progress WHERE course_id = ? AND completed_at IS NOT NULL" +
                                       mine + " GROUP BY user_id",
                                   dp))
      if (auto it = at.find(row.i64(0)); it != at.end()) r.learners[it->second].done = static_cast<int>(row.i64(1));
    if (!r.quizzes.empty()) {
      db::Params bp;
      std::vector<std::int64_t> quiz_ids;
      for (const auto& q : r.quizzes) quiz_ids.push_back(q.id);
      std::string sql = "SELECT user_id, lesson_id, MAX(score) FROM quiz_attempts WHERE lesson_id IN (" + db::in_list(quiz_ids, bp) + ")";
      if (w.limit > 0) sql += " AND user_id IN (" + db::in_list(ids, bp) + ")";
      for (const auto& row : c.query(sql + " GROUP BY user_id, lesson_id", bp))
        if (auto it = at.find(row.i64(0)); it != at.end()) r.learners[it->second].best[row.i64(1)] = static_cast<int>(row.i64(2));
    }
  }
  question_figures(c, r);
  return r;
}

void store_results(db::Tx& c, std::int64_t attempt_id, std::int64_t lesson_id, bool first_attempt,
                   const std::vector<quiz::QuestionResult>& results) {
  for (const auto& res : results)
    c.exec("INSERT INTO quiz_answer_results (attempt_id, question_id, lesson_id, first_attempt, answered, correct) "
           "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (attempt_id, question_id) DO NOTHING",
           {attempt_id, res.question_id, lesson_id, first_attempt, res.answered, res.correct});
  c.exec("UPDATE quiz_attempts SET results_stored = 1 WHERE id = ?", {attempt_id});
}

int score_stored_attempts(db::Database& db, int batch) {
  struct Pending {
    std::int64_t id, lesson_id;
    int number;
    std::string answers;
  };
  std::vector<Pending> pending;
  {
    auto c = db.acquire();
    for (const auto& row : c->query("SELECT id, lesson_id, number, answers FROM quiz_attempts WHERE results_stored = 0 "
                                    "ORDER BY lesson_id, id LIMIT ?",
                                    {batch}))
      pending.push_back({row.i64(0), row.i64(1), static_cast<int>(row.i64(2)), row.str(3)});
  }
  if (pending.empty()) return 0;
  std::map<std::int64_t, std::vector<Question>> questions;
  {
    auto c = db.acquire();
    for (const auto& p : pending)
      if (!questions.contains(p.lesson_id)) questions[p.lesson_id] = store::questions(*c, p.lesson_id);
  }
  db.tx(db::TxKind::kWrite, [&](db::Tx& c) {
    for (const auto& p : pending) {
      // Another node may have scored it since it was read: its results stay as they are.
      if (!c.one("SELECT 1 FROM quiz_attempts WHERE id = ? AND results_stored = 0", {p.id})) continue;
      store_results(c, p.id, p.lesson_id, p.number == 1, quiz::score(questions[p.lesson_id], quiz::from_json(p.answers), 0).results);
    }
  });
  return static_cast<int>(pending.size());
}

}  // namespace cityskills::catalog::report
