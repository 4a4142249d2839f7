-- The course report counts each person's completed lessons in one course. lesson_progress was
-- indexed by person only (user_id, course_id), so that count read every progress row of the
-- platform (1M rows: a full scan per report). This index answers it from the course's rows
-- alone, without touching the table.
CREATE INDEX lesson_progress_by_course ON lesson_progress (course_id, user_id, completed_at);
