#pragma once
// The test-data builder's course with a quiz (see builder.hpp).
#include <cstdint>
#include <string>

#include "features/catalog/model.hpp"
#include "support/harness.hpp"

namespace cityskills::test {

// A published course `x` of one module: a text lesson "Read", then a quiz "Check" (pass mark 50)
// with one true/false question `prompt` whose right answer is `answer`.
struct QuizCourse {
  std::int64_t course = 0;
  catalog::Lesson text, quiz;
  catalog::Question question;
  std::int64_t right = 0, wrong = 0;  // the question's option ids
  // The answers JSON that chooses the right (or the wrong) option.
  std::string answers(bool right_answer) const;
};
QuizCourse add_quiz_course(TestServer& s, const catalog::Course& x, const std::string& prompt, bool answer);

}  // namespace cityskills::test
