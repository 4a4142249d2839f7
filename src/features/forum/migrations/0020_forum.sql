-- Discussion forums: categories (optionally owned by an organisation whose moderators
-- moderate them), threads, and posts numbered per thread so that a page is a range of
-- `seq` on one index, however long the thread grows.
CREATE TABLE forum_categories (
  id {{ID}},
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  org_id BIGINT REFERENCES organisations (id) ON DELETE SET NULL,
  position INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE forum_threads (
  id {{ID}},
  category_id BIGINT NOT NULL REFERENCES forum_categories (id) ON DELETE CASCADE,
  author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  lang TEXT NOT NULL,
  title TEXT NOT NULL,
  last_seq BIGINT NOT NULL DEFAULT 0,      -- the highest post number given in this thread
  last_post_at BIGINT NOT NULL,
  pinned INTEGER NOT NULL DEFAULT 0,
  locked_at BIGINT,
  lock_reason TEXT,
  hidden_at BIGINT,
  hidden_reason TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX forum_threads_category ON forum_threads (category_id, pinned, last_post_at);

CREATE TABLE forum_posts (
  id {{ID}},
  thread_id BIGINT NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,                     -- 1 is the opening post
  author_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  body TEXT NOT NULL,                      -- Markdown
  edited_at BIGINT,
  hidden_at BIGINT,
  hidden_reason TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (thread_id, seq)
);

-- Every earlier text of an edited post, newest last.
CREATE TABLE forum_post_versions (
  id {{ID}},
  post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
  body TEXT NOT NULL,
  written_at BIGINT NOT NULL,              -- when this text was first shown
  created_at BIGINT NOT NULL
);
CREATE INDEX forum_post_versions_post ON forum_post_versions (post_id, id);

-- A unique handle per person for @mentions, given on first taking part in the forum.
CREATE TABLE forum_handles (
  user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  handle TEXT NOT NULL UNIQUE,             -- lower-case
  created_at BIGINT NOT NULL
);

CREATE TABLE forum_subscriptions (
  thread_id BIGINT NOT NULL REFERENCES forum_threads (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (thread_id, user_id)
);
CREATE INDEX forum_subscriptions_user ON forum_subscriptions (user_id);

CREATE TABLE forum_notifications (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                      -- mention
  post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
  actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  read_at BIGINT,
  created_at BIGINT NOT NULL,
  UNIQUE (user_id, kind, post_id)
);

-- One open report per person and post; a moderator resolves it (hide or dismiss).
CREATE TABLE forum_reports (
  id {{ID}},
  post_id BIGINT NOT NULL REFERENCES forum_posts (id) ON DELETE CASCADE,
  reporter_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  reason TEXT NOT NULL,
  resolved_at BIGINT,
  resolved_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX forum_reports_open ON forum_reports (resolved_at, id);
CREATE UNIQUE INDEX forum_reports_once ON forum_reports (post_id, reporter_id);

-- Every moderation action: who, on what, why.
CREATE TABLE forum_moderation_log (
  id {{ID}},
  category_id BIGINT REFERENCES forum_categories (id) ON DELETE SET NULL,
  thread_id BIGINT REFERENCES forum_threads (id) ON DELETE SET NULL,
  post_id BIGINT REFERENCES forum_posts (id) ON DELETE SET NULL,
  actor_id BIGINT REFERENCES users (id) ON DELETE SET NULL,
  action TEXT NOT NULL,                    -- hide_post, unhide_post, hide_thread, unhide_thread, lock, unlock, pin, unpin, move, dismiss_report
  reason TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX forum_moderation_log_category ON forum_moderation_log (category_id, id);
