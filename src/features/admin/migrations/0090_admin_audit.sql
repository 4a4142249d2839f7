-- The privacy audit becomes the platform's one log of administrative actions (blocking a
-- person, changing a role or a setting, retrying a job, reinstating an award...), so that
-- "who did what to whom, when and why" is answered in one place. A person's rows keep
-- subject_id = the person (their data export lists them); an action on something else
-- (an organisation, a setting, a job) has subject_id 0 and names its target here.
ALTER TABLE privacy_audit ADD COLUMN target_kind TEXT NOT NULL DEFAULT 'user';
ALTER TABLE privacy_audit ADD COLUMN target_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE privacy_audit ADD COLUMN detail TEXT NOT NULL DEFAULT '';
UPDATE privacy_audit SET target_id = subject_id;
CREATE INDEX privacy_audit_time ON privacy_audit (created_at, id);
CREATE INDEX privacy_audit_actor ON privacy_audit (actor_id, id);
