-- Messages sent from the accessibility statement's feedback form (Law 4/2004 art. 3-quinquies:
-- a person reports a barrier or asks for content in an accessible form). A signed-in sender's
-- messages go with the account; an anonymous sender may leave a name and an address for the
-- reply. The sender's network address is not kept (throttling counts it in rate_events).
-- Deleted after the retention period (settings privacy.retention.feedback).
CREATE TABLE accessibility_feedback (
  id {{ID}},
  user_id BIGINT REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  page TEXT NOT NULL,             -- the address where the barrier is, as the sender gave it
  message TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX accessibility_feedback_created ON accessibility_feedback (created_at);
CREATE INDEX accessibility_feedback_user ON accessibility_feedback (user_id);
