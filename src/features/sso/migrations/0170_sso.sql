-- Single sign-on with OpenID Connect (decision note 0030).
-- The providers the platform administrators configured. The client secret is written here and
-- never shown again on any page; an organisation restricts the provider to its members.
CREATE TABLE sso_providers (
  id {{ID}},
  name TEXT NOT NULL,                -- the button's label: "Sign in with <name>"
  issuer TEXT NOT NULL UNIQUE,       -- exactly as the discovery document and the ID tokens say it
  client_id TEXT NOT NULL,
  client_secret TEXT NOT NULL,
  scopes TEXT NOT NULL,              -- space-separated, always with "openid"
  claim_name TEXT NOT NULL,
  claim_email TEXT NOT NULL,
  claim_org TEXT NOT NULL,           -- "" when not mapped
  claim_role TEXT NOT NULL,          -- "" when not mapped
  org_id BIGINT REFERENCES organisations (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- A person's identity at a provider: (issuer, subject) names one account, for good.
CREATE TABLE sso_identities (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider_id BIGINT NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  email_verified INTEGER NOT NULL,   -- whether the provider vouched for the address when linked
  last_used_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (issuer, subject)
);
CREATE INDEX sso_identities_user ON sso_identities (user_id);

-- One sign-in under way: state, nonce and PKCE verifier kept on the server, bound to the
-- browser that started it (the hash of a cookie value), used once, for ten minutes.
CREATE TABLE sso_states (
  id {{ID}},
  state_hash TEXT NOT NULL UNIQUE,
  browser_hash TEXT NOT NULL,
  provider_id BIGINT NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
  nonce TEXT NOT NULL,
  code_verifier TEXT NOT NULL,
  next TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX sso_states_expiry ON sso_states (expires_at);

-- Which provider signed a session in, so that signing out can offer the provider's own
-- sign-out; goes with the session.
CREATE TABLE sso_sessions (
  session_hash TEXT PRIMARY KEY REFERENCES sessions (id_hash) ON DELETE CASCADE,
  provider_id BIGINT NOT NULL REFERENCES sso_providers (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
