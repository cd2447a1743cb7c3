-- Outbox: when the job's entry was written to the jobs stream. NULL until then, so a job committed by a replica
-- that died before its XADD is found and queued by the reconciler. Jobs from before this column were queued.
ALTER TABLE jobs ADD COLUMN enqueued_at timestamptz;
UPDATE jobs SET enqueued_at = created_at;

CREATE INDEX jobs_unenqueued_idx ON jobs (created_at) WHERE enqueued_at IS NULL;
