-- auth_failures_of_name: The newest failures of a name from a client within the window (newer than the user's unlock).
-- params: client, limit, name, oldest, since
SELECT at FROM auth_failures
WHERE client = %(client)s AND name = %(name)s AND at > %(oldest)s AND at >= %(since)s
ORDER BY at DESC LIMIT %(limit)s
