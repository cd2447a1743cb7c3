-- A call makes n images in one format and is billed by tokens: the ledger keeps what was rendered and the token
-- counts beside the dollars, so a redelivered job is announced again exactly as it was (claim keys, content type,
-- usage) without a second call. Token prices need six decimals.
alter table worker.provider_calls
    alter column cost type numeric(14, 6),
    add column images              integer not null default 1,
    add column content_type        varchar(64),
    add column size                varchar(32),
    add column quality             varchar(32),
    add column input_text_tokens   bigint,
    add column input_image_tokens  bigint,
    add column cached_text_tokens  bigint,
    add column cached_image_tokens bigint,
    add column output_image_tokens bigint,
    add column output_text_tokens  bigint;
