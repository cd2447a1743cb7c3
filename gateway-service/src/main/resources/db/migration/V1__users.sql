CREATE TABLE gateway.users (
    id            uuid PRIMARY KEY,
    email         text        NOT NULL UNIQUE,
    password_hash text        NOT NULL,
    roles         text        NOT NULL,
    created_at    timestamptz NOT NULL
);
