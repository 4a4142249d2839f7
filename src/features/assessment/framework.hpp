#pragma once
// Competence frameworks as data: the file format (docs/assessment-frameworks.md), its parser
// and the loader that puts a framework into the database.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "db/database.hpp"

namespace cityskills::assessment {

using Texts = std::map<std::string, std::string>;  // language -> text

struct FileQuestion {
  std::string key, level, kind;
  std::optional<bool> answer;  // true_false only
  Texts prompt;
};
struct FileCompetence {
  std::string code;
  Texts name;
  std::vector<FileQuestion> questions;
};
struct FileArea {
  std::string code, event_theme;
  Texts name;
  std::vector<FileCompetence> competences;
};
struct FrameworkFile {
  std::string code, version;
  Texts name, description;
  std::vector<FileArea> areas;
};

// The parsed framework, or a message naming the first problem and where it is.
std::variant<FrameworkFile, std::string> parse_framework(std::string_view json);

struct LoadReport {
  std::int64_t framework_id = 0;
  int areas = 0, competences = 0, questions = 0;
  bool created = false;
};
// Inserts the framework or updates it by codes and question keys (never deleting: answers
// given to a question keep pointing at it). Run inside the caller's transaction.
LoadReport load_framework(db::Tx& c, const FrameworkFile& f, std::optional<std::int64_t> org_id,
                          bool make_default);

// Loads the frameworks embedded in the binary (DigComp 2.2) unless already present.
void install_builtin(db::Database& db);
// The embedded DigComp 2.2 file, parsed (for tests and the loader).
FrameworkFile builtin_digcomp();

}  // namespace cityskills::assessment
