-- Bound the failures: drop those past the window and all but the newest keep rows.
DELETE FROM auth_failures WHERE at < %(oldest)s OR id <= %(newest_id)s - %(keep)s
