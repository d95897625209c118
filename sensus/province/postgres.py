"""The published marts in PostgreSQL: the same versions as the Parquet files, for replicas without a shared disk.

A kabupaten's version in PostgreSQL is written in ONE transaction (queries/postgres/terbit_*.sql, schema in
terbit_schema.sql): its terbit_versi row, its rows of the five published tables (COPY from the version's Parquet
files), its store's bytes as 8 MiB chunks, the switch of terbit_current, and the pruning of versions older than
the last `keep`. So a version in PostgreSQL is whole or absent, and terbit_current names a whole one whatever
stops the publisher or the server. The import never depends on PostgreSQL: publishing happens after it.
"""

import hashlib
import io
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from sensus.province.versions import TABLES
from sensus.store import postgres

CHUNK_BYTES = 8 * 1024 * 1024  # one bytea row of a store snapshot
# each published table's key, the order a replica writes its rows back in (the order the Parquet files have)
ORDER = {
    "capaian_harian_desa": ("kode_desa", "tanggal"),
    "desa": ("kode_desa",),
    "kecamatan": ("kode_kec",),
    "kabupaten": ("kode_kab",),
    "ringkasan": ("tanggal",),
}


class PostgresUnavailable(Exception):
    """PostgreSQL could not be reached, stopped mid-way or refused a statement; the message names the server (never
    its password)."""


@dataclass(frozen=True)
class Published:
    """What one publish wrote into PostgreSQL."""

    versi: int
    baris: int  # mart rows, five tables
    store_bytes: int
    store_chunks: int


def where(dsn: str) -> str:
    """The server and database of a DSN, for messages (no user or password)."""
    try:
        parts = conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        return "PostgreSQL (an unreadable DSN)"
    host = parts.get("host") or "localhost"
    return f"PostgreSQL {host}:{parts.get('port') or 5432}/{parts.get('dbname') or ''}"


def last_version(dsn: str, kode_kab: str) -> int:
    """The highest version of `kode_kab` PostgreSQL holds, 0 for none; PostgresUnavailable when unreachable."""
    try:
        with postgres.connect(dsn, autocommit=True) as con:
            return con.execute(postgres.sql_text("terbit_versi_terakhir"), {"kode_kab": kode_kab}).fetchone()[0]
    except psycopg.Error as error:
        raise PostgresUnavailable(f"{where(dsn)}: {_failure(error)}") from None


def publish_version(
    dsn: str, kode_kab: str, versi: int, version_folder: Path, store_fd: int | None, *, keep: int
) -> Published:
    """Write version `versi` of `kode_kab` (the Parquet files in `version_folder`, the store read from the open
    file `store_fd`) into PostgreSQL in one transaction and make it current; prune versions up to versi - keep.

    Raises PostgresUnavailable when the server cannot be reached, goes away or refuses a statement (nothing of this
    version stays), and ValueError when PostgreSQL already holds this version number (another publisher of the same
    kabupaten)."""
    try:
        with postgres.connect(dsn) as con, con.transaction(), con.cursor() as cur:
            key = {"kode_kab": kode_kab, "versi": versi}
            cur.execute(postgres.sql_text("terbit_lock"), key)
            held = cur.execute(postgres.sql_text("terbit_versi_terakhir"), key).fetchone()[0]
            if held >= versi:
                raise ValueError(
                    f"{where(dsn)} already holds version {held} of {kode_kab}: another publisher of this kabupaten? "
                    f"Version {versi} was not written there"
                )
            frames = {table: pl.read_parquet(version_folder / f"{table}.parquet") for table in TABLES}
            size, chunks, digest = _store_summary(store_fd)
            cur.execute(
                postgres.sql_text("terbit_versi_tambah"),
                {
                    **key,
                    "diterbitkan": datetime.now(UTC),
                    "baris": sum(frame.height for frame in frames.values()),
                    "store_bytes": size,
                    "store_chunks": chunks,
                    "store_sha256": digest,
                },
            )
            for table, frame in frames.items():
                _copy_table(cur, table, frame, versi)
            _copy_store(cur, kode_kab, versi, store_fd)
            cur.execute(postgres.sql_text("terbit_current_set"), key)
            cur.execute(postgres.sql_text("terbit_prune"), {**key, "keep": keep})
            return Published(versi, sum(frame.height for frame in frames.values()), size, chunks)
    except psycopg.Error as error:
        # the transaction is rolled back whatever went wrong: nothing of this version stays
        raise PostgresUnavailable(
            f"{where(dsn)}: version {versi} of {kode_kab} not written ({first_line(error)}); "
            "PostgreSQL keeps its previous version, the next publish brings it up to date"
        ) from None


def _copy_table(cur: psycopg.Cursor, table: str, frame: pl.DataFrame, versi: int) -> None:
    # every row keyed by the version written (the kabupaten and summary rows carry it already, the others not)
    frame = frame.with_columns(pl.lit(versi, pl.Int32).alias("versi"))
    statement = sql.SQL(postgres.sql_text("terbit_copy_in")).format(
        table=sql.Identifier(f"terbit_{table}"), columns=sql.SQL(", ").join(map(sql.Identifier, frame.columns))
    )
    buffer = io.BytesIO()
    # polars writes NULL as an empty field and an empty string as "": PostgreSQL's CSV reads them back the same
    frame.write_csv(buffer, include_header=False, datetime_format="%Y-%m-%dT%H:%M:%S%.f%z")
    with cur.copy(statement) as copy:
        copy.write(buffer.getbuffer())


def _store_summary(store_fd: int | None) -> tuple[int, int, str]:
    if store_fd is None:
        return 0, 0, hashlib.sha256().hexdigest()
    digest = hashlib.sha256()
    size = os.fstat(store_fd).st_size
    for offset in range(0, size, CHUNK_BYTES):
        digest.update(os.pread(store_fd, CHUNK_BYTES, offset))
    return size, -(-size // CHUNK_BYTES), digest.hexdigest()


def _copy_store(cur: psycopg.Cursor, kode_kab: str, versi: int, store_fd: int | None) -> None:
    if store_fd is None:
        return
    size = os.fstat(store_fd).st_size
    with cur.copy(postgres.sql_text("terbit_store_copy_in")) as copy:
        copy.set_types(["text", "int4", "int4", "bytea"])
        for nomor, offset in enumerate(range(0, size, CHUNK_BYTES)):
            copy.write_row((kode_kab, versi, nomor, os.pread(store_fd, CHUNK_BYTES, offset)))


def _failure(error: psycopg.Error) -> str:
    kind = "unreachable" if isinstance(error, psycopg.OperationalError) else "refused"
    return f"{kind} ({first_line(error)})"


def first_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__


def problems(dsn: str) -> list[str]:
    """What is not whole among the versions PostgreSQL holds, as sentences naming the kabupaten and version: mart
    rows or store chunks other than its terbit_versi row says, a version without its kabupaten row, a kabupaten
    whose CURRENT names no version. Empty when all is well."""
    found = []
    try:
        with postgres.connect(dsn, autocommit=True) as con:
            rows = con.execute(postgres.sql_text("terbit_periksa")).fetchall()
            current = dict(con.execute(postgres.sql_text("terbit_current")).fetchall())
    except psycopg.OperationalError as error:
        raise PostgresUnavailable(f"{where(dsn)}: unreachable ({first_line(error)})") from None
    held = {(kode_kab, versi) for kode_kab, versi, *_ in rows}
    for kode_kab, versi, _, baris, rows_held, kabupaten_rows, chunks, chunks_held, size, bytes_held in rows:
        name = f"{where(dsn)}: {kode_kab} v{versi}"
        if rows_held != baris:
            found.append(f"{name} holds {rows_held} mart rows, its version row says {baris}")
        if kabupaten_rows != 1:
            found.append(f"{name} has {kabupaten_rows} kabupaten rows")
        if (chunks_held, bytes_held) != (chunks, size):
            found.append(f"{name} holds {chunks_held} chunks, {bytes_held} bytes of its store, not {chunks}, {size}")
    for kode_kab, versi in current.items():
        if (kode_kab, versi) not in held:
            found.append(f"{where(dsn)}: CURRENT of {kode_kab} names v{versi}, which is not there")
    return found
