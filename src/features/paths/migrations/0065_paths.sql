-- Learning paths: ordered steps that an organisation publishes, each one requirement or an
-- elective group ("2 of these 4") of requirements: a course completed, an event attended, a
-- level reached in a self-test area, another path completed. A path marked as a qualification
-- is awarded once per person, with its evidence (docs/decisions/0017-learning-paths.md).

CREATE TABLE paths (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  translation_of BIGINT REFERENCES paths (id) ON DELETE SET NULL,
  group_id BIGINT,                 -- the translation group: its original's id, or its own
  lang TEXT NOT NULL,
  title TEXT NOT NULL,
  summary TEXT NOT NULL,           -- one paragraph, plain text
  description TEXT NOT NULL,       -- Markdown
  audience TEXT NOT NULL,          -- all, citizen, business, public_staff
  level TEXT NOT NULL,             -- the DigComp band it brings a person to
  qualification INTEGER NOT NULL DEFAULT 0,
  published INTEGER NOT NULL DEFAULT 0,
  published_at BIGINT,
  created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX paths_list ON paths (published, lang);
CREATE INDEX paths_org ON paths (org_id);
CREATE INDEX paths_group ON paths (group_id, published, lang);

-- Organisations that issue a qualification together with the path's own organisation.
CREATE TABLE path_issuers (
  path_id BIGINT NOT NULL REFERENCES paths (id) ON DELETE CASCADE,
  org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  PRIMARY KEY (path_id, org_id)
);

CREATE TABLE path_steps (
  id {{ID}},
  path_id BIGINT NOT NULL REFERENCES paths (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',  -- a group's name ("Electives"); empty for a single requirement
  need INTEGER NOT NULL DEFAULT 1, -- how many of its requirements must be met
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX path_steps_path ON path_steps (path_id, position);

CREATE TABLE path_requirements (
  id {{ID}},
  step_id BIGINT NOT NULL REFERENCES path_steps (id) ON DELETE CASCADE,
  path_id BIGINT NOT NULL REFERENCES paths (id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind TEXT NOT NULL,              -- course, event, level, path
  course_id BIGINT REFERENCES courses (id) ON DELETE CASCADE,
  event_id BIGINT REFERENCES events (id) ON DELETE CASCADE,
  sub_path_id BIGINT REFERENCES paths (id) ON DELETE CASCADE,
  area TEXT NOT NULL DEFAULT '',   -- level: the self-test area code
  band TEXT NOT NULL DEFAULT '',   -- level: the band to reach in it
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX path_requirements_step ON path_requirements (step_id, position);
CREATE INDEX path_requirements_path ON path_requirements (path_id);
CREATE INDEX path_requirements_course ON path_requirements (course_id);
CREATE INDEX path_requirements_event ON path_requirements (event_id);
CREATE INDEX path_requirements_sub ON path_requirements (sub_path_id);

-- People who follow a path ("My learning" lists them; their progress is checked when what
-- they achieve changes).
CREATE TABLE path_followers (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  path_id BIGINT NOT NULL REFERENCES paths (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, path_id)
);
CREATE INDEX path_followers_path ON path_followers (path_id);

-- A step a person met, recorded when it was met: a later change to the path (a course swapped,
-- a group made harder) never takes it away.
CREATE TABLE path_step_records (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  step_id BIGINT NOT NULL REFERENCES path_steps (id) ON DELETE CASCADE,
  evidence TEXT NOT NULL,          -- JSON: what met it
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, step_id)
);

-- A completed path, once per person and translation group (the primary key holds that on
-- every node, however many completions race), with the evidence that completed it.
CREATE TABLE path_completions (
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  group_id BIGINT NOT NULL,
  path_id BIGINT REFERENCES paths (id) ON DELETE SET NULL,  -- kept when the path is deleted
  qualification INTEGER NOT NULL,
  title TEXT NOT NULL,             -- as it was when completed
  evidence TEXT NOT NULL,          -- JSON: every step and what met it
  completed_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, group_id)
);
CREATE INDEX path_completions_path ON path_completions (path_id, completed_at);
