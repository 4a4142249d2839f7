-- Good practices: structured case studies submitted for an organisation, public once one of
-- its moderators (or a platform admin) approves them.
CREATE TABLE practices (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  lang TEXT NOT NULL,
  title TEXT NOT NULL,
  problem TEXT NOT NULL,           -- Markdown
  actions TEXT NOT NULL,           -- Markdown: what was done
  results TEXT NOT NULL,           -- Markdown
  figures TEXT NOT NULL,           -- key figures, one per line
  lessons TEXT NOT NULL,           -- Markdown
  cost_band TEXT NOT NULL,
  effort_band TEXT NOT NULL,
  size_band TEXT NOT NULL,         -- municipality size
  country TEXT NOT NULL,           -- ISO 3166-1 alpha-2
  contact_name TEXT NOT NULL,
  contact_email TEXT NOT NULL,
  status TEXT NOT NULL,            -- pending, published, rejected
  moderation_note TEXT NOT NULL,   -- the last moderator's reason, shown to the author
  did_too INTEGER NOT NULL DEFAULT 0,
  published_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX practices_status ON practices (status, published_at);

-- DigComp 2.2 competence areas 1-5.
CREATE TABLE practice_areas (
  practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  area INTEGER NOT NULL,
  PRIMARY KEY (practice_id, area)
);
CREATE INDEX practice_areas_area ON practice_areas (area);

CREATE TABLE practice_themes (
  practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  theme TEXT NOT NULL,
  PRIMARY KEY (practice_id, theme)
);
CREATE INDEX practice_themes_theme ON practice_themes (theme);

-- "We did this too": once per person and practice, held by the primary key.
CREATE TABLE practice_did_too (
  practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (practice_id, user_id)
);

CREATE TABLE practice_comments (
  id {{ID}},
  practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX practice_comments_practice ON practice_comments (practice_id, id);

-- Every moderation decision: who, what, why.
CREATE TABLE practice_moderation_log (
  id {{ID}},
  practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  action TEXT NOT NULL,            -- approve, reject
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL
);

CREATE TABLE practice_attachments (
  practice_id BIGINT NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
  media_id BIGINT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (practice_id, media_id)
);
