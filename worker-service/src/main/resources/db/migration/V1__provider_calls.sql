-- One row per call to an image provider: the worker's record of money spent.
create table worker.provider_calls (
    id             uuid primary key,
    job_id         uuid           not null,
    attempt        integer        not null,
    provider       varchar(32)    not null,
    model          varchar(64)    not null,
    outcome        varchar(16)    not null check (outcome in ('succeeded', 'failed')),
    error_code     varchar(64),
    revised_prompt text,
    cost           numeric(12, 4) not null,
    duration_ms    bigint         not null,
    created_at     timestamptz    not null default now()
);

create index provider_calls_job_id on worker.provider_calls (job_id);
