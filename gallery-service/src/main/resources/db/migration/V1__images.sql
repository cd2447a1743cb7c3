-- One stored image per job: bytes, thumbnail and the generation's metadata.
create table gallery.images (
    id              uuid primary key,
    user_id         uuid          not null,
    job_id          uuid          not null unique,
    thread_id       uuid,
    original_prompt text,
    revised_prompt  text,
    model           varchar(100),
    size            varchar(32),
    quality         varchar(32),
    style           varchar(32),
    cost            numeric(10, 4),
    content         bytea         not null,
    content_type    varchar(100)  not null,
    width           integer       not null,
    height          integer       not null,
    byte_size       integer       not null,
    thumbnail       bytea         not null,
    thumbnail_type  varchar(100)  not null,
    created_at      timestamptz   not null default now()
);

-- The gallery lists a user's images newest first.
create index images_user_created_idx on gallery.images (user_id, created_at desc);
