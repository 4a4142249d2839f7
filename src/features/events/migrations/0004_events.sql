CREATE TABLE events (
  id {{ID}},
  org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,            -- webinar, open_talk, bootcamp, in_person
  title TEXT NOT NULL,
  summary TEXT NOT NULL,
  description TEXT NOT NULL,
  lang TEXT NOT NULL,
  theme TEXT NOT NULL,           -- DigComp 2.2 competence area
  audience TEXT NOT NULL,        -- everyone, citizen, business, public_staff
  age_group TEXT NOT NULL,       -- all, young, adults, over_65
  starts_at BIGINT NOT NULL,     -- UTC seconds
  ends_at BIGINT NOT NULL,
  time_zone TEXT NOT NULL,       -- IANA zone the organiser planned in
  online INTEGER NOT NULL,
  join_url TEXT,                 -- shown to registered people only
  venue TEXT,
  address TEXT,
  speakers TEXT,
  capacity INTEGER NOT NULL,
  status TEXT NOT NULL,          -- published, cancelled
  cancel_reason TEXT,
  uid TEXT NOT NULL UNIQUE,      -- iCalendar UID, never changes
  sequence INTEGER NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users (id) ON DELETE SET NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX events_upcoming ON events (status, starts_at);
CREATE INDEX events_org ON events (org_id, starts_at);

CREATE TABLE registrations (
  id {{ID}},
  event_id BIGINT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  status TEXT NOT NULL,          -- confirmed, waitlisted, cancelled
  queue_seq BIGINT NOT NULL,     -- arrival order within the event (waiting list order)
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (event_id, user_id)
);
CREATE INDEX registrations_queue ON registrations (event_id, status, queue_seq);
CREATE INDEX registrations_user ON registrations (user_id, status);

-- A private, revocable calendar feed of the events a person is registered for.
CREATE TABLE calendar_feeds (
  user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
