-- Durable background jobs. {{ID}} is the dialect's auto-increment primary key.
CREATE TABLE jobs (
  id {{ID}},
  kind TEXT NOT NULL,
  payload TEXT NOT NULL,
  run_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  locked_until BIGINT,
  done_at BIGINT,
  failed_at BIGINT,
  last_error TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL AND failed_at IS NULL;

-- Settings shared by every node (e.g. the secret that signs CSRF tokens).
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
