#pragma once
// Quiz scoring, computed on the server from the stored questions; nothing the client says
// about its own score is believed.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "features/catalog/model.hpp"

namespace cityskills::catalog::quiz {

struct Answer {
  std::vector<std::int64_t> chosen;             // option ids (single, multiple, true_false)
  std::string text;                             // short answer
  std::map<std::int64_t, int> order;            // ordering: option id -> place given (1-based)
};

struct QuestionResult {
  std::int64_t question_id = 0;
  double credit = 0;  // 0..1
  bool correct = false;
  bool answered = false;
};

struct Score {
  int percent = 0;
  bool passed = false;
  std::vector<QuestionResult> results;  // in question order
};

// Single, true/false: the one right option. Multiple: (right picks - wrong picks) / right
// options, never below 0. Short: any accepted answer, compared without case, accents of
// spacing differences. Ordering: every item in its place. Percent rounds half up.
Score score(const std::vector<Question>& questions, const std::map<std::int64_t, Answer>& answers, int pass_mark);

// Comparison form of a short answer: Unicode case-folded, spaces collapsed, trimmed.
std::string normalise_short(const std::string& s);

// Form fields of a quiz: "q<question>" (single, true_false, short) and "q<question>_<option>"
// (multiple: "1"; ordering: the place). Returns nullopt when a field names a question or an
// option that is not in this quiz, or a value is malformed (tampering).
std::optional<std::map<std::int64_t, Answer>> parse_form(const std::vector<Question>& questions,
                                                         const std::vector<std::pair<std::string, std::string>>& form);

// The answers as JSON for storage, and back (to show an attempt again).
std::string to_json(const std::map<std::int64_t, Answer>& answers);
std::map<std::int64_t, Answer> from_json(const std::string& json);

}  // namespace cityskills::catalog::quiz
