-- The learning catalogue: courses of modules of lessons (video, text, quiz), enrolment,
-- progress that resumes, and every quiz attempt.

CREATE TABLE courses (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  translation_of BIGINT REFERENCES courses (id) ON DELETE SET NULL,  -- the original of a translation
  lang TEXT NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,           -- one paragraph, plain text (cards, JSON-LD)
  description TEXT NOT NULL,       -- Markdown
  outcomes TEXT NOT NULL,          -- one learning outcome per line
  level TEXT NOT NULL,             -- foundation, intermediate, advanced, highly_specialised (DigComp 2.2 bands)
  audience TEXT NOT NULL,          -- all, citizen, business, public_staff
  open_access INTEGER NOT NULL DEFAULT 0,  -- may be taken without enrolling
  published INTEGER NOT NULL DEFAULT 0,
  published_at BIGINT,
  created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX courses_catalogue ON courses (published, lang, level);
CREATE INDEX courses_org ON courses (org_id);
CREATE INDEX courses_translation ON courses (translation_of);

-- DigComp competences a course develops, by code ("1.1" ... "5.4"); the area is the prefix.
CREATE TABLE course_competences (
  course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  competence TEXT NOT NULL,
  PRIMARY KEY (course_id, competence)
);
CREATE INDEX course_competences_code ON course_competences (competence);

CREATE TABLE course_modules (
  id {{ID}},
  course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  title TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX course_modules_course ON course_modules (course_id, position);

CREATE TABLE lessons (
  id {{ID}},
  course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  module_id BIGINT NOT NULL REFERENCES course_modules (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,              -- video, text, quiz
  title TEXT NOT NULL,
  body TEXT NOT NULL,              -- Markdown: the text lesson, or an introduction
  minutes INTEGER NOT NULL DEFAULT 5,  -- estimated time
  allow_download INTEGER NOT NULL DEFAULT 0,  -- video: offer a download link
  transcript TEXT NOT NULL DEFAULT '',
  pass_mark INTEGER NOT NULL DEFAULT 70,   -- quiz: percent needed to pass
  max_attempts INTEGER NOT NULL DEFAULT 0, -- quiz: 0 = unlimited
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX lessons_module ON lessons (module_id, position);
CREATE INDEX lessons_course ON lessons (course_id);

-- WebVTT captions of a video lesson, one file per language.
CREATE TABLE lesson_captions (
  lesson_id BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
  lang TEXT NOT NULL,
  vtt TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (lesson_id, lang)
);

CREATE TABLE quiz_questions (
  id {{ID}},
  lesson_id BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,              -- single, multiple, true_false, short, ordering
  prompt TEXT NOT NULL,
  feedback TEXT NOT NULL DEFAULT '',  -- explanation shown after answering
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX quiz_questions_lesson ON quiz_questions (lesson_id, position);

-- Choices (single, multiple, true_false), accepted answers (short) or items in their right
-- order (ordering).
CREATE TABLE quiz_options (
  id {{ID}},
  question_id BIGINT NOT NULL REFERENCES quiz_questions (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  text TEXT NOT NULL,
  correct INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX quiz_options_question ON quiz_options (question_id, position);

CREATE TABLE enrolments (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  last_lesson_id BIGINT,
  completed_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, course_id)
);
CREATE INDEX enrolments_course ON enrolments (course_id);

-- Where a person is in each lesson: the playback position of a video (resumed on any
-- device) and when the lesson was completed.
CREATE TABLE lesson_progress (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  lesson_id BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
  course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  position_seconds DOUBLE PRECISION NOT NULL DEFAULT 0,
  completed_at BIGINT,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, lesson_id)
);
CREATE INDEX lesson_progress_course ON lesson_progress (user_id, course_id);

-- Every attempt is kept; the best score counts.
CREATE TABLE quiz_attempts (
  id {{ID}},
  lesson_id BIGINT NOT NULL REFERENCES lessons (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  answers TEXT NOT NULL,           -- JSON: question id -> the answer given
  score INTEGER NOT NULL,          -- percent, computed by the server
  passed INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (lesson_id, user_id, number)
);
CREATE INDEX quiz_attempts_user ON quiz_attempts (user_id, lesson_id);
