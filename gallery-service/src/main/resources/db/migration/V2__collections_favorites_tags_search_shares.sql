-- Favourites, tags and share links live on the image: one of each per image.
alter table gallery.images
    add column favorite    boolean     not null default false,
    add column tags        text[]      not null default '{}',
    add column share_token varchar(64) unique,
    -- Full-text search over both prompts; English stemming matches "puppies" to "puppy".
    add column search      tsvector generated always as (
        setweight(to_tsvector('english', coalesce(original_prompt, '')), 'A')
        || setweight(to_tsvector('english', coalesce(revised_prompt, '')), 'B')) stored;

create index images_search_idx on gallery.images using gin (search);
create index images_tags_idx on gallery.images using gin (tags);
-- The retention job looks for old images across all users.
create index images_created_idx on gallery.images (created_at);

create table gallery.collections (
    id          uuid primary key,
    user_id     uuid         not null,
    name        varchar(100) not null,
    description text,
    created_at  timestamptz  not null default now(),
    updated_at  timestamptz  not null default now()
);

-- A name is unique per user, whatever its case.
create unique index collections_user_name_idx on gallery.collections (user_id, lower(name));

create table gallery.collection_images (
    collection_id uuid        not null references gallery.collections (id) on delete cascade,
    image_id      uuid        not null references gallery.images (id) on delete cascade,
    added_at      timestamptz not null default now(),
    primary key (collection_id, image_id)
);

create index collection_images_image_idx on gallery.collection_images (image_id);
