-- Count one failed sign-in; its id bounds the table (auth_failures_prune).
INSERT INTO auth_failures (name, client, at) VALUES (%(name)s, %(client)s, %(at)s) RETURNING id
