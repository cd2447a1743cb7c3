-- What an admin needs to judge a report, copied from the image when the report is filed, so the report still
-- says what it was about after the image is removed. A prompt is personal data: erasing the image's owner
-- clears prompt, revised_prompt and owner_id (the reason, note, model, dates and the decision stay).
alter table gallery.image_reports
    add column prompt           text,
    add column revised_prompt   text,
    add column model            varchar(100),
    add column image_created_at timestamptz,
    -- The reporter deleted their account: reporter_id is null, but this was no anonymous visitor.
    add column reporter_erased  boolean not null default false;
alter table gallery.image_reports alter column owner_id drop not null;

-- Reports filed before this migration: the snapshot of images that still exist.
update gallery.image_reports r
set prompt = i.original_prompt, revised_prompt = i.revised_prompt, model = i.model, image_created_at = i.created_at
from gallery.images i
where i.id = r.image_id;

-- Still one open report per image and reporter, anonymous visitors counting as one; reporters who deleted
-- their account are left out, so their open reports stay beside an anonymous one instead of colliding with it.
drop index gallery.image_reports_one_open_idx;
create unique index image_reports_one_open_idx on gallery.image_reports (image_id, reporter_id) nulls not distinct
    where status = 'open' and not reporter_erased;
