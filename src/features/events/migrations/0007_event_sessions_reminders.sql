-- How many hours before the start the reminder goes out (0: no reminder).
ALTER TABLE events ADD COLUMN reminder_hours INTEGER NOT NULL DEFAULT 24;

-- Sessions of a multi-day event (a bootcamp across countries), each in its own time zone.
CREATE TABLE event_sessions (
  id {{ID}},
  event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  time_zone TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX event_sessions_event ON event_sessions (event_id, starts_at);
