-- One export being prepared per person and asker: an administrator's export for a person no
-- longer blocks the person's own request (or the other way round). A user id is never 0.
DROP INDEX privacy_exports_one_queued;
CREATE UNIQUE INDEX privacy_exports_one_queued ON privacy_exports (user_id, (COALESCE(requested_by, 0))) WHERE status = 'queued';
