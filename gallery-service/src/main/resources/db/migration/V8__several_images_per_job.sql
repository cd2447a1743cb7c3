-- A job may make several images (n): each is one row, numbered from 0 in the order the provider returned them.
-- Existing rows are their job's only image, index 0. Unique per (job, index), so a redelivered event never
-- stores an image twice.
alter table gallery.images
    add column image_index integer not null default 0 check (image_index >= 0),
    drop constraint images_job_id_key,
    add constraint images_job_id_image_index_key unique (job_id, image_index),
    -- The shut-down model the user asked for when the image was made by its replacement.
    add column requested_model varchar(100),
    -- The background the user asked for (transparent, opaque, auto).
    add column background      varchar(32),
    -- Token-billed jobs cost fractions of a cent: as many decimals as the ledger keeps.
    alter column cost type numeric(12, 6);
