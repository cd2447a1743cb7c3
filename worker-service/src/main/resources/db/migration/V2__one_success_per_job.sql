-- At most one paid image per job: a second worker that rendered the same job (it took over a stalled
-- claim) cannot record its result, so its delivery fails and is answered from the first one's.
create unique index provider_calls_one_success on worker.provider_calls (job_id) where outcome = 'succeeded';
