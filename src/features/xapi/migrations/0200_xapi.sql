-- Learning records in xAPI 1.0.3 (decision note 0034).
-- The Learning Record Store the platform administrator configured: one row, id 1, written at the
-- first save (none: switched off). The secret is written here and never shown again on any page.
CREATE TABLE xapi_settings (
  id BIGINT PRIMARY KEY,
  enabled INTEGER NOT NULL,
  endpoint TEXT NOT NULL,            -- the LRS's base address; statements go to {endpoint}/statements
  auth_key TEXT NOT NULL,
  auth_secret TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- The pseudonym a person has in statements (account.name): random, stable, never the e-mail.
CREATE TABLE xapi_actors (
  id {{ID}},
  user_id BIGINT NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
  pseudonym TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- The outbox: one row per statement, written in the transaction of the fact it records, with
-- its statement id (a UUID) fixed then, so a retry sends the same id. A row leaves the queue
-- (sent_at set) only after the store answered 2xx, or 409 for an id it already has. A delivery
-- run leases its batch (lease_owner, lease_until) so that two nodes never send the same rows.
CREATE TABLE xapi_outbox (
  id {{ID}},
  statement_id TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  verb TEXT NOT NULL,
  object_type TEXT NOT NULL,
  object_path TEXT NOT NULL,
  object_name TEXT NOT NULL,
  lang TEXT NOT NULL,
  parent_path TEXT NOT NULL,
  registration_key TEXT NOT NULL,
  score_percent INTEGER NOT NULL,    -- -1: none
  progress_percent INTEGER NOT NULL, -- -1: none
  success INTEGER NOT NULL,          -- -1: not applicable
  completion INTEGER NOT NULL,
  occurred_at BIGINT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT,
  lease_owner TEXT,
  lease_until BIGINT,
  sent_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX xapi_outbox_due ON xapi_outbox (sent_at, next_attempt_at, id);
CREATE INDEX xapi_outbox_user ON xapi_outbox (user_id);
