#pragma once
// Progress reads and writes that tell what they changed, for the learning records
// (catalog/records.hpp); the rest of the progress SQL is in store.hpp.
#include <cstdint>

#include "db/database.hpp"
#include "features/catalog/model.hpp"

namespace cityskills::catalog::store {

// The position saved in the lesson, 0 when none.
double saved_position(db::Connection& c, std::int64_t user_id, std::int64_t lesson_id);
// Makes the lesson the last one opened in its course (touch_last_lesson); returns whether
// another one was before.
bool open_lesson(db::Connection& c, std::int64_t user_id, const Lesson& l);

}  // namespace cityskills::catalog::store
