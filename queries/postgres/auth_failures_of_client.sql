-- The newest failures of a client, whatever the name, within the window.
SELECT at FROM auth_failures WHERE client = %(client)s AND at > %(oldest)s ORDER BY at DESC LIMIT %(limit)s
