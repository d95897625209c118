"""The sign-in state replicas share in PostgreSQL (`[server] postgres`): users, the session key, the lockout, audit.

With PostgreSQL configured, dashboard replicas on several machines share no file: the users table, the one-row
session-signing key, the failed sign-ins and the audit log live in the tables of queries/postgres/auth_schema.sql.
Each operation is one transaction on a connection the process keeps for the next (a few idle ones per DSN: opening
one costs milliseconds, a statement on an open one a tenth of one); a kept connection is checked before use, so a
server restarted under a running replica is used again at the next operation. When PostgreSQL cannot be reached,
`SharedStateDown` says so (without the DSN, which may carry a password): sign-in is unavailable until it is back,
never open.
"""

import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import psycopg

from sensus.core.config import AuthSettings
from sensus.store import postgres

# failed sign-ins kept at most, over all names and clients: no input makes the table grow without bound
MAX_FAILURES_KEPT = 100_000
KEY_BYTES = 32
# idle connections a process keeps per DSN (Streamlit runs each session's script in a thread of one process)
MAX_IDLE = 4
_IDLE: dict[str, list[psycopg.Connection]] = {}
_IDLE_LOCK = threading.Lock()


class AuthFileBroken(Exception):
    """The users file or the session key cannot be used as it is; `code` keys the viewer's message (no path)."""

    def __init__(self, code: str, path: Path | None, reason: str):
        super().__init__(f"{path}: {reason}" if path is not None else reason)
        self.code = code  # berkas_pengguna_rusak | kunci_sesi_rusak | basis_data_bersama_mati
        self.path = path


class SharedStateDown(AuthFileBroken):
    """PostgreSQL, where the users, the session key and the lockout are, cannot be reached or failed a statement.

    A kind of AuthFileBroken: whoever shows a message for a broken users file shows this one the same way (the text
    key `basis_data_bersama_mati`), and nobody is let in meanwhile."""

    def __init__(self, reason: str):
        super().__init__(
            "basis_data_bersama_mati", None, f"PostgreSQL (the shared sign-in state) unavailable: {reason}"
        )


def _take(dsn: str) -> psycopg.Connection:
    """A kept connection that still answers, or a new one."""
    with _IDLE_LOCK:
        idle = _IDLE.get(dsn)
        kept = idle.pop() if idle else None
    if kept is not None:
        try:
            kept.execute(postgres.sql_text("auth_ping")).fetchone()
            return kept
        except psycopg.Error:
            kept.close()  # the server restarted or dropped it: a new one below
    postgres.ensure_schema(dsn)
    return psycopg.connect(dsn, autocommit=True, connect_timeout=10)


def _give_back(dsn: str, con: psycopg.Connection) -> None:
    if not con.closed and not con.broken and con.info.transaction_status == psycopg.pq.TransactionStatus.IDLE:
        with _IDLE_LOCK:
            idle = _IDLE.setdefault(dsn, [])
            if len(idle) < MAX_IDLE:
                idle.append(con)
                return
    con.close()


@contextmanager
def connection(dsn: str) -> Iterator[psycopg.Connection]:
    """A connection to the shared state inside one transaction, committed when the block succeeds (rolled back when
    it raises); SharedStateDown when the server is down or the connection is lost meanwhile."""
    con = None
    try:
        con = _take(dsn)
        with con.transaction():
            yield con
    except (psycopg.OperationalError, psycopg.InterfaceError) as failed:
        if con is not None:
            con.close()
            con = None
        # psycopg's message names host and port, never the password
        first_line = next(iter(str(failed).strip().splitlines()), "")
        raise SharedStateDown(f"{type(failed).__name__}: {first_line}") from failed
    finally:
        if con is not None:
            _give_back(dsn, con)


# ---- users ----------------------------------------------------------------------------------------------------

USER_FIELDS = ("name", "roles", "kecamatan", "kabupaten", "hash", "sessions_since", "email", "unlocked_at")


def user_rows(dsn: str) -> dict[str, dict]:
    """Every user of the table, as field → value (roles a tuple)."""
    with connection(dsn) as con:
        rows = con.execute(postgres.sql_text("auth_users_all")).fetchall()
    return {row[0]: {**dict(zip(USER_FIELDS, row, strict=True)), "roles": tuple(row[1])} for row in rows}


@contextmanager
def editing_user_rows(dsn: str) -> Iterator[dict[str, dict]]:
    """The users as field → value, with every other writer of the table waiting (readers do not); the rows added,
    changed or removed in the block are written in the same transaction when it succeeds."""
    with connection(dsn) as con:
        con.execute(postgres.sql_text("auth_users_lock"))
        rows = con.execute(postgres.sql_text("auth_users_all")).fetchall()
        before = {row[0]: {**dict(zip(USER_FIELDS, row, strict=True)), "roles": tuple(row[1])} for row in rows}
        edited = {name: dict(fields) for name, fields in before.items()}
        yield edited
        for name in before.keys() - edited.keys():
            con.execute(postgres.sql_text("auth_users_delete"), {"name": name})
        for name, fields in edited.items():
            if before.get(name) != fields:
                con.execute(postgres.sql_text("auth_users_upsert"), {**fields, "roles": list(fields["roles"])})


# ---- the session-signing key ------------------------------------------------------------------------------------


@cache
def session_key(dsn: str) -> bytes:
    """The key every replica signs cookies with: made by the first process that asks, read by every other (kept
    for the life of the process: a new key in the table reaches a replica when it restarts)."""
    with connection(dsn) as con:
        con.execute(postgres.sql_text("auth_session_key_create"), {"key": secrets.token_bytes(KEY_BYTES)})
        row = con.execute(postgres.sql_text("auth_session_key_read")).fetchone()
    key = bytes(row[0])
    if len(key) < KEY_BYTES:
        session_key.cache_clear()
        raise AuthFileBroken("kunci_sesi_rusak", None, f"auth_session_key: {len(key)} bytes, {KEY_BYTES} needed")
    return key


# ---- the lockout ------------------------------------------------------------------------------------------------


class PostgresLockout:
    """users.Lockout's counts kept in PostgreSQL, so five failures on one replica lock the name on every other.

    The same rules: a name is locked for one client only, a client with too many failures on any names is refused
    unchecked, `since` (the user's unlocked_at) drops older failures. Each failure is a row (name, client, at);
    rows past the window, and all but the newest MAX_FAILURES_KEPT, are pruned as failures come in. Instants are the
    replicas' own clocks: they must agree (NTP) to well within the lockout window.
    """

    def __init__(self, dsn: str, max_entries: int = MAX_FAILURES_KEPT):
        self.dsn = dsn
        self.max_entries = max_entries

    def __repr__(self) -> str:
        return "PostgresLockout()"

    def _newest(self, statement: str, params: dict, limit: int) -> list[float]:
        with connection(self.dsn) as con:
            return [row[0] for row in con.execute(postgres.sql_text(statement), {**params, "limit": limit})]

    def locked_until(
        self, name: str, client: str = "", now: float | None = None, since: float = 0.0, *, limits: AuthSettings
    ) -> float | None:
        """Until when `name` is locked for `client` (None: not locked), under the lockout `limits`."""
        now = now or time.time()
        window = limits.lockout_minutes * 60
        params = {"client": client, "name": name, "oldest": now - window, "since": since}
        newest = self._newest("auth_failures_of_name", params, limits.max_failures)
        return newest[-1] + window if len(newest) >= limits.max_failures else None

    def throttled_until(self, client: str, now: float | None = None, *, limits: AuthSettings) -> float | None:
        """Until when `client` is refused every sign-in (None: not refused), under the lockout `limits`."""
        now = now or time.time()
        window = limits.lockout_minutes * 60
        params = {"client": client, "oldest": now - window}
        newest = self._newest("auth_failures_of_client", params, limits.max_failures_client)
        return newest[-1] + window if len(newest) >= limits.max_failures_client else None

    def fail(self, name: str | None, client: str = "", now: float | None = None, *, limits: AuthSettings) -> None:
        """Count a failure of `client`; of `name` too unless None (a name no user can have is never kept)."""
        now = now or time.time()
        with connection(self.dsn) as con:
            (row_id,) = con.execute(
                postgres.sql_text("auth_failures_add"), {"name": name, "client": client, "at": now}
            ).fetchone()
            prune = {"oldest": now - limits.lockout_minutes * 60, "newest_id": row_id, "keep": self.max_entries}
            con.execute(postgres.sql_text("auth_failures_prune"), prune)

    def clear(self, name: str, client: str | None = None) -> None:
        """Forget the failures of `name` from `client`, or from every client (None); the client's own count stays."""
        with connection(self.dsn) as con:
            con.execute(postgres.sql_text("auth_failures_clear"), {"name": name, "client": client})

    def __len__(self) -> int:
        with connection(self.dsn) as con:
            return con.execute(postgres.sql_text("auth_failures_count")).fetchone()[0]
