-- auth_users_upsert: Write one user whole (added or changed), inside the locked editing transaction.
-- params: email, hash, kabupaten, kecamatan, name, roles, sessions_since, unlocked_at
INSERT INTO auth_users (name, roles, kecamatan, kabupaten, hash, sessions_since, email, unlocked_at)
VALUES (%(name)s, %(roles)s, %(kecamatan)s, %(kabupaten)s, %(hash)s, %(sessions_since)s, %(email)s, %(unlocked_at)s)
ON CONFLICT (name) DO UPDATE SET roles = EXCLUDED.roles, kecamatan = EXCLUDED.kecamatan,
    kabupaten = EXCLUDED.kabupaten, hash = EXCLUDED.hash, sessions_since = EXCLUDED.sessions_since,
    email = EXCLUDED.email, unlocked_at = EXCLUDED.unlocked_at
