-- A course card's figures kept on the course row: the number of lessons, their minutes, the
-- kinds of lesson and the competences, each list sorted and comma-separated. They are
-- recounted by every write to a course's lessons or competences (store::refresh_card), so a
-- page of cards reads its courses without counting them per card (decision note 0038).
ALTER TABLE courses ADD COLUMN card_lessons INTEGER NOT NULL DEFAULT 0;
ALTER TABLE courses ADD COLUMN card_minutes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE courses ADD COLUMN card_kinds TEXT NOT NULL DEFAULT '';
ALTER TABLE courses ADD COLUMN card_competences TEXT NOT NULL DEFAULT '';
UPDATE courses SET
  card_lessons = (SELECT COUNT(*) FROM lessons l WHERE l.course_id = courses.id),
  card_minutes = (SELECT COALESCE(SUM(l.minutes), 0) FROM lessons l WHERE l.course_id = courses.id);
--@sqlite
UPDATE courses SET
  card_kinds = COALESCE((SELECT group_concat(v, ',') FROM
                 (SELECT DISTINCT l.kind AS v FROM lessons l WHERE l.course_id = courses.id ORDER BY 1)), ''),
  card_competences = COALESCE((SELECT group_concat(v, ',') FROM
                 (SELECT DISTINCT k.competence AS v FROM course_competences k WHERE k.course_id = courses.id ORDER BY 1)), '');
--@postgres
UPDATE courses SET
  card_kinds = COALESCE((SELECT string_agg(DISTINCT l.kind, ',' ORDER BY l.kind) FROM lessons l
                         WHERE l.course_id = courses.id), ''),
  card_competences = COALESCE((SELECT string_agg(DISTINCT k.competence, ',' ORDER BY k.competence)
                               FROM course_competences k WHERE k.course_id = courses.id), '');
--@end
