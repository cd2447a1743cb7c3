-- Messages of a thread; they go with their thread (images stay in the gallery, which owns them).
CREATE TABLE messages (
    id             uuid PRIMARY KEY,
    -- Insertion order, so messages posted in the same instant still list in the order they were posted.
    position       bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    thread_id      uuid        NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
    user_id        uuid        NOT NULL,
    role           text        NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
    content        text        NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    -- An /image reply follows its generation job; one message per job.
    task_id        uuid UNIQUE,
    prompt         text,
    status         text CHECK (status IN ('pending', 'completed', 'failed')),
    stage          text,
    progress       integer,
    last_seq       integer,
    image_id       uuid,
    image_url      text,
    thumbnail_url  text,
    revised_prompt text,
    image_size     text,
    cost           numeric(12, 4),
    error_code     text
);

CREATE INDEX messages_thread_position_idx ON messages (thread_id, position);
