-- A category's name and description in other languages. The category's own name and
-- description stay the fallback for a language without a translation (or a blank field).
CREATE TABLE forum_category_translations (
  id {{ID}},
  category_id BIGINT NOT NULL REFERENCES forum_categories (id) ON DELETE CASCADE,
  lang TEXT NOT NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (category_id, lang)
);
