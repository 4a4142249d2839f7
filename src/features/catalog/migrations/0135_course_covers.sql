-- A course's cover picture: one of its images, shown on the catalogue's cards and the course
-- page, with its description for people who cannot see it (in the course's language, since
-- each language version is its own course row).
ALTER TABLE courses ADD COLUMN cover_media_id BIGINT REFERENCES media (id) ON DELETE SET NULL;
ALTER TABLE courses ADD COLUMN cover_alt TEXT NOT NULL DEFAULT '';
