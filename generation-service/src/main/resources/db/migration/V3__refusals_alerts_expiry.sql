-- Submits refused for a limit, so the admin report shows who keeps hitting theirs.
CREATE TABLE quota_refusals (
    id          uuid PRIMARY KEY,
    user_id     uuid        NOT NULL,
    limit_name  text        NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE INDEX quota_refusals_created_idx ON quota_refusals (created_at);

-- One spend alert per user per month (UTC), so replicas and restarts never raise it twice.
CREATE TABLE spend_alerts (
    user_id        uuid           NOT NULL,
    month          text           NOT NULL,
    spend          numeric(10, 4) NOT NULL,
    monthly_limit  numeric(10, 4) NOT NULL,
    created_at     timestamptz    NOT NULL,
    PRIMARY KEY (user_id, month)
);

-- The expiry sweep and the outstanding-reservations gauge read only reservations.
CREATE INDEX charges_reserved_idx ON charges (created_at) WHERE state = 'RESERVED';
