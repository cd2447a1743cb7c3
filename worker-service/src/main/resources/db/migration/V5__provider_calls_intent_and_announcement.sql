-- A call is recorded as 'started' before it is made and completed after, so a worker that dies during a call leaves
-- a row saying a call may have been billed. A failure says whether the job goes on (retryable) and why, and the
-- moment the job's final event was published is kept: a redelivered job announces only what was never announced.
alter table worker.provider_calls drop constraint provider_calls_outcome_check;
alter table worker.provider_calls
    add constraint provider_calls_outcome_check check (outcome in ('started', 'succeeded', 'failed')),
    add column retryable     boolean,
    add column error_message text,
    add column announced_at  timestamptz;
