#include "search/search.hpp"

#include "util/strings.hpp"

namespace cityskills::search {
namespace {

// At most max_chars bytes (cut at a character boundary), blocks separated by one line break,
// no blank lines or spaces at either end.
std::string tidy(std::string_view s, std::size_t max_chars) {
  std::string out;
  for (auto line : util::split(s, '\n')) {
    line = util::trim(line);
    if (line.empty()) continue;
    if (!out.empty()) out += '\n';
    out += line;
  }
  if (out.size() <= max_chars) return out;
  std::size_t i = max_chars;
  while (i > 0 && (static_cast<unsigned char>(out[i]) & 0xC0) == 0x80) --i;
  return out.substr(0, i);
}

constexpr int kSnippetChars = 240;

}  // namespace

void put(db::Connection& c, const Document& d) {
  auto body = tidy(d.body, kMaxBodyChars);
  auto now = util::now_unix();
  const std::string searched_title = (d.title_searched ? d.title : "") + " " + d.keywords;
  if (c.dialect() == db::Dialect::kSqlite) {
    c.exec(
        "INSERT INTO search_documents (kind, ref_id, group_key, lang, org_id, title, body, url, visible_from, "
        "shown_at, title_terms, body_terms, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (kind, ref_id) DO UPDATE SET group_key = excluded.group_key, lang = excluded.lang, "
        "org_id = excluded.org_id, title = excluded.title, body = excluded.body, url = excluded.url, "
        "visible_from = excluded.visible_from, shown_at = excluded.shown_at, title_terms = excluded.title_terms, "
        "body_terms = excluded.body_terms, updated_at = excluded.updated_at",
        {d.kind, d.ref_id, d.group, d.lang, d.org_id, d.title, body, d.url, d.visible_from, d.shown_at,
         text::index_terms(d.lang, searched_title), text::index_terms(d.lang, body), now, now});
  } else {
    auto config = text::pg_config(d.lang);
    c.exec(
        "INSERT INTO search_documents (kind, ref_id, group_key, lang, org_id, title, body, url, visible_from, "
        "shown_at, title_terms, body_terms, created_at, updated_at, tsv) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', "
        "?, ?, setweight(to_tsvector(CAST(? AS regconfig), ?), 'A') || "
        "setweight(to_tsvector(CAST(? AS regconfig), ?), 'D')) "
        "ON CONFLICT (kind, ref_id) DO UPDATE SET group_key = excluded.group_key, lang = excluded.lang, "
        "org_id = excluded.org_id, title = excluded.title, body = excluded.body, url = excluded.url, "
        "visible_from = excluded.visible_from, shown_at = excluded.shown_at, tsv = excluded.tsv, "
        "updated_at = excluded.updated_at",
        {d.kind, d.ref_id, d.group, d.lang, d.org_id, d.title, body, d.url, d.visible_from, d.shown_at, now, now,
         config, searched_title, config, body});
  }
}

void remove(db::Connection& c, std::string_view kind, std::int64_t ref_id) {
  c.exec("DELETE FROM search_documents WHERE kind = ? AND ref_id = ?", {kind, ref_id});
}

void remove_group(db::Connection& c, std::string_view group) {
  if (group.empty()) return;
  c.exec("DELETE FROM search_documents WHERE group_key = ?", {group});
}

Results find(db::Connection& c, const Request& r) {
  Results out;
  if (r.query.empty()) return out;
  // The matching documents visible now, in the reader's language, with a rank (lower is
  // better) when they are of the requested kind. On SQLite the filter reads the small covering
  // index, not the table rows with their bodies and stems (several KB each, a page read per
  // match); the planner does not pick it by itself. PostgreSQL ranks an AND query by how close
  // its words are, whatever the field; ranked as an OR query (rq), each word counts with its
  // field's weight, so a title match comes first, as with FTS5's bm25 (title 8, body 1).
  std::string matches;
  db::Params params;
  if (c.dialect() == db::Dialect::kSqlite) {
    matches = "SELECT d.id, d.kind, d.shown_at, CASE WHEN ? IN ('', d.kind) THEN bm25(search_fts, 0.0, 8.0, 1.0) END "
              "AS rank FROM search_fts JOIN search_documents d INDEXED BY search_documents_filter "
              "ON d.id = search_fts.rowid WHERE search_fts MATCH ? AND d.lang = ? AND d.visible_from <= ?";
    params = {r.kind, text::fts5_match(r.query, r.lang), r.lang, r.now};
  } else {
    matches = "SELECT d.id, d.kind, d.shown_at, CASE WHEN ? IN ('', d.kind) THEN -ts_rank(d.tsv, rq, 1) END AS rank "
              "FROM to_tsquery(CAST(? AS regconfig), ?) q, to_tsquery(CAST(? AS regconfig), ?) rq, search_documents d "
              "WHERE d.lang = ? AND d.tsv @@ q AND d.visible_from <= ?";
    auto config = text::pg_config(r.lang);
    params = {r.kind, config, text::pg_tsquery(r.query), config, text::pg_rank_tsquery(r.query), r.lang, r.now};
  }
  params.emplace_back(r.limit);
  params.emplace_back(r.offset);
  // One pass over the matches (ranking a common word's thousands of matches is most of the
  // cost, and on PostgreSQL so is visiting their rows): the count of each kind (part 0), then
  // the page (part 1), whose title and body are read for the shown results only.
  auto sql = "WITH m AS MATERIALIZED (" + matches + "), "
             "top AS (SELECT id, rank, shown_at FROM m WHERE rank IS NOT NULL "
             "ORDER BY rank, shown_at DESC, id DESC LIMIT ? OFFSET ?) "
             "SELECT 0 AS part, kind, COUNT(*), NULL AS rank, NULL AS shown_at, NULL AS id, NULL, NULL, NULL, NULL "
             "FROM m GROUP BY kind UNION ALL "
             "SELECT 1, d.kind, d.ref_id, top.rank, top.shown_at, top.id, d.title, d.body, d.url, o.name "
             "FROM top JOIN search_documents d ON d.id = top.id LEFT JOIN organisations o ON o.id = d.org_id "
             "ORDER BY part, rank, shown_at DESC, id DESC, kind";
  auto stems = text::highlight_stems(r.query);
  for (const auto& row : c.query(sql, params)) {
    if (row.i64(0) == 0) {
      out.counts.emplace_back(row.str(1), row.i64(2));
      if (r.kind.empty() || r.kind == row.str(1)) out.total += row.i64(2);
      continue;
    }
    Hit h;
    h.kind = row.str(1);
    h.ref_id = row.i64(2);
    h.shown_at = row.i64(4);
    h.title_html = text::highlight(r.lang, row.str(6), stems);
    h.snippet_html = text::snippet(r.lang, row.str(7), stems, kSnippetChars);
    h.url = row.str(8);
    h.org_name = row.str(9);
    out.hits.push_back(std::move(h));
  }
  return out;
}

bool needs_rebuild(db::Connection& c) {
  auto r = c.one("SELECT value FROM search_meta WHERE name = 'index_version'");
  return !r || r->i64(0) != kIndexVersion;
}

void clear(db::Connection& c) {
  // Several app nodes starting at once after an upgrade each rebuild: one after the other.
  if (c.dialect() == db::Dialect::kPostgres) c.exec_script("SELECT pg_advisory_xact_lock(727275)");
  c.exec("DELETE FROM search_documents");
}

void mark_built(db::Connection& c) {
  c.exec(
      "INSERT INTO search_meta (name, value) VALUES ('index_version', ?) "
      "ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      {kIndexVersion});
}

std::int64_t count(db::Connection& c) { return c.one("SELECT COUNT(*) FROM search_documents")->i64(0); }

}  // namespace cityskills::search
