// The search box's query syntax (search::text::parse): words, "phrases", -exclusions. A
// query that parses without error keeps the term limit, and the FTS5 expression made from it
// is accepted by SQLite's real search table (a syntax error there would be a 500); the
// PostgreSQL expressions quote only letters and digits; snippets are valid UTF-8.
// Input: one byte choosing the language, then the query (and the text a snippet is cut from).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common.hpp"
#include "search/text.hpp"
#include "util/strings.hpp"

using namespace cityskills;
namespace text = cityskills::search::text;

namespace {

constexpr std::string_view kLangs[] = {"it", "en", "de", "sv", "fi"};

void check_fts5(const std::string& match) {
  auto c = fuzz::scratch_db().acquire();
  try {
    c->query("SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", {match});
  } catch (const std::exception& e) {
    fuzz::fail(std::string("FTS5 refuses the expression ") + match + ": " + e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  fuzz::init_platform();
  auto lang = kLangs[data[0] % 5];
  std::string_view input(reinterpret_cast<const char*>(data + 1), size - 1);
  auto q = text::parse(lang, input);
  if (!q.error.empty()) {
    fuzz::require(q.terms.empty(), "a refused query has no terms");
    return 0;
  }
  if (q.empty()) return 0;
  fuzz::require(q.words <= text::kMaxQueryTerms, "term limit");
  for (const auto& t : q.terms) {
    fuzz::require(!t.words.empty() && t.words.size() == t.stems.size(), "a term has words and their stems");
    for (const auto& w : t.words)
      fuzz::require(util::valid_utf8(w) && w.find_first_of("'\"\\ ") == std::string::npos, "words are bare");
  }
  check_fts5(text::fts5_match(q, lang));
  auto stems = text::highlight_stems(q);
  auto cut = text::snippet(lang, input, stems, 40);
  fuzz::require(util::valid_utf8(cut) || !util::valid_utf8(input), "snippet of UTF-8 is UTF-8");
  auto whole = text::highlight(lang, input, stems);
  fuzz::require(util::valid_utf8(whole) || !util::valid_utf8(input), "highlight of UTF-8 is UTF-8");
  return 0;
}
