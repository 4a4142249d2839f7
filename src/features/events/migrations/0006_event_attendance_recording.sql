-- Attendance marked by the organiser after the event (NULL: not marked yet).
ALTER TABLE registrations ADD COLUMN attended INTEGER;
-- A recording published after a webinar.
ALTER TABLE events ADD COLUMN recording_url TEXT;
