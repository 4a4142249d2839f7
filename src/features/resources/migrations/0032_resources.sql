-- Shared tools, templates and datasets, published by an organisation's authors: an external
-- link, an uploaded file (media), or both.
CREATE TABLE resources (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  lang TEXT NOT NULL,
  kind TEXT NOT NULL,              -- tool, template, dataset
  title TEXT NOT NULL,
  description TEXT NOT NULL,       -- Markdown
  licence TEXT NOT NULL,           -- one of a fixed list of SPDX identifiers
  format TEXT NOT NULL,            -- one of a fixed list
  url TEXT,                        -- http(s) only
  media_id BIGINT REFERENCES media (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX resources_org ON resources (org_id);
CREATE INDEX resources_kind ON resources (kind, updated_at);
