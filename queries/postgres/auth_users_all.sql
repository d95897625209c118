-- Every user, for sensus.auth.users.load_all.
SELECT name, roles, kecamatan, kabupaten, hash, sessions_since, email, unlocked_at FROM auth_users ORDER BY name
