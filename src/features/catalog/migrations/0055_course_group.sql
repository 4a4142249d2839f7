-- The translation group of a course (its original's id, or its own), stored so that the
-- catalogue picks one card per group with index look-ups instead of scanning every course.
ALTER TABLE courses ADD COLUMN group_id BIGINT;
UPDATE courses SET group_id = COALESCE(translation_of, id);
CREATE INDEX courses_group ON courses (group_id, published, lang);
-- Cards sum each course's lessons by kind: a covering index answers that without reading the
-- lesson texts.
DROP INDEX lessons_course;
CREATE INDEX lessons_course ON lessons (course_id, kind, minutes);
