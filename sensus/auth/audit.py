"""The audit log: sign-ins (ok and failed), imports, undos, event changes, downloads — who, when, what.

Each event is appended at once to a journal beside the store (one JSON line, under a lock, fsynced), so a
sign-in does not have to publish a new store version; every store write made through the dashboard or
sensus.ingest.batches folds the journal into the store's `audit` table. No personal data is written:
names of users of this tool, file names, area codes and counts only.

With PostgreSQL configured (the keyword `postgres`: its DSN) the events go to its table instead, with the code of
the kabupaten whose store they concern, so every replica writes and reads one log (no journal file is shared).
"""

import fcntl
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import polars as pl

from sensus.auth import shared_state
from sensus.store import postgres as postgres_
from sensus.store.files import warn_if_loose
from sensus.store.readers import sql_text

ACTIONS = (
    "masuk_ok",
    "masuk_gagal",
    "keluar",
    "impor",
    "impor_ditolak",
    "batal_impor",
    "kegiatan_tambah",
    "kegiatan_ubah",
    "kegiatan_hapus",
    "unduh",
    "pengguna_tambah",
    "pengguna_hapus",
    "pengguna_sandi",
    "pengguna_buka_kunci",
)
LOG = logging.getLogger("sensus.audit")
SCHEMA = pl.Schema({"waktu": pl.Datetime("us", "UTC"), "pengguna": pl.String, "aksi": pl.String, "rincian": pl.String})


def journal_path(store_path: Path) -> Path:
    """The journal beside the store at `store_path`."""
    return store_path.with_name(store_path.stem + ".audit.jsonl")


def record(
    pengguna: str,
    aksi: str,
    rincian: str,
    store_path: Path,
    *,
    postgres: str | None = None,
    kabupaten: str | None = None,
) -> None:
    """Append an event: to the journal beside `store_path`, or with `postgres` to PostgreSQL's audit table under
    `kabupaten` (the code of the store the event concerns; None: the deployment as a whole). SharedStateDown when
    PostgreSQL cannot be reached."""
    if aksi not in ACTIONS:
        raise ValueError(f"unknown audit action {aksi!r}")
    if postgres:
        with shared_state.connection(postgres) as con:
            event = {"pengguna": pengguna, "aksi": aksi, "rincian": rincian, "kabupaten": kabupaten}
            con.execute(postgres_.sql_text("auth_audit_add"), event)
        return
    path = journal_path(store_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(
        {"waktu": datetime.now(UTC).isoformat(), "pengguna": pengguna, "aksi": aksi, "rincian": rincian},
        ensure_ascii=False,
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    warn_if_loose(path)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def record_or_log(
    pengguna: str,
    aksi: str,
    rincian: str,
    store_path: Path,
    *,
    postgres: str | None = None,
    kabupaten: str | None = None,
) -> bool:
    """Record an event that must not wait on the disk (a sign-in, a sign-out): when the journal cannot be written
    (a full disk, a read-only folder) or PostgreSQL cannot be reached, the event goes to the server's log instead
    and False is returned. Writes of data keep `record`, which raises: they fail closed."""
    try:
        record(pengguna, aksi, rincian, store_path, postgres=postgres, kabupaten=kabupaten)
    except OSError as failed:
        LOG.error("audit log not written (%s): %s %s %s", failed.strerror or failed, pengguna, aksi, rincian)
        return False
    except shared_state.SharedStateDown as failed:
        LOG.error("audit log not written (%s): %s %s %s", failed, pengguna, aksi, rincian)
        return False
    return True


def read(
    store_path: Path, newest: int | None = None, *, postgres: str | None = None, kabupaten: str | None = None
) -> pl.DataFrame:
    """Every audit event, newest first; with `newest`, only that many, read from the journal's end (memory bounded
    by `newest`, not by the journal's length). With `postgres`, PostgreSQL's events of `kabupaten` (None: all)."""
    if postgres:
        with shared_state.connection(postgres) as con:
            rows = con.execute(postgres_.sql_text("auth_audit_read"), {"kabupaten": kabupaten, "limit": newest})
            return pl.DataFrame(rows.fetchall(), schema=SCHEMA, orient="row")
    path = journal_path(store_path)
    if not path.exists():
        return pl.DataFrame(schema=SCHEMA)
    lines = _last_lines(path, newest) if newest is not None else path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    if not rows:
        return pl.DataFrame(schema=SCHEMA)
    return (
        pl.DataFrame(rows, schema={k: pl.String for k in SCHEMA})
        .with_columns(pl.col("waktu").str.to_datetime(time_zone="UTC", time_unit="us"))
        .sort("waktu", descending=True)
    )


def count(store_path: Path, *, postgres: str | None = None, kabupaten: str | None = None) -> int:
    """How many events the journal holds, counted in blocks (nothing kept); with `postgres`, how many PostgreSQL
    holds of `kabupaten` (None: all)."""
    if postgres:
        with shared_state.connection(postgres) as con:
            return con.execute(postgres_.sql_text("auth_audit_count"), {"kabupaten": kabupaten}).fetchone()[0]
    path = journal_path(store_path)
    if not path.exists():
        return 0
    with open(path, "rb") as handle:
        return sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 20), b""))


def _last_lines(path: Path, n: int, block: int = 1 << 16) -> list[str]:
    """The last `n` lines of a file, read backwards a block at a time."""
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        position, tail = handle.tell(), b""
        while position > 0 and tail.count(b"\n") <= n:
            step = min(block, position)
            position -= step
            handle.seek(position)
            tail = handle.read(step) + tail
    lines = tail.decode("utf-8", errors="replace").splitlines()
    # the first line may be cut in the middle when reading stopped inside it
    return lines[-n:] if n else []


def fold(con: duckdb.DuckDBPyConnection, store_path: Path) -> None:
    """Copy the journal's events not yet in the store into its `audit` table (inside a store writer)."""
    journal = read(store_path)
    if journal.is_empty():
        return
    con.register("audit_baru", journal.to_arrow())
    try:
        con.execute(sql_text("audit/tambah"))
    finally:
        con.unregister("audit_baru")
