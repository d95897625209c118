-- auth_failures_add: Count one failed sign-in; its id bounds the table (auth_failures_prune).
-- params: at, client, name
INSERT INTO auth_failures (name, client, at) VALUES (%(name)s, %(client)s, %(at)s) RETURNING id
