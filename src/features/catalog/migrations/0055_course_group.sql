-- The translation group of a course (its original's id, or its own), stored so that the
-- catalogue picks one card per group with index look-ups instead of scanning every course.
ALTER TABLE courses ADD COLUMN group_id BIGINT;
UPDATE courses SET group_id = COALESCE(translation_of, id);
CREATE INDEX courses_group ON courses (group_id, published, lang);
