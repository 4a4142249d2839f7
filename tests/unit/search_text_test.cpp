// The search's text rules: words, stop words, stems per language, the query syntax and what it
// becomes for FTS5 and PostgreSQL, and highlighted snippets.
#include <gtest/gtest.h>

#include "search/text.hpp"

namespace cityskills::search::text {
namespace {

std::vector<std::string> folded(std::string_view s) {
  std::vector<std::string> out;
  for (const auto& w : words(s)) out.push_back(w.folded);
  return out;
}

}  // namespace

TEST(SearchText, WordsSplitOnPunctuationAndApostrophesAndKeepLetters) {
  EXPECT_EQ(folded("Dell'Università, Città-Stato!"), (std::vector<std::string>{"dell", "università", "città", "stato"}));
  EXPECT_EQ(folded("GRÜSSE über Äpfel; Åbo ÖSTER"), (std::vector<std::string>{"grüsse", "über", "äpfel", "åbo", "öster"}));
  EXPECT_EQ(folded("5G e Wi-Fi 2026"), (std::vector<std::string>{"5g", "e", "wi", "fi", "2026"}));
  EXPECT_TRUE(words("  ... --- !!! ").empty());
  EXPECT_TRUE(words(std::string(100, 'a')).empty());  // not a word: a hash or junk
  // Offsets point into the original text.
  auto ws = words("Ciao Città");
  ASSERT_EQ(ws.size(), 2u);
  EXPECT_EQ(std::string_view("Ciao Città").substr(ws[1].begin, ws[1].end - ws[1].begin), "Città");
  // Invalid UTF-8 does not break the splitting.
  EXPECT_EQ(folded("ab\xff\xfe cd"), (std::vector<std::string>{"ab", "cd"}));
}

TEST(SearchText, StemsJoinTheFormsOfAWordInEachLanguage) {
  EXPECT_EQ(stem("it", "digitali"), stem("it", "digitale"));
  EXPECT_EQ(stem("it", "corsi"), stem("it", "corso"));
  EXPECT_EQ(stem("en", "workshops"), stem("en", "workshop"));
  EXPECT_EQ(stem("en", "running"), stem("en", "run"));
  EXPECT_EQ(stem("de", "passwörter"), stem("de", "passwort"));
  EXPECT_EQ(stem("de", "veranstaltungen"), stem("de", "veranstaltung"));
  EXPECT_EQ(stem("sv", "utbildningar"), stem("sv", "utbildning"));
  EXPECT_EQ(stem("sv", "kursen"), stem("sv", "kurser"));
  EXPECT_EQ(stem("sv", "tjänster"), stem("sv", "tjänst"));
  EXPECT_EQ(stem("fi", "kirjastojen"), stem("fi", "kirjasto"));
  EXPECT_EQ(stem("fi", "kirjastossa"), stem("fi", "kirjasto"));
  // Another language's rules are not applied: the Italian plural is not an English one.
  EXPECT_NE(stem("en", "digitali"), stem("en", "digitale"));
  // An unknown language keeps the word.
  EXPECT_EQ(stem("xx", "running"), "running");
}

TEST(SearchText, StopWordsAreLeftOutOfTheIndexAndTheQuery) {
  EXPECT_TRUE(is_stop_word("it", "della"));
  EXPECT_TRUE(is_stop_word("de", "und"));
  EXPECT_TRUE(is_stop_word("sv", "och"));
  EXPECT_TRUE(is_stop_word("fi", "ja"));
  EXPECT_TRUE(is_stop_word("en", "the"));
  EXPECT_FALSE(is_stop_word("en", "und"));
  EXPECT_EQ(index_terms("en", "The libraries of the city"), stem("en", "libraries") + " " + stem("en", "city"));
}

TEST(SearchText, QuerySyntaxWordsPhrasesAndExclusions) {
  auto q = parse("en", R"(libraries "digital skills" -banking)");
  ASSERT_TRUE(q.error.empty());
  ASSERT_EQ(q.terms.size(), 3u);
  EXPECT_EQ(q.terms[0].words, (std::vector<std::string>{"libraries"}));
  EXPECT_EQ(q.terms[1].words, (std::vector<std::string>{"digital", "skills"}));
  EXPECT_TRUE(q.terms[2].exclude);
  EXPECT_EQ(fts5_match(q, "en"),
            "lang : \"en\" AND {title_terms body_terms} : (\"librari\" AND \"digit skill\" NOT \"bank\")");
  EXPECT_EQ(pg_tsquery(q), "'libraries' & ('digital' <-> 'skills') & !'banking'");
  EXPECT_EQ(pg_rank_tsquery(q), "'libraries' | 'digital' | 'skills'");
  EXPECT_EQ(highlight_stems(q), (std::set<std::string>{"librari", "digit", "skill"}));
  // Characters that mean something to FTS5 or to_tsquery are only separators here.
  auto hostile = parse("en", R"(NEAR(a b) title_terms:x * ^ ' & | ! <-> : "unclosed)");
  ASSERT_TRUE(hostile.error.empty());
  for (const auto& t : hostile.terms)
    for (const auto& w : t.words)
      for (char ch : w) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(ch))) << w;
  EXPECT_EQ(pg_config("sv"), "swedish");
  EXPECT_EQ(pg_config("xx"), "simple");
}

TEST(SearchText, QueriesThatCannotRunSayWhy) {
  EXPECT_TRUE(parse("en", "").empty());
  EXPECT_TRUE(parse("en", "").error.empty());  // nothing typed: nothing to say
  EXPECT_TRUE(parse("en", "  -- ?? ").error.empty());
  EXPECT_EQ(parse("en", "the and of").error, "search.error.only_common_words");
  EXPECT_EQ(parse("it", "il la di").error, "search.error.only_common_words");
  EXPECT_EQ(parse("en", "-banking -loans").error, "search.error.only_excluded");
  EXPECT_EQ(parse("en", std::string(kMaxQueryChars + 1, 'a')).error, "search.error.too_long");
  EXPECT_TRUE(parse("en", std::string(kMaxQueryChars / 2, 'a') + " b").error.empty());
  EXPECT_EQ(parse("en", "a1 b2 c3 d4 e5 f6 g7 h8 i9 j10 k11").error, "search.error.too_many_words");
  // Characters are counted, not bytes.
  std::string accented;
  for (std::size_t i = 0; i < kMaxQueryChars; ++i) accented += "à";
  EXPECT_TRUE(parse("it", accented).error.empty());
}

TEST(SearchText, HighlightMarksEveryFormOfTheWordAndEscapes) {
  std::set<std::string> stems{stem("it", "digitale")};
  EXPECT_EQ(highlight("it", "Servizi <b>digitali</b> & Digitale", stems),
            "Servizi &lt;b&gt;<mark>digitali</mark>&lt;/b&gt; &amp; <mark>Digitale</mark>");
  EXPECT_EQ(highlight("it", "Niente qui", stems), "Niente qui");
}

TEST(SearchText, SnippetShowsTheDensestPartAndCutsAtWords) {
  std::string text;
  for (int i = 0; i < 60; ++i) text += "filler" + std::to_string(i) + " ";
  text += "the broadband map shows broadband coverage for every street ";
  for (int i = 0; i < 60; ++i) text += "tail" + std::to_string(i) + " ";
  auto s = snippet("en", text, {stem("en", "broadband"), stem("en", "coverage")}, 80);
  EXPECT_EQ(s.rfind("… ", 0), 0u) << s;
  EXPECT_NE(s.find("<mark>broadband</mark> map"), std::string::npos) << s;
  EXPECT_NE(s.find("<mark>coverage</mark>"), std::string::npos) << s;
  EXPECT_EQ(s.substr(s.size() - 4), " …") << s;
  EXPECT_EQ(s.find("filler0 "), std::string::npos);
  // Short text: all of it. No match: the beginning.
  EXPECT_EQ(snippet("en", "Short & sweet", {"x"}, 80), "Short &amp; sweet");
  auto start = snippet("en", text, {"nomatch"}, 40);
  EXPECT_EQ(start.rfind("filler0", 0), 0u) << start;
  // A match early in the text: the snippet starts at the beginning. A match at the very end:
  // the snippet is filled with the words before it.
  auto early = snippet("en", "One two broadband " + text, {stem("en", "broadband")}, 80);
  EXPECT_EQ(early.rfind("One two <mark>broadband</mark>", 0), 0u) << early;
  std::string filler;
  for (int i = 0; i < 60; ++i) filler += "word" + std::to_string(i) + " ";
  auto late = snippet("en", filler + "broadband", {stem("en", "broadband")}, 80);
  EXPECT_GT(late.size(), 70u) << late;
  EXPECT_EQ(late.substr(late.size() - 22), "<mark>broadband</mark>") << late;
  // Blocks (a line break in the indexed text) read as " · ".
  EXPECT_EQ(snippet("en", "Where\nIn the library", {stem("en", "library")}, 80), "Where · In the <mark>library</mark>");
  // One endless word is cut at a character boundary.
  std::string long_word;
  for (int i = 0; i < 100; ++i) long_word += "è";
  auto cut = snippet("it", long_word, {"x"}, 41);
  EXPECT_TRUE(cut.find("\xc3 ") == std::string::npos);
}

}  // namespace cityskills::search::text
