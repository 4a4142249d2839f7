CREATE TABLE organisations (
  id {{ID}},
  name TEXT NOT NULL,
  slug TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,            -- city, partner, business, school, association
  country TEXT NOT NULL,         -- ISO 3166-1 alpha-2
  website TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
