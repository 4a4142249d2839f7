-- Site settings chosen by platform administrators in the browser (/admin/settings): one row
-- per setting, read by every node at each request (decision note on site settings). Kept
-- apart from `settings`, which holds the instance's secret and is never shown.
CREATE TABLE site_settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
