-- How many failed sign-ins the lockout keeps (all names and clients).
SELECT count(*) FROM auth_failures
