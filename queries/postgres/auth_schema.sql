-- auth_schema: The sign-in state dashboard replicas share (sensus.auth.shared_state): users, the session-signing key, failed
-- sign-ins (the lockout) and the audit log. Idempotent: applied at each process's first connection.
CREATE TABLE IF NOT EXISTS auth_users (
    name text PRIMARY KEY,
    roles text[] NOT NULL,
    kecamatan text,
    kabupaten text,
    hash text NOT NULL,
    sessions_since double precision NOT NULL DEFAULT 0,
    email text,
    unlocked_at double precision NOT NULL DEFAULT 0
);

-- one row: the key every replica signs and checks session cookies with
CREATE TABLE IF NOT EXISTS auth_session_key (
    id smallint PRIMARY KEY CHECK (id = 1),
    key bytea NOT NULL
);

-- one row per failed sign-in; name NULL: counted for the client only (a name no user can have)
CREATE TABLE IF NOT EXISTS auth_failures (
    id bigserial PRIMARY KEY,
    name text,
    client text NOT NULL,
    at double precision NOT NULL
);
CREATE INDEX IF NOT EXISTS auth_failures_client_name ON auth_failures (client, name, at);
CREATE INDEX IF NOT EXISTS auth_failures_at ON auth_failures (at);

-- who did what when; kabupaten: the code of the store an event concerns (NULL: the deployment as a whole)
CREATE TABLE IF NOT EXISTS auth_audit (
    id bigserial PRIMARY KEY,
    waktu timestamptz NOT NULL DEFAULT now(),
    pengguna text NOT NULL,
    aksi text NOT NULL,
    rincian text NOT NULL,
    kabupaten text
);
CREATE INDEX IF NOT EXISTS auth_audit_kabupaten_waktu ON auth_audit (kabupaten, waktu);
CREATE INDEX IF NOT EXISTS auth_audit_waktu ON auth_audit (waktu);
