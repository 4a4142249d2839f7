-- Every export and erasure of a person's data (GDPR art. 5(2) accountability): who asked (NULL
-- when the person did it themselves), for whom, and why. subject_id is a plain number, not a
-- foreign key, so that the record of an erasure outlives the account it erased; it holds no
-- e-mail, name or address.
CREATE TABLE privacy_audit (
  id {{ID}},
  actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  subject_id BIGINT NOT NULL,
  action TEXT NOT NULL,            -- export, erase
  reason TEXT NOT NULL,            -- an administrator's reason; empty when the person acted
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX privacy_audit_subject ON privacy_audit (subject_id, id);
