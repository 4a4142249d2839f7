-- Awards: what a person achieved (a course, a learning path or qualification, an attended
-- event), as a snapshot taken when it was achieved, so the certificate and the credential never
-- change when the course or event is edited later. One award per person and achievement, held
-- by the unique constraint (award() inserts with ON CONFLICT DO NOTHING, on any node).
CREATE TABLE awards (
  id {{ID}},
  public_id TEXT NOT NULL UNIQUE,          -- 128 random bits in base32: the verification code
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                      -- course, path, qualification, event
  subject_id BIGINT NOT NULL,
  recipient_name TEXT NOT NULL,            -- the person's name when it was awarded
  lang TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  competences TEXT NOT NULL,               -- JSON [[DigComp code, level band], ...]
  issuers TEXT NOT NULL,                   -- JSON [[organisation id, name], ...]
  evidence TEXT NOT NULL,                  -- JSON, as the awarding feature gave it
  achieved_at BIGINT NOT NULL,
  expires_at BIGINT,                       -- NULL: never
  private INTEGER NOT NULL DEFAULT 0,      -- the holder hid it: 404 to everyone else
  revoked_at BIGINT,
  revoked_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  revoke_reason TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (user_id, kind, subject_id)
);
CREATE INDEX awards_user ON awards (user_id, achieved_at);

-- Which organisations issued an award: who may revoke it and whose log it is in.
CREATE TABLE award_issuers (
  award_id BIGINT NOT NULL REFERENCES awards (id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (award_id, org_id)
);
CREATE INDEX award_issuers_org ON award_issuers (org_id, award_id);

-- Issued and revoked, with who and why; kept when the award goes with its holder's account.
CREATE TABLE award_log (
  id {{ID}},
  award_id BIGINT,
  public_id TEXT NOT NULL,
  action TEXT NOT NULL,                    -- issued, revoked
  actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  reason TEXT NOT NULL,
  title TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX award_log_award ON award_log (award_id);

-- The instance's Ed25519 signing keys. The highest generation signs; older ones stay published
-- so credentials they signed remain verifiable after a rotation.
CREATE TABLE credential_keys (
  id {{ID}},
  generation INTEGER NOT NULL UNIQUE,
  kid TEXT NOT NULL UNIQUE,
  public_key TEXT NOT NULL,                -- base64url, 32 bytes
  secret_key TEXT NOT NULL,                -- base64url, libsodium's 64-byte secret key
  created_at BIGINT NOT NULL
);
