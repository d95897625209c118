-- auth_failures_of_client: The newest failures of a client, whatever the name, within the window.
-- params: client, limit, oldest
SELECT at FROM auth_failures WHERE client = %(client)s AND at > %(oldest)s ORDER BY at DESC LIMIT %(limit)s
