#pragma once
// A course's report for its organisation's authors and admins: who enrolled, how far each person
// got, who completed, the best score per quiz, and how each quiz question went on first attempts.
// The figures are computed from plain data (pure, unit-tested); the store reads it in a few queries.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/catalog/model.hpp"

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
  std::vector<Lesson> quizzes;  // quiz lessons, in course order
  std::vector<Learner> learners;
  std::vector<QuestionFigures> questions;
  int completed = 0;
  int average_progress = 0;  // percent of lessons done, over everyone enrolled
};

// Reads everything the report needs for the course.
Report load(db::Connection& c, std::int64_t course_id);

// Percent of the course's lessons done, rounded down; 0 for a course without lessons.
int progress(int done, int lessons);

}  // namespace cityskills::catalog::report
