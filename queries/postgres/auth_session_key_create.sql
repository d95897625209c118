-- auth_session_key_create: The first process to ask makes the key; every later one keeps what is there.
-- params: key
INSERT INTO auth_session_key (id, key) VALUES (1, %(key)s) ON CONFLICT (id) DO NOTHING
