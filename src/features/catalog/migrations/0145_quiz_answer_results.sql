-- How each question went in each quiz attempt, written with the attempt. The course report
-- used to re-score every first attempt from its stored answers on every view (10,000 JSON
-- documents for a course with 10,000 people); it now sums these rows through the index below.
-- The result is the one the person was given at the time, even if the question is edited later.
CREATE TABLE quiz_answer_results (
  attempt_id BIGINT NOT NULL REFERENCES quiz_attempts (id) ON DELETE CASCADE,
  question_id BIGINT NOT NULL REFERENCES quiz_questions (id) ON DELETE CASCADE,
  lesson_id BIGINT NOT NULL,
  first_attempt INTEGER NOT NULL,  -- 1 when the attempt is the person's first at this quiz
  answered INTEGER NOT NULL,
  correct INTEGER NOT NULL,
  PRIMARY KEY (attempt_id, question_id)
);
CREATE INDEX quiz_answer_results_report ON quiz_answer_results (lesson_id, first_attempt, question_id, answered, correct);
CREATE INDEX quiz_answer_results_question ON quiz_answer_results (question_id);

-- Attempts stored before this table existed have no rows in it yet: a background job
-- (catalog.score_attempts) scores them from their answers; until then the report scores
-- them itself, as before.
ALTER TABLE quiz_attempts ADD COLUMN results_stored INTEGER NOT NULL DEFAULT 0;
CREATE INDEX quiz_attempts_unscored ON quiz_attempts (lesson_id) WHERE results_stored = 0;
