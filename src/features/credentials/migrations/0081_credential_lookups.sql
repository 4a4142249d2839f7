-- Failed look-ups of verification codes and failed credential checks, per client (its throttle
-- key), so that guessing is slowed down alike on every node.
CREATE TABLE credential_lookups (
  id {{ID}},
  client TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX credential_lookups_client ON credential_lookups (client, created_at);
