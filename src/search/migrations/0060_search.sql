-- One search index over all public content. Features write a document here, in the same
-- transaction as their change, while the content is public, and remove it when it stops being
-- public; `cityskills search reindex` rebuilds it from the features' tables.
CREATE TABLE search_documents (
  id {{ID}},
  kind TEXT NOT NULL,              -- course, event, news, practice, forum, idea, resource
  ref_id BIGINT NOT NULL,          -- the row in the feature's table
  group_key TEXT NOT NULL,         -- removes several documents at once (a forum thread's posts)
  lang TEXT NOT NULL,
  org_id BIGINT REFERENCES organisations (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  body TEXT NOT NULL,              -- plain text, for snippets
  url TEXT NOT NULL,
  visible_from BIGINT NOT NULL,    -- not found before this moment (scheduled publication)
  shown_at BIGINT NOT NULL,        -- the date a result shows
  title_terms TEXT NOT NULL,       -- SQLite: the stems FTS5 indexes; PostgreSQL: empty
  body_terms TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (kind, ref_id)
);
CREATE INDEX search_documents_group ON search_documents (group_key);

CREATE TABLE search_meta (
  name TEXT PRIMARY KEY,
  value BIGINT NOT NULL
);

--@sqlite
CREATE VIRTUAL TABLE search_fts USING fts5(
  lang, title_terms, body_terms,
  content = 'search_documents', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 0'
);
-- What the search filters and orders by, so that it never reads a matching document's row
-- (several KB with body and stems) except for the ten it shows.
CREATE INDEX search_documents_filter ON search_documents (id, lang, kind, visible_from, shown_at);
CREATE TRIGGER search_documents_ai AFTER INSERT ON search_documents BEGIN
  INSERT INTO search_fts (rowid, lang, title_terms, body_terms) VALUES (new.id, new.lang, new.title_terms, new.body_terms);
END;
CREATE TRIGGER search_documents_ad AFTER DELETE ON search_documents BEGIN
  INSERT INTO search_fts (search_fts, rowid, lang, title_terms, body_terms)
    VALUES ('delete', old.id, old.lang, old.title_terms, old.body_terms);
END;
CREATE TRIGGER search_documents_au AFTER UPDATE ON search_documents BEGIN
  INSERT INTO search_fts (search_fts, rowid, lang, title_terms, body_terms)
    VALUES ('delete', old.id, old.lang, old.title_terms, old.body_terms);
  INSERT INTO search_fts (rowid, lang, title_terms, body_terms) VALUES (new.id, new.lang, new.title_terms, new.body_terms);
END;
--@postgres
-- Title weighted A, body D; stems from the language's text search configuration.
ALTER TABLE search_documents ADD COLUMN tsv tsvector NOT NULL DEFAULT ''::tsvector;
CREATE INDEX search_documents_tsv ON search_documents USING GIN (tsv);
CREATE INDEX search_documents_lang ON search_documents (lang, kind);
--@end
