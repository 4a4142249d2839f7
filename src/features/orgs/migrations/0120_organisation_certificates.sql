-- What an organisation puts on the certificates it issues: its logo (an image in the media
-- store, PNG or JPEG) and a signatory, whose name shows under a signature line with a role
-- given per language. Awards copy them when issued, so a later change never alters a
-- certificate already given (decision note 0022).
ALTER TABLE organisations ADD COLUMN logo_id BIGINT REFERENCES media (id) ON DELETE SET NULL;
ALTER TABLE organisations ADD COLUMN signatory_name TEXT NOT NULL DEFAULT '';

CREATE TABLE organisation_signatory_roles (
  org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  lang TEXT NOT NULL,
  role TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, lang)
);

-- Every logo an organisation has had: the public logo address of an older certificate or
-- credential keeps showing the logo it was issued with.
CREATE TABLE organisation_logos (
  org_id BIGINT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  media_id BIGINT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (org_id, media_id)
);
