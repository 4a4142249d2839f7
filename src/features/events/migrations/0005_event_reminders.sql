-- When the reminder e-mail went to this registration: set in the same transaction that
-- queues the e-mail, so a restarted or repeated job never sends it twice.
ALTER TABLE registrations ADD COLUMN reminded_at BIGINT;
