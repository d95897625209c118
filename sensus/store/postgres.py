"""PostgreSQL, the state replicas share past one machine (optional: `[server] postgres` / PANTAU_POSTGRES).

One connection helper and one schema step for every part kept there (users, sessions' key, lockout, audit,
published marts). The SQL lives in queries/postgres/ as for DuckDB; each `*_schema.sql` there is idempotent
(CREATE … IF NOT EXISTS) and applied once per process and DSN under an advisory lock, so replicas starting
together do not race.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import psycopg

from sensus.core.paths import QUERIES

POSTGRES_SQL = QUERIES / "postgres"
# pg_advisory_xact_lock key of the schema step: any constant every Pantau process agrees on
SCHEMA_LOCK = 2020_02_15


def sql_text(name: str) -> str:
    """The text of queries/postgres/<name>.sql."""
    return (POSTGRES_SQL / f"{name}.sql").read_text(encoding="utf-8")


@cache
def ensure_schema(dsn: str) -> None:
    """Create every table of queries/postgres/*_schema.sql that is not there yet (once per process and DSN)."""
    with psycopg.connect(dsn) as con, con.transaction():
        con.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        for path in sorted(POSTGRES_SQL.glob("*_schema.sql")):
            con.execute(path.read_text(encoding="utf-8"))


@contextmanager
def connect(dsn: str, *, autocommit: bool = False) -> Iterator[psycopg.Connection]:
    """A connection on a database whose schema is in place; closed (and committed unless it raised) after."""
    ensure_schema(dsn)
    with psycopg.connect(dsn, autocommit=autocommit, connect_timeout=10) as con:
        yield con
