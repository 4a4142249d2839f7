#pragma once
// The search index: one table of public documents in their language, searched with SQLite FTS5
// (stems made here with Snowball) or PostgreSQL full text search (the language's configuration).
// Features put a document while it is public and remove it when it is not, in the same
// transaction as their change; the search page calls find().
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/database.hpp"
#include "search/text.hpp"

namespace cityskills::search {

struct Document {
  std::string kind;       // which feature's content: course, event, news, practice, forum, idea, resource
  std::int64_t ref_id = 0;
  std::string group;      // optional: documents removed together (remove_group)
  std::string lang;
  std::optional<std::int64_t> org_id;
  std::string title;      // shown, and searched with more weight unless title_searched is false
  bool title_searched = true;
  std::string keywords;   // searched with the title's weight, never shown (tags)
  std::string body;       // plain text; a line break ends a block (view::markdown_plain_text(..., true))
  std::string url;
  std::int64_t visible_from = 0;  // not found before (scheduled publication)
  std::int64_t shown_at = 0;      // the date a result shows
};

// Bytes of body kept in the index (cut at a character); the rest is neither searched nor shown.
inline constexpr std::size_t kMaxBodyChars = 20000;

// Adds or replaces the document with the same kind and ref_id.
void put(db::Connection& c, const Document& d);
void remove(db::Connection& c, std::string_view kind, std::int64_t ref_id);
void remove_group(db::Connection& c, std::string_view group);

struct Request {
  std::string lang;
  text::Query query;
  std::string kind;  // empty: every kind
  std::int64_t now = 0;
  int offset = 0;
  int limit = 10;
};
struct Hit {
  std::string kind, url, org_name;
  std::int64_t ref_id = 0, shown_at = 0;
  std::string title_html, snippet_html;  // escaped, matches inside <mark>
};
struct Results {
  std::vector<Hit> hits;
  std::vector<std::pair<std::string, std::int64_t>> counts;  // per kind, over all kinds
  std::int64_t total = 0;                                      // of the requested kind (or all)
};
// Best first: words in the title weigh more than in the body; ties: newest first.
Results find(db::Connection& c, const Request& r);

// Rebuilding: the version of the indexing rules (stems, stop words, fields) the stored index was
// built with; a server started with other rules rebuilds it.
inline constexpr std::int64_t kIndexVersion = 1;
bool needs_rebuild(db::Connection& c);
// Empties the index (inside the rebuilding transaction, which it serialises on PostgreSQL).
void clear(db::Connection& c);
void mark_built(db::Connection& c);
std::int64_t count(db::Connection& c);

}  // namespace cityskills::search
