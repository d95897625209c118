"""A dashboard replica's local read copy of the marts published in PostgreSQL (no shared disk).

`LocalCopy(dsn, folder)` keeps `folder` laid out exactly as a published root (sensus.province.versions), so
read.ProvinceReader reads it unchanged, plus each kabupaten's store snapshot in folder/stores/<kode>.duckdb for
the kabupaten pages. `refresh()` asks PostgreSQL once for every kabupaten's CURRENT version; for each that changed
it downloads that version (one REPEATABLE READ transaction: the marts and the store bytes of one version), writes
it beside (temporary names, fsync), replaces the store snapshot, renames the version folder and only then replaces
CURRENT, so a reader of the folder switches whole. Processes of one replica group sharing the folder take turns on
folder/.replica.lock; a killed refresh leaves temporary names the next one removes.

`published_root(cfg)` and `store_path(cfg, kode_kab)` are what the app calls on each run.
"""

import contextlib
import hashlib
import logging
import os
import shutil
import threading
from pathlib import Path

import duckdb
import psycopg
from psycopg import sql

from sensus.core.config import Config
from sensus.province import postgres as pg
from sensus.province import publish, versions
from sensus.province.versions import CURRENT, EMPTY, TABLES
from sensus.store import postgres

log = logging.getLogger(__name__)

STORES = "stores"
LOCK = ".replica.lock"


class LocalCopy:
    """One replica group's copy of the published marts in `folder`. Thread-safe: a Streamlit server's sessions
    share one."""

    def __init__(self, dsn: str, folder: Path, *, keep: int = publish.KEEP):
        self.dsn = dsn
        self.root = versions.checked_root(folder)
        self.keep = keep
        self.seen: dict[str, int] = {}  # kode_kab → the version this copy holds, as PostgreSQL last named it
        self._con: psycopg.Connection | None = None
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None

    def __enter__(self) -> "LocalCopy":
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def store(self, kode_kab: str) -> Path:
        """Where this copy keeps the store snapshot of `kode_kab` (absent until it has published)."""
        return self.root / STORES / f"{kode_kab}.duckdb"

    def refresh(self) -> bool:
        """Bring the folder to every kabupaten's CURRENT version in PostgreSQL; True when anything changed.

        One query when nothing did. Raises pg.PostgresUnavailable when the server cannot be reached; the folder then
        keeps what it holds."""
        with self._lock:
            wanted = self._current()
            if wanted == self.seen:
                return False
            for kode_kab in wanted:
                # a code names a folder of the copy: anything but NN.NN could reach outside it
                if not versions.KABUPATEN_FOLDER.fullmatch(kode_kab):
                    raise ValueError(f"{pg.where(self.dsn)}: terbit_current holds {kode_kab!r}, not a kabupaten code")
            self.root.mkdir(parents=True, exist_ok=True)
            changed = False
            with publish._locked(self.root / LOCK):
                for kode_kab, versi in wanted.items():
                    if versions.current_version(self.root, kode_kab) != versi:
                        changed |= self._download(kode_kab, versi)
                if changed or not (self.root / versions.SUMMARY).exists():
                    publish.rebuild_summary(self.root)
            self.seen = {k: v for k, v in wanted.items() if versions.current_version(self.root, k) == v}
            return changed

    def _current(self) -> dict[str, int]:
        for attempt in (1, 2):
            try:
                if self._con is None or self._con.closed:
                    self._con = psycopg.connect(self.dsn, autocommit=True, connect_timeout=10)
                    postgres.ensure_schema(self.dsn)
                return dict(self._con.execute(postgres.sql_text("terbit_current")).fetchall())
            except psycopg.OperationalError as error:
                # a connection the server dropped (a restart) is opened again once
                with contextlib.suppress(psycopg.Error):
                    if self._con is not None:
                        self._con.close()
                self._con = None
                if attempt == 2:
                    message = f"{pg.where(self.dsn)}: unreachable ({pg.first_line(error)})"
                    raise pg.PostgresUnavailable(message) from None
        raise AssertionError("unreachable")

    def _download(self, kode_kab: str, versi: int) -> bool:
        """Version `versi` of `kode_kab` into the folder and CURRENT switched to it; False when PostgreSQL pruned it
        meanwhile (the next refresh takes the newer one)."""
        folder = self.root / kode_kab
        folder.mkdir(exist_ok=True)
        (self.root / STORES).mkdir(exist_ok=True)
        publish._remove_leftovers(folder, versions.current_version(self.root, kode_kab) or 0)
        _remove_store_leftovers(self.root / STORES)
        draft = folder / f".tmp-v{versi}-{os.getpid()}"
        store_draft = self.root / STORES / f".tmp-{kode_kab}-{os.getpid()}.duckdb"
        try:
            with psycopg.connect(self.dsn, connect_timeout=10) as con:
                con.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
                con.read_only = True
                with con.transaction():
                    key = {"kode_kab": kode_kab, "versi": versi}
                    info = con.execute(postgres.sql_text("terbit_versi_info"), key).fetchone()
                    if info is None:
                        return False
                    baris, store_bytes, store_chunks, store_sha256 = info
                    draft.mkdir()
                    rows = sum(_download_table(con, table, kode_kab, versi, draft) for table in TABLES)
                    if rows != baris:
                        raise ValueError(f"{pg.where(self.dsn)}: {kode_kab} v{versi} has {rows} rows, not {baris}")
                    publish._fsync(draft)
                    if store_chunks:
                        _download_store(con, key, store_chunks, store_bytes, store_sha256, store_draft)
        except psycopg.OperationalError as error:
            shutil.rmtree(draft, ignore_errors=True)
            store_draft.unlink(missing_ok=True)
            raise pg.PostgresUnavailable(
                f"{pg.where(self.dsn)}: {kode_kab} v{versi} not downloaded ({pg.first_line(error)})"
            ) from None
        except BaseException:
            shutil.rmtree(draft, ignore_errors=True)
            store_draft.unlink(missing_ok=True)
            raise
        # the store first: the kabupaten pages may show the new version a moment before the province pages do
        if store_draft.exists():
            os.replace(store_draft, self.store(kode_kab))
            publish._fsync(self.root / STORES)
        target = versions.version_folder(self.root, kode_kab, versi)
        if target.exists():  # a copy ahead of a PostgreSQL that numbers again from 1 (a new database)
            publish._remove_version(target)
        os.replace(draft, target)
        publish._fsync(folder)
        publish._replace_text(folder / CURRENT, f"{versi}\n")
        publish._prune(self.root, kode_kab, versi, self.keep)
        return True


def _download_table(con: psycopg.Connection, table: str, kode_kab: str, versi: int, draft: Path) -> int:
    """One version's rows of `table` written as draft/<table>.parquet with the published columns and types; the
    row count."""
    columns = [part.split() for part in EMPTY[table].split(", ")]
    statement = sql.SQL(postgres.sql_text("terbit_copy_out")).format(
        table=sql.Identifier(f"terbit_{table}"),
        columns=sql.SQL(", ").join(sql.Identifier(name) for name, _ in columns),
        kode_kab=sql.Literal(kode_kab),
        versi=sql.Literal(versi),
        order=sql.SQL(", ").join(map(sql.Identifier, pg.ORDER[table])),
    )
    csv = draft / f"{table}.csv"
    with open(csv, "wb") as handle, con.cursor().copy(statement) as copy:
        for block in copy:
            handle.write(block)
    target = draft / f"{table}.parquet"
    # the published types, named: each replica's files union with the others' as the importer's do; a quoted empty
    # field is an empty string, an unquoted one NULL, as PostgreSQL wrote them
    typed = ", ".join(f"'{name}': '{kind}'" for name, kind in columns)
    with duckdb.connect() as duck:
        duck.execute("set TimeZone = 'UTC'")
        relation = duck.sql(
            # no sniffing: a code such as 33.01 would be taken for a date format
            "select * from read_csv($path, auto_detect = false, header = false, delim = ',', quote = '\"', "
            f"escape = '\"', columns = {{{typed}}}, allow_quoted_nulls = false)",
            params={"path": str(csv)},
        )
        relation.write_parquet(str(target))
        count = duck.sql("select count(*) from read_parquet($path)", params={"path": str(target)}).fetchall()[0][0]
    csv.unlink()
    publish._fsync(target)
    return count


def _download_store(con: psycopg.Connection, key: dict, chunks: int, size: int, sha256: str, draft: Path) -> None:
    digest = hashlib.sha256()
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        for nomor in range(chunks):
            row = con.execute(postgres.sql_text("terbit_store_chunk"), {**key, "nomor": nomor}, binary=True).fetchone()
            data = bytes(row[0])
            digest.update(data)
            os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    written = draft.stat().st_size
    if written != size or digest.hexdigest() != sha256:
        raise ValueError(f"{draft}: the store snapshot arrived as {written} bytes not matching its checksum")


def _remove_store_leftovers(stores: Path) -> None:
    for entry in os.scandir(stores):
        if entry.name.startswith(".tmp-"):
            os.unlink(entry.path)


# the app's entries: one LocalCopy per DSN and folder in a process, refreshed at the start of each run
_copies: dict[tuple[str, Path], LocalCopy] = {}
_copies_lock = threading.Lock()


def replica_folder(cfg: Config) -> Path:
    """The local copy's folder of a deployment with PostgreSQL: beside the published folder (<terbit>-replika)."""
    terbit = cfg.terbit_path if cfg.terbit_path is not None else Path("data/terbit")
    return terbit.with_name(f"{terbit.name}-replika")


def local_copy(cfg: Config) -> LocalCopy:
    """This process's LocalCopy of the deployment (cfg.postgres must be set)."""
    if cfg.postgres is None:
        raise ValueError("a local copy needs [server] postgres (PANTAU_POSTGRES)")
    key = (cfg.postgres, replica_folder(cfg).resolve())
    with _copies_lock:
        if key not in _copies:
            _copies[key] = LocalCopy(cfg.postgres, key[1])
        return _copies[key]


def published_root(cfg: Config) -> Path | None:
    """The published folder the province pages read: cfg.terbit_path with files only; with PostgreSQL this
    replica's local copy, refreshed now (one query when nothing changed; when PostgreSQL cannot be reached the copy
    keeps serving what it holds, and a warning is logged; so does a download that fails its checks)."""
    if cfg.postgres is None:
        return cfg.terbit_path
    copy = local_copy(cfg)
    try:
        copy.refresh()
    except (pg.PostgresUnavailable, ValueError, psycopg.Error) as error:
        # a page still shows the versions the copy holds; the next run tries again
        log.warning("the local copy keeps its versions: %s", pg.first_line(error))
    return copy.root


def store_path(cfg: Config, kode_kab: str) -> Path:
    """The store the kabupaten pages of `kode_kab` read: its own store with files only; with PostgreSQL this
    replica's snapshot of it once published (call published_root first in a run), else the configured store."""
    own = cfg.for_kabupaten(kode_kab).store_path
    if cfg.postgres is None:
        return own
    snapshot = local_copy(cfg).store(kode_kab)
    return snapshot if snapshot.is_file() else own
