-- Cookie choices, one row per choice made (never updated): the proof of consent GDPR art. 7(1)
-- asks for. The current choice is the newest row of the account, else of the visitor id (the
-- SHA-256 of the random value in the visitor's technical cookie; the value itself is never
-- stored). Erasing an account deletes its rows.
CREATE TABLE consent_records (
  id {{ID}},
  user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
  visitor_hash TEXT,
  policy_version INTEGER NOT NULL,
  analytics INTEGER NOT NULL,      -- 1 granted, 0 refused
  profiling INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX consent_records_user ON consent_records (user_id, id);
CREATE INDEX consent_records_visitor ON consent_records (visitor_hash, id);
