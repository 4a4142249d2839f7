#pragma once
// The assessment's SQL: frameworks and their question banks in a language, attempts,
// answers and results.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "db/database.hpp"
#include "features/assessment/scoring.hpp"

namespace cityskills::assessment {

struct Framework {
  std::int64_t id = 0;
  std::string code, name, description;
  std::optional<std::int64_t> org_id;
  bool is_default = false;
};

struct Competence {
  std::int64_t id = 0;
  std::string code, name, area;
};

struct Area {
  std::int64_t id = 0;
  std::string code, name, event_theme;
  std::vector<Competence> competences;
};

struct Question {
  std::int64_t id = 0, competence_id = 0;
  std::string competence, area, level, kind, prompt, prompt_lang;
  int answer = 0;
  bool active = true;
  std::map<std::string, std::string> prompts;  // every language (authoring)
  std::int64_t framework_id = 0;
};

// A framework's structure and questions, texts in one language (falling back to English,
// then to any language the text exists in).
struct Bank {
  Framework framework;
  std::vector<Area> areas;
  std::vector<Question> questions;  // framework order; active ones only unless asked
  const Question* question(std::int64_t id) const;
  const Area* area(const std::string& code) const;
  std::vector<ScoredQuestion> scored() const;
};

struct Attempt {
  std::int64_t id = 0, framework_id = 0;
  std::optional<std::int64_t> user_id;
  std::string lang;
  int current_area = 1;
  std::optional<std::int64_t> finished_at;
  std::int64_t created_at = 0;
};

namespace store {

std::vector<Framework> frameworks(db::Connection& c, const std::string& lang);
std::optional<Framework> framework(db::Connection& c, std::int64_t id, const std::string& lang);
enum class Questions { kActive, kAll, kNone };  // kNone: areas and competences only (result pages)
Bank bank(db::Connection& c, const Framework& f, const std::string& lang, Questions which = Questions::kActive);

std::optional<Attempt> attempt_by_token(db::Connection& c, const std::string& token);
std::optional<Attempt> attempt(db::Connection& c, std::int64_t id);
bool token_matches(db::Connection& c, std::int64_t attempt_id, const std::string& token);
std::int64_t create_attempt(db::Connection& c, std::int64_t framework_id, const std::string& token,
                            std::optional<std::int64_t> user_id, const std::string& lang);
// Attaches an anonymous attempt to the person who holds its token and has now signed in.
// False when someone (a racing request) claimed it first.
bool claim(db::Connection& c, std::int64_t attempt_id, std::int64_t user_id);
std::map<std::int64_t, int> answers(db::Connection& c, std::int64_t attempt_id);

enum class Saved { kSaved, kFinished };
// Upserts the answers and moves the attempt to `area`, in one transaction; kFinished (and
// nothing written) when the attempt was finished meanwhile.
Saved save_answers(db::Database& db, std::int64_t attempt_id, const std::map<std::int64_t, int>& values, int area);
// Scores and closes the attempt once; a second call (double submit) changes nothing.
void finish(db::Database& db, std::int64_t attempt_id, const Bank& bank);
Outcome results(db::Connection& c, std::int64_t attempt_id);
// The same, with each competence's area taken from the attempt's framework's bank (no read of it).
Outcome results(db::Connection& c, std::int64_t attempt_id, const Bank& framework_bank);

struct PastAttempt {
  Attempt attempt;
  Outcome outcome;
};
// Finished attempts of one person on one framework, oldest first.
std::vector<PastAttempt> history(db::Connection& c, std::int64_t user_id, std::int64_t framework_id);

struct Distribution {
  int people = 0;
  std::map<std::string, std::map<int, int>> per_area;  // area -> band (0 = not assessed) -> people
};
// The latest finished attempt of each of `user_ids` on the framework, counted per area and band.
Distribution distribution(db::Connection& c, std::int64_t framework_id, const std::vector<std::int64_t>& user_ids);

// Authoring.
std::optional<Question> question(db::Connection& c, std::int64_t id);
std::int64_t save_question(db::Connection& c, std::int64_t framework_id, const Question& q, std::int64_t user_id);

}  // namespace store
}  // namespace cityskills::assessment
