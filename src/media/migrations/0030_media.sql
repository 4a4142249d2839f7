-- Uploaded files. The bytes live on disk under <data_dir>/media/ab/cdef... named by the
-- SHA-256 of the content (several rows may share one file); this table holds what we know
-- about each upload. Which feature shows a file, and to whom, is the feature's business.
CREATE TABLE media (
  id {{ID}},
  org_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
  sha256 TEXT NOT NULL,
  kind TEXT NOT NULL,              -- video, captions, image, document
  mime TEXT NOT NULL,              -- detected from the content, never the browser's claim
  size BIGINT NOT NULL,
  name TEXT NOT NULL,              -- sanitised display name, for Content-Disposition
  created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  status TEXT NOT NULL DEFAULT 'ready',   -- ready, processing, failed (video processing later)
  error TEXT,
  duration_seconds BIGINT,
  poster_id BIGINT REFERENCES media (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX media_sha256 ON media (sha256);
CREATE INDEX media_org ON media (org_id);
