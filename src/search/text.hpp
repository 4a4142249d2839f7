#pragma once
// Language-aware text handling for the search index: words, stop words, Snowball stems
// (libstemmer) for it, en, de, sv, fi, the query syntax, and highlighted snippets.
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cityskills::search::text {

struct Word {
  std::string folded;      // lower case
  std::size_t begin = 0;   // byte offsets in the original text
  std::size_t end = 0;
};

// Letters and digits between any other characters (apostrophes split, as in "dell'anno").
std::vector<Word> words(std::string_view text);
bool is_stop_word(std::string_view lang, std::string_view folded);
// The Snowball stem of a lower-case word in the language (it, en, de, sv, fi; others: the word).
std::string stem(std::string_view lang, std::string_view folded);
// The stems of the text's words, stop words left out, separated by spaces (what SQLite's FTS5
// table indexes; its own tokenizer knows only English stems).
std::string index_terms(std::string_view lang, std::string_view text);

// What a person typed: words (all must occur), "quoted phrases", and -excluded words or phrases.
struct Term {
  std::vector<std::string> words;  // lower case, stop words left out
  std::vector<std::string> stems;
  bool exclude = false;
};
struct Query {
  std::vector<Term> terms;
  std::string error;  // translation key when the query cannot be run
  std::size_t chars = 0, words = 0;  // what was typed, for the messages
  bool empty() const { return terms.empty(); }
};
inline constexpr std::size_t kMaxQueryChars = 200;
inline constexpr std::size_t kMaxQueryTerms = 10;
Query parse(std::string_view lang, std::string_view input);
// The stems of the words a result should highlight (those not excluded).
std::set<std::string> highlight_stems(const Query& q);

// FTS5 MATCH expression over the stemmed columns in one language.
std::string fts5_match(const Query& q, std::string_view lang);
// PostgreSQL to_tsquery() input: the words (PostgreSQL stems them with the language's
// configuration).
std::string pg_tsquery(const Query& q);
// The words to rank by, any of them (see search::find).
std::string pg_rank_tsquery(const Query& q);
// PostgreSQL text search configuration of a language.
std::string pg_config(std::string_view lang);

// HTML: the whole text with the words whose stem is in `stems` inside <mark>, escaped.
std::string highlight(std::string_view lang, std::string_view text, const std::set<std::string>& stems);
// HTML: about `max_chars` characters of the text around the densest group of matching words,
// with "…" where it was cut, matches inside <mark>.
std::string snippet(std::string_view lang, std::string_view text, const std::set<std::string>& stems,
                    std::size_t max_chars);

}  // namespace cityskills::search::text
