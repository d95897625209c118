-- The session-signing key every replica shares.
SELECT key FROM auth_session_key WHERE id = 1
