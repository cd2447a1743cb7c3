-- One row per user who ever asked for an image: the lock that serialises their reservations across
-- replicas, and their limit overrides (null = the configured default).
CREATE TABLE quota_accounts (
    user_id       uuid PRIMARY KEY,
    daily_images  integer,
    monthly_cost  numeric(10, 4),
    CONSTRAINT quota_accounts_daily_check CHECK (daily_images IS NULL OR daily_images >= 0),
    CONSTRAINT quota_accounts_monthly_check CHECK (monthly_cost IS NULL OR monthly_cost >= 0)
);

-- One charge per accepted job: reserved at intake, settled to the real price or released.
CREATE TABLE charges (
    job_id      uuid PRIMARY KEY,
    user_id     uuid           NOT NULL,
    amount      numeric(10, 4) NOT NULL,
    state       text           NOT NULL,
    created_at  timestamptz    NOT NULL,
    updated_at  timestamptz    NOT NULL,
    CONSTRAINT charges_state_check CHECK (state IN ('RESERVED', 'SETTLED', 'RELEASED'))
);

CREATE INDEX charges_user_created_idx ON charges (user_id, created_at);

-- A client's Idempotency-Key for POST /images/generate: the body it came with and the job it made.
CREATE TABLE idempotency_keys (
    user_id       uuid        NOT NULL,
    key           text        NOT NULL,
    request_hash  text        NOT NULL,
    job_id        uuid        NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (user_id, key)
);

-- Prompts the content filter refused, for the admin.
CREATE TABLE content_refusals (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL,
    prompt      text        NOT NULL,
    matched     text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE INDEX content_refusals_created_idx ON content_refusals (created_at DESC);
