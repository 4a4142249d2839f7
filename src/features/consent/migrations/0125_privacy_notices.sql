-- The privacy notice (GDPR art. 13) as administrators write it, per language, in Markdown.
-- Published versions are never changed or deleted, so that what a person accepted stays
-- readable with its date; a new version is a new row (its id orders publications across
-- languages). A language has at most one draft, kept until it is published.
CREATE TABLE privacy_notices (
  id {{ID}},
  lang TEXT NOT NULL,
  version INTEGER NOT NULL,
  body TEXT NOT NULL,
  published_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  published_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (lang, version)
);

CREATE TABLE privacy_notice_drafts (
  lang TEXT PRIMARY KEY,
  body TEXT NOT NULL,
  updated_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

-- Which notice a person accepted at sign-up or acknowledged at a later sign-in, and when (the
-- proof GDPR art. 7(1) and 13 ask for). notice_id NULL: the built-in notice, before the
-- administrators published one. Append-only; erasing the account deletes its rows.
CREATE TABLE privacy_acceptances (
  id {{ID}},
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  notice_id BIGINT REFERENCES privacy_notices (id),
  how TEXT NOT NULL,               -- signup, acknowledged
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX privacy_acceptances_user ON privacy_acceptances (user_id, notice_id);
