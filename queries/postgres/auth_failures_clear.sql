-- auth_failures_clear: Forget which name failed (from one client, or every client when client is NULL); the client's count stays.
-- params: client, name
UPDATE auth_failures SET name = NULL
WHERE name = %(name)s AND (%(client)s::text IS NULL OR client = %(client)s)
