-- What users and share-link visitors report about an image, for the admins to act on. No foreign key to
-- the image: a report outlives the image an admin removed, as the record of why it went.
create table gallery.image_reports (
    id          uuid primary key,
    image_id    uuid          not null,
    -- The image's owner when it was reported, so the report can be erased with the owner's account.
    owner_id    uuid          not null,
    -- Null for a visitor of a share link who was not logged in.
    reporter_id uuid,
    reason      varchar(16)   not null
        check (reason in ('sexual', 'violence', 'hate', 'self_harm', 'illegal', 'other')),
    note        varchar(1000),
    status      varchar(16)   not null default 'open' check (status in ('open', 'resolved')),
    action      varchar(16)   check (action in ('dismiss', 'remove_image')),
    resolved_by uuid,
    resolved_at timestamptz,
    created_at  timestamptz   not null default now()
);

-- One open report per image and reporter; anonymous visitors count as one reporter, so a link passed
-- around cannot flood the admins' list.
create unique index image_reports_one_open_idx on gallery.image_reports (image_id, reporter_id) nulls not distinct
    where status = 'open';
-- The admins' list: one status, newest first.
create index image_reports_status_created_idx on gallery.image_reports (status, created_at desc, id desc);
create index image_reports_owner_idx on gallery.image_reports (owner_id);
create index image_reports_reporter_idx on gallery.image_reports (reporter_id);
