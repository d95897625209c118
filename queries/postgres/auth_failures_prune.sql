-- auth_failures_prune: Bound the failures: drop those past the window and all but the newest keep rows.
-- params: keep, newest_id, oldest
DELETE FROM auth_failures WHERE at < %(oldest)s OR id <= %(newest_id)s - %(keep)s
