#pragma once
// A course's report for its organisation's authors and admins: who enrolled, how far each person
// got, who completed, the best score per quiz, and how each quiz question went on first attempts.
// The figures over everyone are summed by the database (a course may have tens of thousands of
// people); the people themselves are read a page at a time, or all of them for the CSV.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "db/database.hpp"
#include "features/catalog/model.hpp"
#include "features/catalog/quiz.hpp"

namespace cityskills::catalog::report {

struct Learner {
  std::int64_t user_id = 0;
  std::string name;
  std::int64_t enrolled_at = 0, completed_at = 0;  // 0: not completed
  int done = 0;                                    // lessons completed
  std::map<std::int64_t, int> best;                // quiz lesson id -> best score (percent)
};

struct QuestionFigures {
  std::int64_t question_id = 0, lesson_id = 0;
  std::string prompt;
  int answered = 0, correct = 0;  // on each person's first attempt
};

struct Report {
  int lessons = 0;
  std::vector<Lesson> quizzes;    // quiz lessons, in course order
  std::vector<Learner> learners;  // the page asked for, ordered by name
  std::vector<QuestionFigures> questions;
  int enrolled = 0;               // everyone, not only this page
  int completed = 0;
  int average_progress = 0;       // percent of lessons done, over everyone enrolled
};

// Which learners to read: `limit` people from `offset` in name order; limit 0 reads everyone.
struct Window {
  std::int64_t offset = 0;
  std::int64_t limit = 0;
};

// Reads the figures and the learners in `w` for the course.
Report load(db::Connection& c, std::int64_t course_id, Window w = {});

// Percent of the course's lessons done, rounded down; 0 for a course without lessons.
int progress(int done, int lessons);

// Stores how each question went in attempt `attempt_id` (inside the attempt's transaction).
void store_results(db::Tx& c, std::int64_t attempt_id, std::int64_t lesson_id, bool first_attempt,
                   const std::vector<quiz::QuestionResult>& results);

// The background job that runs score_stored_attempts until none is left.
inline constexpr std::string_view kScoreJob = "catalog.score_attempts";

// Scores up to `batch` attempts stored before per-question results existed and stores their
// results; returns how many it scored (0: none left). Safe to run on several nodes at once.
int score_stored_attempts(db::Database& db, int batch = 500);

}  // namespace cityskills::catalog::report
