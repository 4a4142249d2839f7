#pragma once
// An extension point between features (see web/extensions.hpp): a learning experience worth
// reporting to a Learning Record Store happened (a lesson opened, a video watched past a
// quarter, a quiz answered, a course completed, an event attended, an award earned). Called on
// the connection that recorded it, inside its transaction where there is one, so a listener's
// outbox row exists exactly when the fact does. Facts, not xAPI: the listener (features/xapi)
// turns them into statements. Listeners are registered once, at start-up.
#include <cstdint>
#include <functional>
#include <string>

#include "db/database.hpp"

namespace cityskills::web {

struct LearningRecord {
  std::int64_t user_id = 0;
  std::string verb;              // experienced, progressed, completed, answered, passed, attended, earned
  std::string object_type;       // lesson, video, quiz, course, event, award
  std::string object_path;       // the object's address on the site, e.g. "/courses/3/lessons/9"
  std::string object_name;       // its title, in `lang`
  std::string lang;              // the content's language
  std::string parent_path;       // the course a lesson belongs to, or ""
  std::string registration_key;  // what the attempt belongs to ("course:3", "event:5"), or ""
  int score_percent = -1;        // 0-100, or -1 when there is no score
  int progress_percent = -1;     // 0-100, or -1
  int success = -1;              // 1 passed, 0 not passed, -1 not applicable
  bool completion = false;       // the object was completed
};
using LearningListener = std::function<void(db::Connection&, const LearningRecord&)>;
void on_learning_record(LearningListener listener);
void learning_record(db::Connection& c, const LearningRecord& record);

}  // namespace cityskills::web
