-- auth_failures_count: How many failed sign-ins the lockout keeps (all names and clients).
-- params: none
SELECT count(*) FROM auth_failures
