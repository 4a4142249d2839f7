-- An organisation's people a page at a time (the API's /api/v1/people, the members report):
-- those who chose it in their profile and those with a role in it, each in id order from an
-- index, instead of reading every account.
CREATE INDEX users_org ON users (org_id, id);
CREATE INDEX memberships_org_user ON memberships (org_id, user_id);
