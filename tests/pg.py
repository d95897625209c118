"""PostgreSQL for the tests: one server a run, a fresh database a test.

CI (.ci/run) starts Debian's PostgreSQL and names it in PANTAU_TEST_POSTGRES; without it (a developer's
`python3 -m pytest`) the session starts a throwaway cluster of its own with deploy/postgres_local.py and stops it
at the end. No test is skipped for want of a server: a machine without PostgreSQL's server fails here, saying
what to install.
"""

import os
import uuid
from pathlib import Path

import psycopg
import pytest

from deploy import postgres_local


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory) -> str:
    """The DSN of a server's maintenance database (postgres): tests create their own databases on it."""
    given = os.environ.get("PANTAU_TEST_POSTGRES")
    if given:
        yield given
        return
    # under /tmp with a short path: the server's Unix socket path has a 107-byte limit
    folder = Path(f"/tmp/pantau-pg-{os.getpid()}")
    postgres_local.start(folder)
    try:
        yield postgres_local.dsn(folder)
    finally:
        postgres_local.stop(folder)


@pytest.fixture
def postgres(postgres_server) -> str:
    """A new empty database for this test, dropped after it; its DSN."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = postgres_server.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
