CREATE TABLE users (
  id {{ID}},
  email TEXT NOT NULL UNIQUE,    -- stored lower-case
  password_hash TEXT NOT NULL,
  display_name TEXT NOT NULL,
  audience TEXT,                 -- citizen, business, public_staff
  age_band TEXT,
  org_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
  country TEXT,
  lang TEXT NOT NULL,
  platform_admin INTEGER NOT NULL DEFAULT 0,
  email_verified_at BIGINT,
  disabled_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE memberships (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  role TEXT NOT NULL,            -- learner, author, moderator, org_admin
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (user_id, org_id, role)
);
CREATE INDEX memberships_org ON memberships (org_id, role);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,      -- SHA-256 of the cookie value; the value itself is never stored
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ip TEXT,
  user_agent TEXT,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE tokens (
  id {{ID}},
  token_hash TEXT NOT NULL UNIQUE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  purpose TEXT NOT NULL,         -- verify_email, reset_password
  expires_at BIGINT NOT NULL,
  used_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Throttling: one row per attempt, counted over a sliding window; shared by all nodes.
CREATE TABLE rate_events (
  id {{ID}},
  bucket TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX rate_events_bucket ON rate_events (bucket, created_at);
