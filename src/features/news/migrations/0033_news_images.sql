-- Images of an article: uploaded through the media store, described for people who cannot
-- see them, placed in the Markdown by address; one of them may be the article's cover.
CREATE TABLE news_images (
  article_id BIGINT NOT NULL REFERENCES news_articles (id) ON DELETE CASCADE,
  media_id BIGINT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
  alt TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (article_id, media_id)
);
ALTER TABLE news_articles ADD COLUMN cover_media_id BIGINT REFERENCES media (id) ON DELETE SET NULL;
