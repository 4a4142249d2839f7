-- Linking an identity provider from the profile: the sign-in state remembers whose account
-- the identity goes to, and the callback links it only while that person is still signed in.
ALTER TABLE sso_states ADD COLUMN link_user_id BIGINT REFERENCES users (id) ON DELETE CASCADE;
