-- One row per accepted job: the record of its state; the streams only deliver.
CREATE TABLE jobs (
    id              uuid PRIMARY KEY,
    user_id         uuid         NOT NULL,
    thread_id       uuid,
    prompt          text         NOT NULL,
    model           text         NOT NULL,
    size            text         NOT NULL,
    quality         text,
    style           text,
    status          text         NOT NULL,
    stage           text         NOT NULL,
    progress        integer      NOT NULL DEFAULT 0,
    attempt         integer      NOT NULL DEFAULT 1,
    last_seq        integer      NOT NULL DEFAULT 0,
    revised_prompt  text,
    generated_model text,
    cost            numeric(10, 4),
    image_id        uuid,
    image_url       text,
    thumbnail_url   text,
    error_code      text,
    error_message   text,
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    CONSTRAINT jobs_status_check CHECK (status IN ('QUEUED', 'RUNNING', 'GENERATED', 'COMPLETED', 'FAILED', 'CANCELLED')),
    CONSTRAINT jobs_progress_check CHECK (progress BETWEEN 0 AND 100)
);

CREATE INDEX jobs_user_created_idx ON jobs (user_id, created_at DESC);
