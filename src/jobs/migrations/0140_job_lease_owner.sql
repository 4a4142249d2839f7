-- Which runner holds a job's lease: a runner renews only its own lease while the job runs and
-- records the result only while the lease is still its own, so a job taken over from a node
-- that stopped answering is never marked done by the node that lost it.
ALTER TABLE jobs ADD COLUMN lease_owner TEXT;
