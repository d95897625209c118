-- Remove one user, inside the locked editing transaction.
DELETE FROM auth_users WHERE name = %(name)s
