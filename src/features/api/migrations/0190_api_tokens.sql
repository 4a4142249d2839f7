-- API tokens (decision note 0033). A personal access token acts as the person who made it; an
-- organisation's service token (org_id set) acts as an administrator of that organisation
-- only, and only while the person who made it still administers it. Only the SHA-256 of the
-- token is stored: the token itself is shown once, when it is made.
CREATE TABLE api_tokens (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  org_id BIGINT REFERENCES organisations (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  prefix TEXT NOT NULL,              -- the token's first characters, to tell tokens apart
  scopes TEXT NOT NULL,              -- space-separated, e.g. "courses:read events:write"
  expires_at BIGINT NOT NULL,
  last_used_at BIGINT,
  revoked_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
CREATE INDEX api_tokens_org ON api_tokens (org_id);
