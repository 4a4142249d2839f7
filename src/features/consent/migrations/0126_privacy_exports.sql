-- A person's data as a zip, built by a background job ("privacy_export") and offered for
-- seven days; the retention job deletes it afterwards. The zip lives in the row (base64, a
-- few hundred kilobytes of compressed JSON at most), so every node can serve it and erasing
-- the account deletes it with the rest. requested_by: the administrator who produced it for
-- the person (NULL: the person asked); only the one who asked can download it.
CREATE TABLE privacy_exports (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  requested_by BIGINT REFERENCES users (id) ON DELETE CASCADE,
  status TEXT NOT NULL,            -- queued, ready, failed
  data TEXT,                       -- the zip, base64
  size BIGINT NOT NULL DEFAULT 0,  -- the zip's bytes
  ready_at BIGINT,
  expires_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
-- One export being prepared per person at a time (a second request is refused).
CREATE UNIQUE INDEX privacy_exports_one_queued ON privacy_exports (user_id) WHERE status = 'queued';
CREATE INDEX privacy_exports_user ON privacy_exports (user_id, id);
CREATE INDEX privacy_exports_expiry ON privacy_exports (expires_at);
