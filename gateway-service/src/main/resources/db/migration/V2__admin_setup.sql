-- The one-time token that makes the first admin: only its SHA-256 is kept, never the token itself.
-- A single row (id 1): a new token replaces the pending one; used_at marks it spent.
CREATE TABLE gateway.admin_setup (
    id         smallint    PRIMARY KEY CHECK (id = 1),
    token_hash text        NOT NULL,
    created_at timestamptz NOT NULL,
    used_at    timestamptz,
    used_by    uuid
);
