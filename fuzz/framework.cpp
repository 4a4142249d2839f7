// Competence framework files (assessment::parse_framework) and their loader: a file that
// parses loads into the database, twice (the second time as an update), with the counts the
// file has; each run's writes are rolled back.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "common.hpp"
#include "features/assessment/framework.hpp"
#include "util/strings.hpp"

using namespace cityskills;

namespace {

struct Rollback {};

void check_file(const assessment::FrameworkFile& f) {
  fuzz::require(!f.code.empty() && !f.version.empty() && !f.name.empty() && !f.areas.empty(), "required fields");
  for (const auto& a : f.areas) {
    fuzz::require(!a.code.empty() && !a.competences.empty() && !a.name.empty(), "area fields");
    for (const auto& c : a.competences)
      for (const auto& q : c.questions) {
        fuzz::require(q.kind == "self" || q.kind == "true_false", "question kind");
        fuzz::require(q.answer.has_value() == (q.kind == "true_false"), "answer only for true_false");
        for (const auto& [lang, text] : q.prompt) fuzz::require(util::valid_utf8(text), "prompt is UTF-8");
      }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::init_platform();
  auto parsed = assessment::parse_framework(std::string_view(reinterpret_cast<const char*>(data), size));
  if (auto* error = std::get_if<std::string>(&parsed)) {
    fuzz::require(!error->empty() && util::valid_utf8(*error), "an error message");
    return 0;
  }
  const auto& f = std::get<assessment::FrameworkFile>(parsed);
  check_file(f);
  int areas = 0, competences = 0, questions = 0;
  for (const auto& a : f.areas) {
    ++areas;
    for (const auto& c : a.competences) {
      ++competences;
      questions += static_cast<int>(c.questions.size());
    }
  }
  try {
    fuzz::scratch_db().tx(db::TxKind::kWrite, [&](db::Tx& c) {
      auto first = assessment::load_framework(c, f, std::nullopt, true);
      fuzz::require(first.created, "first load creates");
      auto second = assessment::load_framework(c, f, std::nullopt, true);
      fuzz::require(!second.created && second.framework_id == first.framework_id, "second load updates");
      fuzz::require(first.areas == areas && first.competences == competences && first.questions == questions,
                    "loaded counts are the file's");
      auto stored = c.one("SELECT count(*) FROM assessment_questions WHERE framework_id = ?", {first.framework_id});
      fuzz::require(stored && stored->i64(0) == questions, "every question stored once");
      throw Rollback{};
    });
  } catch (const Rollback&) {
  } catch (const std::exception& e) {
    fuzz::fail(std::string("a parsed framework does not load: ") + e.what());
  }
  return 0;
}
