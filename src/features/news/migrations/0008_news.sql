CREATE TABLE news_articles (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  lang TEXT NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  body TEXT NOT NULL,            -- Markdown
  tags TEXT NOT NULL,            -- ",tag1,tag2," for exact matching with LIKE
  status TEXT NOT NULL,          -- draft, published
  publish_at BIGINT NOT NULL,    -- shown from this moment (scheduled publication)
  author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX news_visible ON news_articles (lang, status, publish_at);
CREATE INDEX news_org ON news_articles (org_id, publish_at);
