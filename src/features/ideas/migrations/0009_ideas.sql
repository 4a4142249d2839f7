-- Idea proposals from citizens, businesses and administrations, addressed to an organisation.
CREATE TABLE ideas (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  lang TEXT NOT NULL,
  title TEXT NOT NULL,
  body TEXT NOT NULL,              -- Markdown
  status TEXT NOT NULL,            -- under_review, accepted, in_progress, done, not_pursued
  status_note TEXT,                -- the organisation's public explanation
  supports INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX ideas_org ON ideas (org_id, status);

-- One support per person and idea; the primary key holds that even under concurrent clicks.
CREATE TABLE idea_supports (
  idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (idea_id, user_id)
);

CREATE TABLE idea_comments (
  id {{ID}},
  idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
  author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX idea_comments_idea ON idea_comments (idea_id, id);

-- Every status change: who, when, why. Shown publicly as the idea's history.
CREATE TABLE idea_status_log (
  id {{ID}},
  idea_id BIGINT NOT NULL REFERENCES ideas (id) ON DELETE CASCADE,
  actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  status TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
