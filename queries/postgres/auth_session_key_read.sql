-- auth_session_key_read: The session-signing key every replica shares.
-- params: none
SELECT key FROM auth_session_key WHERE id = 1
