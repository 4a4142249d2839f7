#pragma once
// What a learner did in a course, told to the listeners of web::learning_record (the xAPI
// outbox): called where the fact is stored, on its connection and inside its transaction.
#include <cstdint>

#include "db/database.hpp"
#include "features/catalog/model.hpp"

namespace cityskills::catalog::records {

// The lesson was opened (another one than the last opened in the course).
void viewed(db::Connection& c, std::int64_t user_id, const Course& course, const Lesson& l);
// A video lesson was watched up to `percent` (a quarter, a half, three quarters).
void progressed(db::Connection& c, std::int64_t user_id, const Lesson& l, int percent);
// The lesson was completed (for the first time).
void lesson_completed(db::Connection& c, std::int64_t user_id, const Lesson& l);
// A quiz attempt was scored; a passing one is also told as "passed".
void answered(db::Connection& c, std::int64_t user_id, const Lesson& l, int percent, bool passed);
// The course was completed (its enrolment's completion written just now).
void course_completed(db::Connection& c, std::int64_t user_id, std::int64_t course_id);

// The quarter (25, 50, 75) that a move from `before` to `after` seconds of a `length`-second
// video crossed last, or 0 when it crossed none.
int quarter_crossed(double before, double after, double length);

}  // namespace cityskills::catalog::records
