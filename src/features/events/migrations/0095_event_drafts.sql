-- An event can be saved as a draft (status 'draft'): seen and previewed by its organisers only,
-- published later. published_at says when it was published; every event made before drafts
-- existed was published when it was made.
ALTER TABLE events ADD COLUMN published_at BIGINT;
UPDATE events SET published_at = created_at;
