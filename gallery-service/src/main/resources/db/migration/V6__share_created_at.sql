-- When the live share link was made, so the image's metadata can say since when it is shared.
alter table gallery.images add column share_created_at timestamptz;
-- Links made before this column existed get the migration's time: they were made no later than that.
update gallery.images set share_created_at = now() where share_token is not null;
alter table gallery.images add constraint images_share_created_at_check
    check ((share_token is null) = (share_created_at is null));
