-- Users whose account was deleted. A job of theirs still in flight may produce an image afterwards; intake
-- looks here and drops it instead of storing an image nobody owns. One small row per deleted account.
create table gallery.erased_users (
    user_id   uuid primary key,
    erased_at timestamptz not null default now()
);
