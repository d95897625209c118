-- auth_users_delete: Remove one user, inside the locked editing transaction.
-- params: name
DELETE FROM auth_users WHERE name = %(name)s
