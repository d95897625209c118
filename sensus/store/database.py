"""The DuckDB store: schema, read-only readers, and a writer that publishes whole versions.

DuckDB allows one writing process per file and a reader holding the file blocks a writer. So a
writer never touches the published file: it copies it, changes the copy and moves it into place
with os.replace. Readers attach the published file read-only and keep seeing the version they
opened until they reopen; a killed import leaves only a stray temporary copy behind.
"""

import fcntl
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from sensus.core import wilayah
from sensus.core.config import ROOT, WIB

QUERIES = ROOT / "queries"
SCHEMA = QUERIES / "schema.sql"
# derived tables rebuilt at every publish, in this order
MARTS = ("rumah_tangga", "capaian_harian_desa")


class StoreMissing(FileNotFoundError):
    """No store at the configured path yet."""


def version_key(path: Path) -> tuple[int, int, int]:
    """Cheap fingerprint of the published file: changes with every publish, read on every rerun."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (0, 0, 0)
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def connect_reader(path: Path) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with the published store attached read-only as its default catalog."""
    if not path.is_file():
        raise StoreMissing(path)
    con = duckdb.connect()
    # global, so the cursors of this connection count days in WIB too
    con.execute(f"set global TimeZone = '{WIB}'")
    # ATTACH rather than connect(path): DuckDB caches instances per path within a process, which
    # would hand back the old version after os.replace
    con.execute("attach $path as store (read_only)", {"path": str(path)})
    con.execute("use store")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of a reader for one thread, reading the attached store like its parent."""
    cur = con.cursor()
    cur.execute("use store")
    return cur


@cache
def sql_text(name: str) -> str:
    """The text of queries/<name>.sql, e.g. 'reports/laporan_desa'."""
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


def run_sql(con: duckdb.DuckDBPyConnection, name: str, **params) -> pl.DataFrame:
    """Run a named query with bound parameters and return a polars DataFrame."""
    return con.sql(sql_text(name), params=params or None).pl()


def read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.sql("select kunci, nilai from meta").fetchall())


class Writer:
    """An open copy of the store; changes become visible only when the context publishes it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, salt: str):
        self.con = con
        self.salt = salt

    def next_import_id(self) -> int:
        return self.con.sql("select coalesce(max(impor_id), 0) + 1 from impor").fetchall()[0][0]

    def refresh_marts(self, mulai: date, selesai: date) -> None:
        for name in MARTS:
            body = sql_text(f"marts/{name}")
            self.con.execute(f"create or replace table {name} as {body}", {"mulai": mulai, "selesai": selesai})


def _salt(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two first imports racing must not write two different salts
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text().strip()
        with os.fdopen(fd, "w") as salt_file:
            salt_file.write(secrets.token_hex(32))
    return path.read_text().strip()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def writer(path: Path, salt_path: Path, mulai: date, selesai: date) -> Iterator[Writer]:
    """Open the next version of the store for writing; publish it atomically if the block succeeds.

    Writers queue on a lock file, so two imports never build on the same version.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # under the lock any temporary copy is a leftover of a killed writer
        for stale in path.parent.glob(f".{path.name}.tmp-*"):
            # DuckDB's spill folder (<draft>.tmp/) is a directory
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink(missing_ok=True)
        draft = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        if path.exists():
            shutil.copyfile(path, draft)
        con = duckdb.connect(str(draft))
        try:
            con.execute(f"set TimeZone = '{WIB}'")
            # past this DuckDB spills to disk instead of growing: a 10 M-row import peaked at 9.3 GB without it
            con.execute("set memory_limit = $limit", {"limit": os.environ.get("PANTAU_MEMORY_LIMIT", "3GB")})
            con.execute(SCHEMA.read_text(encoding="utf-8"))
            wilayah.ensure_loaded(con)
            store_writer = Writer(con, _salt(salt_path))
            yield store_writer
            store_writer.refresh_marts(mulai, selesai)
            con.execute(
                "insert or replace into meta values ('versi', "
                "(select coalesce(max(nilai::integer), 0) + 1 from meta where kunci = 'versi')::varchar)"
            )
            con.execute("checkpoint")
            con.close()
            _fsync(draft)
            os.replace(draft, path)
            _fsync(path.parent)
        except BaseException:
            con.close()
            draft.unlink(missing_ok=True)
            Path(str(draft) + ".wal").unlink(missing_ok=True)
            raise
