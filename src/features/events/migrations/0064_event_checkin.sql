-- The check-in code an organiser shows at the event: people enter it while the event runs to
-- have their attendance recorded (once each).
ALTER TABLE events ADD COLUMN checkin_code TEXT;
ALTER TABLE registrations ADD COLUMN checked_in_at BIGINT;
