-- A job of several images (n > 1): every one, in order, as a JSON array of {image_id, image_url, thumbnail_url};
-- null for a single image, which image_id and its urls hold as before.
ALTER TABLE messages ADD COLUMN images text;
-- Token-billed models cost fractions of a cent: keep the six decimals the ledger keeps.
ALTER TABLE messages ALTER COLUMN cost TYPE numeric(14, 6);
