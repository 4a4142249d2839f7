-- Images that authors upload for a course's pages and lessons (Markdown refers to them by URL).
CREATE TABLE course_images (
  course_id BIGINT NOT NULL REFERENCES courses (id) ON DELETE CASCADE,
  media_id BIGINT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (course_id, media_id)
);
