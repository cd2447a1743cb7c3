-- Whose job a call was for, so a deleted user's calls can be anonymised. Null for calls recorded before this
-- column existed, and after the user was erased.
alter table worker.provider_calls add column user_id uuid;

create index provider_calls_user_id on worker.provider_calls (user_id) where user_id is not null;
