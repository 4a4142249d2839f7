#pragma once
// The question bank's form: one self-assessment or true/false question with its prompt in each
// language. It reads its fields once (which makes them the form's allow-list); the check is
// pure — whether the competence is one of the framework's comes in as plain data — and
// unit-tested without a server.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "features/assessment/store.hpp"
#include "web/forms.hpp"

namespace cityskills::assessment {

inline constexpr std::size_t kPromptMax = 500;

struct BankQuestionForm {
  std::optional<std::int64_t> competence;
  std::string level, kind;
  std::string answer;  // "1" true, "0" false (a true/false question's)
  bool active = false;
  std::map<std::string, std::string> prompts;  // every language of the site, trimmed
  void read(web::FormInput& in);
  // Copies the fields into `q` (an answer other than "1" as false).
  void apply(Question& q) const;
};

// `competence_known`: whether the competence chosen is one of the framework's. One prompt at
// least is needed (its error is on "prompt_en"); each error of a prompt is on "prompt_<lang>".
web::FormErrors check(const BankQuestionForm& form, bool competence_known);

}  // namespace cityskills::assessment
