-- Chat threads; their messages arrive with the /image command.
CREATE TABLE threads (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL,
    title      text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX threads_user_updated_idx ON threads (user_id, updated_at DESC);
