-- auth_users_all: Every user, for sensus.auth.users.load_all.
-- params: none
SELECT name, roles, kecamatan, kabupaten, hash, sessions_since, email, unlocked_at FROM auth_users ORDER BY name
