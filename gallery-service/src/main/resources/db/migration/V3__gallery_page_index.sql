-- The gallery's order with its tie-breaker, so a page's ids come from an index-only scan however deep it is.
drop index gallery.images_user_created_idx;
create index images_user_created_id_idx on gallery.images (user_id, created_at desc, id desc);
