-- Today's image models: every option a job runs with, the shut-down model it was asked for, and all its images.
ALTER TABLE jobs
    ADD COLUMN requested_model    text,
    ADD COLUMN style_hint         text,
    ADD COLUMN n                  integer NOT NULL DEFAULT 1,
    ADD COLUMN background         text,
    ADD COLUMN output_format      text,
    ADD COLUMN output_compression integer,
    ADD COLUMN moderation         text,
    -- JSON array of {image_id, image_url, thumbnail_url}, from the stored event
    ADD COLUMN stored_images      text,
    ADD CONSTRAINT jobs_n_check CHECK (n >= 1),
    ADD CONSTRAINT jobs_output_compression_check CHECK (output_compression BETWEEN 0 AND 100);

-- Token prices need six decimals wherever money is kept (limits keep theirs).
ALTER TABLE jobs ALTER COLUMN cost TYPE numeric(12, 6);
ALTER TABLE spend_alerts ALTER COLUMN spend TYPE numeric(12, 6);

-- A charge holds every image of its job against the daily limit, and keeps the tokens the provider billed
-- beside the dollars (NULL for per-image models). cached_tokens are part of the input counts.
ALTER TABLE charges
    ALTER COLUMN amount TYPE numeric(12, 6),
    ADD COLUMN images              integer NOT NULL DEFAULT 1,
    ADD COLUMN input_text_tokens   bigint,
    ADD COLUMN input_image_tokens  bigint,
    ADD COLUMN cached_tokens       bigint,
    ADD COLUMN output_image_tokens bigint,
    ADD COLUMN output_text_tokens  bigint,
    ADD CONSTRAINT charges_images_check CHECK (images >= 1);
