#include "search/text.hpp"

#include <libstemmer.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <memory>
#include <unordered_set>

#include "util/strings.hpp"

namespace cityskills::search::text {
namespace {

constexpr std::array<std::string_view, 5> kLangs = {"it", "en", "de", "sv", "fi"};
constexpr std::array<const char*, 5> kSnowball = {"italian", "english", "german", "swedish", "finnish"};
constexpr std::array<std::string_view, 5> kPgConfig = {"italian", "english", "german", "swedish", "finnish"};

int lang_index(std::string_view lang) {
  for (std::size_t i = 0; i < kLangs.size(); ++i)
    if (kLangs[i] == lang) return static_cast<int>(i);
  return -1;
}

// The commonest function words of each language: articles, prepositions, conjunctions,
// pronouns and auxiliaries. Short on purpose: a word left out here still ranks low (BM25).
const std::unordered_set<std::string_view>& stop_words(int lang) {
  static const std::array<std::unordered_set<std::string_view>, 5> lists = {{
      {"a", "ad", "al", "alla", "alle", "agli", "ai", "anche", "che", "chi", "ci", "come", "con", "da", "dal",
       "dalla", "dalle", "dai", "degli", "dei", "del", "della", "delle", "dello", "di", "e", "è", "ed", "gli",
       "ha", "hanno", "i", "il", "in", "la", "le", "lo", "ma", "ne", "negli", "nei", "nel", "nella", "nelle",
       "non", "o", "per", "più", "se", "si", "sono", "su", "sul", "sulla", "tra", "fra", "un", "una", "uno",
       "dell", "all", "nell", "sull", "dall", "l", "c", "d", "quando", "questo", "questa", "quello", "quella"},
      {"a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "can", "do", "does", "for", "from", "had",
       "has", "have", "how", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "our", "so", "than",
       "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we", "were",
       "what", "when", "which", "who", "will", "with", "you", "your",
       // what an apostrophe leaves: city's, don't, we'll, they're, I've, I'm, I'd
       "s", "t", "ll", "re", "ve", "m", "d"},
      {"aber", "als", "am", "an", "auch", "auf", "aus", "bei", "bin", "bis", "das", "dass", "dem", "den", "der",
       "des", "die", "du", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es", "für", "hat", "ich",
       "ihr", "im", "in", "ist", "mit", "nach", "nicht", "noch", "oder", "sich", "sie", "sind", "so", "über",
       "um", "und", "uns", "von", "vor", "war", "was", "wie", "wir", "wird", "zu", "zum", "zur"},
      {"att", "av", "de", "dem", "den", "det", "du", "där", "eller", "en", "ett", "för", "från", "har", "hur",
       "i", "inte", "jag", "med", "men", "man", "när", "och", "om", "på", "sig", "som", "så", "till", "under",
       "ut", "vad", "var", "vi", "vid", "är", "åt", "efter", "mot", "kan", "ska"},
      {"ei", "en", "ja", "jos", "joka", "jotka", "kanssa", "kuin", "kun", "me", "mikä", "minä", "mutta", "myös",
       "ne", "niin", "nyt", "ole", "olla", "on", "ovat", "se", "sekä", "sen", "siitä", "sinä", "tai", "tämä",
       "te", "he", "hän", "oli", "olivat", "ovat", "että", "vai", "voi", "miten"},
  }};
  return lists.at(static_cast<std::size_t>(lang));
}

struct StemmerDeleter {
  void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};

// libstemmer's stemmers keep state: one set per thread.
sb_stemmer* stemmer(int lang) {
  thread_local std::array<std::unique_ptr<sb_stemmer, StemmerDeleter>, 5> stemmers;
  auto& s = stemmers.at(static_cast<std::size_t>(lang));
  if (!s) s.reset(sb_stemmer_new(kSnowball.at(static_cast<std::size_t>(lang)), "UTF_8"));
  return s.get();
}

bool word_char(UChar32 c) {
  if (u_isalnum(c)) return true;
  auto type = u_charType(c);
  return type == U_NON_SPACING_MARK || type == U_COMBINING_SPACING_MARK;
}

// Words longer than this are not words (hashes, base64): they are skipped.
constexpr std::size_t kMaxWordBytes = 64;

}  // namespace

std::vector<Word> words(std::string_view text) {
  std::vector<Word> out;
  const auto* s = reinterpret_cast<const std::uint8_t*>(text.data());
  auto length = static_cast<std::int32_t>(text.size());
  std::int32_t i = 0;
  Word current;
  bool in_word = false;
  while (i < length) {
    std::int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, length, c);
    if (c >= 0 && word_char(c)) {
      if (!in_word) {
        current = Word{};
        current.begin = static_cast<std::size_t>(start);
        in_word = true;
      }
      UChar32 lower = u_tolower(c);
      char buf[4];
      std::int32_t n = 0;
      UBool error = false;
      U8_APPEND(reinterpret_cast<std::uint8_t*>(buf), n, 4, lower, error);
      if (!error) current.folded.append(buf, static_cast<std::size_t>(n));
      current.end = static_cast<std::size_t>(i);
    } else if (in_word) {
      if (current.folded.size() <= kMaxWordBytes) out.push_back(std::move(current));
      in_word = false;
    }
  }
  if (in_word && current.folded.size() <= kMaxWordBytes) out.push_back(std::move(current));
  return out;
}

bool is_stop_word(std::string_view lang, std::string_view folded) {
  int l = lang_index(lang);
  return l >= 0 && stop_words(l).contains(folded);
}

std::string stem(std::string_view lang, std::string_view folded) {
  int l = lang_index(lang);
  if (l < 0) return std::string(folded);
  auto* st = stemmer(l);
  if (!st) return std::string(folded);
  const sb_symbol* out =
      sb_stemmer_stem(st, reinterpret_cast<const sb_symbol*>(folded.data()), static_cast<int>(folded.size()));
  if (!out) return std::string(folded);
  return std::string(reinterpret_cast<const char*>(out), static_cast<std::size_t>(sb_stemmer_length(st)));
}

std::string index_terms(std::string_view lang, std::string_view text) {
  std::string out;
  for (const auto& w : words(text)) {
    if (is_stop_word(lang, w.folded)) continue;
    if (!out.empty()) out += ' ';
    out += stem(lang, w.folded);
  }
  return out;
}

Query parse(std::string_view lang, std::string_view input) {
  Query q;
  q.chars = util::utf8_length(input);
  if (q.chars > kMaxQueryChars) {
    q.error = "search.error.too_long";
    return q;
  }
  std::size_t i = 0;
  bool any_words = false;
  while (i < input.size()) {
    while (i < input.size() && (input[i] == ' ' || input[i] == '\t' || input[i] == '\n' || input[i] == '\r')) ++i;
    if (i >= input.size()) break;
    bool exclude = false;
    if (input[i] == '-' && i + 1 < input.size() && input[i + 1] != ' ') {
      exclude = true;
      ++i;
    }
    std::string_view chunk;
    if (input[i] == '"') {
      auto close = input.find('"', i + 1);
      auto end = close == std::string_view::npos ? input.size() : close;
      chunk = input.substr(i + 1, end - i - 1);
      i = close == std::string_view::npos ? input.size() : close + 1;
    } else {
      auto end = input.find_first_of(" \t\r\n", i);
      if (end == std::string_view::npos) end = input.size();
      chunk = input.substr(i, end - i);
      i = end;
    }
    // A quoted phrase is one term; so is "e-mail" typed without quotes, as the index has its
    // parts next to each other.
    Term t;
    t.exclude = exclude;
    for (const auto& w : words(chunk)) {
      any_words = true;
      if (is_stop_word(lang, w.folded)) continue;
      t.words.push_back(w.folded);
      t.stems.push_back(stem(lang, w.folded));
    }
    if (!t.words.empty()) q.terms.push_back(std::move(t));
  }
  std::size_t positive = 0;
  for (const auto& t : q.terms) positive += t.exclude ? 0 : t.words.size();
  q.words = positive;
  if (positive > kMaxQueryTerms) {
    q.terms.clear();
    q.error = "search.error.too_many_words";
  } else if (q.terms.empty()) {
    if (any_words) q.error = "search.error.only_common_words";
  } else if (positive == 0) {
    q.terms.clear();
    q.error = "search.error.only_excluded";
  }
  return q;
}

std::set<std::string> highlight_stems(const Query& q) {
  std::set<std::string> out;
  for (const auto& t : q.terms)
    if (!t.exclude) out.insert(t.stems.begin(), t.stems.end());
  return out;
}

std::string fts5_match(const Query& q, std::string_view lang) {
  // Stems are letters and digits only, so quoting them is enough; a phrase is its stems in
  // one pair of quotes.
  auto quoted = [](const Term& t) {
    std::string s = "\"";
    for (std::size_t i = 0; i < t.stems.size(); ++i) s += (i ? " " : "") + t.stems[i];
    return s + "\"";
  };
  std::string positive, negative;
  for (const auto& t : q.terms) {
    if (t.exclude) negative += " NOT " + quoted(t);
    else positive += (positive.empty() ? "" : " AND ") + quoted(t);
  }
  return "lang : \"" + std::string(lang) + "\" AND {title_terms body_terms} : (" + positive + negative + ")";
}

std::string pg_tsquery(const Query& q) {
  auto words = [](const Term& t) {
    std::string s;
    for (std::size_t i = 0; i < t.words.size(); ++i) s += (i ? " <-> '" : "'") + t.words[i] + "'";
    return t.words.size() > 1 ? "(" + s + ")" : s;
  };
  std::string out;
  for (const auto& t : q.terms) {
    if (!out.empty()) out += " & ";
    out += (t.exclude ? "!" : "") + words(t);
  }
  return out;
}

std::string pg_rank_tsquery(const Query& q) {
  std::string out;
  for (const auto& t : q.terms)
    if (!t.exclude)
      for (const auto& w : t.words) out += (out.empty() ? "'" : " | '") + w + "'";
  return out;
}

std::string pg_config(std::string_view lang) {
  int l = lang_index(lang);
  return l < 0 ? "simple" : std::string(kPgConfig.at(static_cast<std::size_t>(l)));
}

namespace {

// For each word, its stem when it is one of `stems` (stop words never are), else "".
std::vector<std::string> matching(std::string_view lang, const std::vector<Word>& ws, const std::set<std::string>& stems) {
  std::vector<std::string> out(ws.size());
  for (std::size_t i = 0; i < ws.size(); ++i)
    if (!is_stop_word(lang, ws[i].folded))
      if (auto s = stem(lang, ws[i].folded); stems.contains(s)) out[i] = std::move(s);
  return out;
}

// Escaped text; the line breaks between blocks (headings, paragraphs, list items) read " · ".
std::string escaped(std::string_view s) {
  std::string out;
  for (std::size_t start = 0;;) {
    auto nl = s.find('\n', start);
    out += util::html_escape(s.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start));
    if (nl == std::string_view::npos) return out;
    out += " · ";
    start = nl + 1;
  }
}

// Escaped text[from, to) with the matching words (hit non-empty) inside <mark>.
std::string marked(std::string_view text, const std::vector<Word>& ws, const std::vector<std::string>& hit,
                   std::size_t from, std::size_t to) {
  std::string out;
  std::size_t pos = from;
  for (std::size_t i = 0; i < ws.size(); ++i) {
    const auto& w = ws[i];
    if (w.begin < from || w.end > to || hit[i].empty()) continue;
    out += escaped(text.substr(pos, w.begin - pos));
    out += "<mark>" + util::html_escape(text.substr(w.begin, w.end - w.begin)) + "</mark>";
    pos = w.end;
  }
  out += escaped(text.substr(pos, to - pos));
  return out;
}

}  // namespace

std::string highlight(std::string_view lang, std::string_view text, const std::set<std::string>& stems) {
  auto ws = words(text);
  return marked(text, ws, matching(lang, ws, stems), 0, text.size());
}

std::string snippet(std::string_view lang, std::string_view text, const std::set<std::string>& stems,
                    std::size_t max_chars) {
  auto ws = words(text);
  auto hit = matching(lang, ws, stems);
  if (text.size() <= max_chars) return marked(text, ws, hit, 0, text.size());
  // Slide a window of at most max_chars bytes (a character is one or two bytes in these
  // languages) over the words, from each of the first 64 matches, and keep the one with the
  // most different matching stems.
  std::vector<std::size_t> hits;
  for (std::size_t i = 0; i < ws.size() && hits.size() < 64; ++i)
    if (!hit[i].empty()) hits.push_back(i);
  std::size_t best_start = 0, best_score = 0;
  for (auto i : hits) {
    // Start a word or two before the match so it reads in context.
    std::size_t start = i >= 2 ? i - 2 : 0;
    std::set<std::string_view> seen;
    for (std::size_t j = start; j < ws.size() && ws[j].end - ws[start].begin <= max_chars; ++j)
      if (!hit[j].empty()) seen.insert(hit[j]);
    if (seen.size() > best_score) {
      best_score = seen.size();
      best_start = start;
    }
  }
  // A window that can start at the beginning of the text does; one that reaches the end of the
  // text takes earlier words into the room left.
  if (!ws.empty() && ws[best_start].end <= max_chars / 2) best_start = 0;
  std::size_t from = best_start == 0 ? 0 : ws[best_start].begin;
  std::size_t to = from;
  std::size_t last = best_start;
  for (std::size_t j = best_start; j < ws.size() && ws[j].end - from <= max_chars; ++j) {
    to = ws[j].end;
    last = j;
  }
  if (!ws.empty() && last + 1 == ws.size())
    while (best_start > 0 && ws[last].end - ws[best_start - 1].begin <= max_chars) from = ws[--best_start].begin;
  if (best_start == 0) from = 0;
  if (to == from) {
    // No word fits (one very long word): cut at a character boundary.
    to = std::min(text.size(), from + max_chars);
    while (to < text.size() && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80) ++to;
  }
  std::string out;
  if (from > 0) out += "… ";
  out += marked(text, ws, hit, from, to);
  if (to < text.size()) out += " …";
  return out;
}

}  // namespace cityskills::search::text
