"""The DuckDB store: schema, read-only readers, and a writer that publishes whole versions.

DuckDB allows one writing process per file and a reader holding the file blocks a writer. So a
writer never touches the published file: it copies it, changes the copy and moves it into place
with os.replace. Readers attach the published file read-only and keep seeing the version they
opened until they reopen; a killed import leaves only a stray temporary copy behind.
"""

import errno
import fcntl
import hashlib
import logging
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import polars as pl

from sensus.core import config, wilayah
from sensus.core.config import ROOT, WIB

QUERIES = ROOT / "queries"
SCHEMA = QUERIES / "schema.sql"
# schema.sql is version 1; queries/migrations/NNN_name.sql brings a store from NNN-1 to NNN
MIGRATIONS = tuple(sorted((int(p.name[:3]), p) for p in (QUERIES / "migrations").glob("[0-9][0-9][0-9]_*.sql")))
SCHEMA_VERSION = max((version for version, _ in MIGRATIONS), default=1)
# derived tables, rebuilt whole in this order when a store has none yet or its window changed
MARTS = ("rumah_tangga", "capaian_harian_desa")
# a salt shorter than this is too easy to guess, so its hashes would be as good as clear KK numbers
SALT_MIN_BYTES = 16
CORRUPTION = re.compile(
    r"Corrupt database|not a valid DuckDB database|Could not read enough bytes|checksum|Serialization Error", re.I
)


class StoreMissing(FileNotFoundError):
    """No store at the configured path yet."""


class StoreError(Exception):
    """The store cannot be written (or read) as asked; nothing changed. `code` keys the message in i18n."""

    def __init__(self, code: str, path: Path, **detail):
        super().__init__(code, str(path), detail)
        self.code = code
        self.path = str(path)
        self.detail = detail


FOLDER_ERRORS = (errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.ENOENT)


def _in_folder(error: OSError, path: Path) -> bool:
    """The error concerns the store's folder (not, say, the export being read)."""
    names = [str(name) for name in (error.filename, error.filename2) if name is not None]
    return any(name == str(path.parent) or name.startswith(str(path.parent) + os.sep) for name in names)


def store_error(error: BaseException, path: Path) -> StoreError | None:
    """The StoreError a low-level error stands for (a damaged store, an unwritable folder), else None."""
    if isinstance(error, StoreError):
        return error
    if isinstance(error, duckdb.Error) and CORRUPTION.search(str(error)):
        return StoreError("penyimpanan_rusak", path)
    if isinstance(error, OSError) and error.errno in FOLDER_ERRORS and _in_folder(error, path):
        return StoreError("folder_tidak_bisa_ditulis", path.parent)
    if isinstance(error, duckdb.IOException) and re.search(r"Permission denied|Read-only file system", str(error)):
        return StoreError("folder_tidak_bisa_ditulis", path.parent)
    return None


LOG = logging.getLogger("sensus.files")
# store, salt, users file, session key and audit journal: readable by their owner (and at most its group) only.
# They hold hashed KK numbers, the salt that would un-hash them, password hashes and the cookie key.
PRIVATE_MODE = 0o600
LOOSE_BITS = 0o027  # group write, or anything for others: looser than 0640
_warned: set[tuple[str, int]] = set()


def warn_if_loose(path: Path) -> bool:
    """Warn once (the server's log, a command's stderr) when a private file is open to others; True if it is."""
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        return False
    if not mode & LOOSE_BITS:
        return False
    if (str(path), mode) not in _warned:
        _warned.add((str(path), mode))
        LOG.warning("%s is mode %o, open to other users of this machine: chmod 600 %s", path, mode, path)
    return True


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
    for private in (path, config.salt_path_for(path)):
        warn_if_loose(private)
    con = duckdb.connect()
    # global, so the cursors of this connection count days in WIB too
    con.execute(f"set global TimeZone = '{WIB}'")
    try:
        # ATTACH rather than connect(path): DuckDB caches instances per path within a process, which
        # would hand back the old version after os.replace
        con.execute("attach $path as store (read_only)", {"path": str(path)})
        con.execute("use store")
    except duckdb.Error as error:
        con.close()
        raise store_error(error, path) or StoreError("penyimpanan_rusak", path) from None
    return con


class AlreadyCurrent(Exception):
    """Raised inside an upgrade-only writer that found the store already at this schema: nothing to publish."""


def connect_current(path: Path) -> duckdb.DuckDBPyConnection:
    """A reader on a store at this version's schema. A store an older Pantau wrote is brought up first, published as
    its next version with the same figures, as any import would do; one a newer Pantau wrote is refused."""
    con = connect_reader(path)
    try:
        found = int(read_meta(con).get("skema", "1"))
    except (duckdb.Error, ValueError):  # no meta table, or a schema that is not a number: not a store of ours
        con.close()
        raise StoreError("penyimpanan_rusak", path) from None
    if found == SCHEMA_VERSION:
        return con
    con.close()
    if found > SCHEMA_VERSION:
        raise StoreError("skema_lebih_baru", path, versi=found, didukung=SCHEMA_VERSION)
    cfg = config.load()
    try:
        with writer(path, config.salt_path_for(path), cfg.mulai, cfg.selesai, upgrade_only=True):
            pass
    except AlreadyCurrent:  # another server upgraded it while this one waited for the lock
        pass
    return connect_reader(path)


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of a reader for one thread, reading the attached store like its parent."""
    cur = con.cursor()
    cur.execute("use store")
    return cur


@cache
def quote_identifier(name: str) -> str:
    """The one way an identifier (a table or column name) enters SQL text: values are always bound instead."""
    return '"' + name.replace('"', '""') + '"'


def sql_text(name: str) -> str:
    """The text of queries/<name>.sql, e.g. 'reports/laporan_desa'."""
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


def run_sql(con: duckdb.DuckDBPyConnection, name: str, **params) -> pl.DataFrame:
    """Run a named query with bound parameters and return a polars DataFrame."""
    return con.sql(sql_text(name), params=params or None).pl()


def read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.sql("select kunci, nilai from meta").fetchall())


# meta key of a store born as the demo (sensus.demo.builder writes it in the store's first version); a store without
# it is real. A demo store takes no real exports, targets, events or users; one-click demo users exist only on one.
DEMO_KEY = "demo"


def is_demo_store(path: Path) -> bool:
    """True for a store born as the demo; False for a real one, a missing one or one that cannot be read."""
    try:
        con = connect_reader(path)
    except (StoreMissing, StoreError):
        return False
    try:
        return read_meta(con).get(DEMO_KEY) == "true"
    except duckdb.Error:
        return False
    finally:
        con.close()


class Writer:
    """An open copy of the store; changes become visible only when the context publishes it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, salt_path: Path, mulai: date, selesai: date, rebuild: bool):
        self.con = con
        self.salt_path = salt_path
        self.mulai = mulai
        self.selesai = selesai
        # True: the marts are rebuilt whole at publish (a new store, a changed window, new reference areas).
        # False: whoever changes `submisi` updates them incrementally (begin_households / finish_households).
        self.rebuild_marts = rebuild
        self._salt: str | None = None
        self.impor_id: int | None = None

    @property
    def salt(self) -> str:
        """The no_kk salt, checked against the fingerprint the store recorded; StoreError when it is not the one."""
        if self._salt is None:
            self._salt = _checked_salt(self.con, self.salt_path)
        return self._salt

    def next_import_id(self) -> int:
        self.impor_id = self.con.sql("select coalesce(max(impor_id), 0) + 1 from impor").fetchall()[0][0]
        return self.impor_id

    def begin_households(self) -> None:
        """Before `submisi` changes: gather the stored rows of the households in `rumah_tangga_tersentuh` (temp table
        `submisi_tersentuh`: the import's counts read it too) and note what they contribute now."""
        # one pass over submisi; every later step reads only these rows
        self._gather_touched()
        if not self.rebuild_marts:
            self._contribution("kontribusi_lama")

    def finish_households(self, rescan: bool = False) -> None:
        """After `submisi` changed: update both marts for the touched households only.

        An import's new rows carry impor_terakhir = this writer's impor_id, so the touched rows need no second
        pass over `submisi`. A change whose rows do not (undoing an import: the rows it replaced come back from
        `batch_sebelum` with their old impor_terakhir) passes rescan=True: one more pass gathers them.
        """
        if self.rebuild_marts:
            return
        if rescan:
            self._gather_touched()
        else:
            # after the merge: the touched rows the batch did not replace, and the batch's rows
            self.con.execute(
                """
                create or replace temp table submisi_tersentuh as
                select * from submisi_tersentuh
                where id_submisi not in (select id_submisi from submisi where impor_terakhir = $impor_id)
                union all
                select * from submisi where impor_terakhir = $impor_id
                """,
                {"impor_id": self.impor_id},
            )
        self._contribution("kontribusi_baru")
        self.con.execute(sql_text("marts/capaian_harian_desa_delta"))
        self.con.execute(
            "delete from rumah_tangga where rumah_tangga in (select rumah_tangga from rumah_tangga_tersentuh)"
        )
        # `perubahan` still holds the touched households' changes after this write: their rows anew
        self.con.execute("insert into rumah_tangga " + sql_text("marts/rumah_tangga"))

    def _gather_touched(self) -> None:
        """Temp table `submisi_tersentuh`: every stored row of the households in `rumah_tangga_tersentuh`."""
        self.con.execute(
            "create or replace temp table submisi_tersentuh as select s.* from submisi as s "
            "semi join rumah_tangga_tersentuh as t on s.rumah_tangga = t.rumah_tangga"
        )

    def _contribution(self, table: str) -> None:
        """The touched households' daily contribution (before or after the write) as temp table `table`."""
        self.con.execute("create or replace temp view submisi_dihitung as select * from submisi_tersentuh")
        _changes(self.con, self.mulai, self.selesai)
        self.con.execute(
            f"create or replace temp table {quote_identifier(table)} as " + sql_text("marts/kontribusi_harian")
        )

    def refresh_marts(self) -> None:
        """Rebuild both marts over every submission."""
        build_marts(self.con, self.mulai, self.selesai)

    def check_invariants(self, semua: bool) -> list[tuple[str, int]]:
        """The broken rules of queries/ingest/invariants.sql, with their counts; empty for a healthy store.

        semua=False checks only what this writer's import touched (the rest was checked when it was written).
        """
        waktu_min, waktu_max = plausible_instants()
        params = {"waktu_min": waktu_min, "waktu_max": waktu_max, "semua": semua, "impor_id": self.impor_id or 0}
        return self.con.sql(sql_text("ingest/invariants"), params=params).fetchall()


def _changes(con: duckdb.DuckDBPyConnection, mulai: date, selesai: date) -> None:
    """Temp table `perubahan`: what each submission of `submisi_dihitung` changes (the counting rule)."""
    con.execute(
        "create or replace temp table perubahan as " + sql_text("marts/perubahan_rumah_tangga"),
        {"mulai": mulai, "selesai": selesai},
    )


def build_marts(con: duckdb.DuckDBPyConnection, mulai: date, selesai: date, temp: bool = False) -> None:
    """Both marts over every submission, as tables `rumah_tangga` and `capaian_harian_desa` (temp tables when
    `temp`, e.g. to compare a read-only store's incremental marts with a rebuild). Both are sums of one pass of
    perubahan_rumah_tangga.sql, the counting rule an import applies to the households it touches."""
    kind = "temp table" if temp else "table"
    con.execute("create or replace temp view submisi_dihitung as select * from submisi")
    _changes(con, mulai, selesai)
    con.execute("create or replace temp table kontribusi_semua as " + sql_text("marts/kontribusi_harian"))
    con.execute(f"create or replace {kind} rumah_tangga as " + sql_text("marts/rumah_tangga"))
    con.execute(
        f"create or replace {kind} capaian_harian_desa as " + sql_text("marts/capaian_harian_desa"),
        {"mulai": mulai, "selesai": selesai},
    )
    con.execute("drop table kontribusi_semua")
    con.execute("drop table perubahan")


def plausible_instants() -> tuple[datetime, datetime]:
    """[from, until) of every instant an export may hold, in WIB: pantau.toml [impor]."""
    cfg = config.load()
    return (
        datetime(cfg.tahun_paling_awal, 1, 1, tzinfo=ZoneInfo(WIB)),
        datetime(cfg.tahun_paling_akhir + 1, 1, 1, tzinfo=ZoneInfo(WIB)),
    )


def salt_fingerprint(salt: bytes) -> str:
    """What the store records about its salt: enough to recognise it, useless to recover it."""
    return hashlib.sha256(b"pantau-sidik-garam\x00" + salt).hexdigest()


def _checked_salt(con: duckdb.DuckDBPyConnection, path: Path) -> str:
    meta = read_meta(con)
    recorded = meta.get("garam_sidik")
    if not path.exists():
        hashed = con.sql("select count(*) from submisi where starts_with(rumah_tangga, 'kk:')").fetchall()[0][0]
        if recorded or hashed:
            # a new salt would hash the same households differently: they would count twice
            raise StoreError("garam_hilang", path)
        _create_salt(path)
    raw = path.read_bytes()
    # an editor's final newline is not part of the salt; every other byte is
    salt = raw.rstrip(b"\r\n")
    if not salt:
        raise StoreError("garam_kosong", path)
    if len(salt) < SALT_MIN_BYTES:
        raise StoreError("garam_pendek", path, panjang=len(salt), minimal=SALT_MIN_BYTES)
    fingerprint = salt_fingerprint(salt)
    if recorded is None:
        # a store from before fingerprints, or a new one: its salt is the one it has been hashed with
        con.execute("insert or replace into meta values ('garam_sidik', $f)", {"f": fingerprint})
    elif recorded != fingerprint:
        raise StoreError("garam_berbeda", path)
    # latin-1 maps every byte to one character, so any byte sequence is a salt (bound, never SQL text)
    return salt.decode("latin-1")


def _create_salt(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_EXCL: two first imports racing must not write two different salts
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "w") as salt_file:
        salt_file.write(secrets.token_hex(32))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def migrate(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Bring the store open on `con` to SCHEMA_VERSION, in order; returns the version it had.

    Runs inside a writer's draft, so a migration is published with the import that caused it, or not at all.
    """
    con.execute(SCHEMA.read_text(encoding="utf-8"))
    found = int(read_meta(con).get("skema", "1"))
    if found > SCHEMA_VERSION:
        raise StoreError("skema_lebih_baru", path, versi=found, didukung=SCHEMA_VERSION)
    for version, migration in MIGRATIONS:
        if version > found:
            con.execute(migration.read_text(encoding="utf-8"))
    con.execute("insert or replace into meta values ('skema', $v)", {"v": str(SCHEMA_VERSION)})
    return found


def _marts_current(con: duckdb.DuckDBPyConnection, window: str) -> bool:
    tables = {
        name for (name,) in con.sql("select table_name from duckdb_tables() where schema_name = 'main'").fetchall()
    }
    return set(MARTS) <= tables and read_meta(con).get("jendela_marts") == window


@contextmanager
def writer(path: Path, salt_path: Path, mulai: date, selesai: date, upgrade_only: bool = False) -> Iterator[Writer]:
    """Open the next version of the store for writing; publish it atomically if the block succeeds.

    Writers queue on a lock file, so two imports never build on the same version. Raises StoreError
    for a store that cannot be opened (damaged, newer schema) or a folder that cannot be written;
    with `upgrade_only`, AlreadyCurrent when the store needs no migration (nothing is published).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(path.with_name(path.name + ".lock"), "w")  # noqa: SIM115 - held for the whole block
    except OSError as error:
        raise store_error(error, path) or StoreError("folder_tidak_bisa_ditulis", path.parent) from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        # under the lock any temporary copy is a leftover of a killed writer
        for stale in path.parent.glob(f".{glob_escape(path.name)}.tmp-*"):
            # DuckDB's spill folder (<draft>.tmp/) is a directory
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink(missing_ok=True)
        draft = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        con = None
        try:
            if path.exists():
                shutil.copyfile(path, draft)
            con = duckdb.connect(str(draft))
            con.execute(f"set TimeZone = '{WIB}'")
            # past this DuckDB spills to disk instead of growing: a 10 M-row import peaked at 9.3 GB RSS without it
            # and at 3.2 GB with 3GB (DuckDB's buffers are not all of a process); 2GB keeps it under 3 GB
            con.execute("set memory_limit = $limit", {"limit": os.environ.get("PANTAU_MEMORY_LIMIT", "2GB")})
            migrated = migrate(con, path) < SCHEMA_VERSION
            if upgrade_only and not migrated:
                raise AlreadyCurrent
            wilayah.ensure_loaded(con)
            con.execute(sql_text("staging/macros"))
            con.execute("create or replace temp table rumah_tangga_tersentuh (rumah_tangga varchar)")
            for name in ("kontribusi_lama", "kontribusi_baru"):
                con.execute(f"create or replace temp table {quote_identifier(name)} (kode_desa varchar)")
            con.execute("create or replace temp table submisi_tersentuh as select * from submisi limit 0")
            window = f"{mulai}/{selesai}"
            store_writer = Writer(con, salt_path, mulai, selesai, rebuild=migrated or not _marts_current(con, window))
            yield store_writer
            if store_writer.rebuild_marts:
                store_writer.refresh_marts()
                con.execute("insert or replace into meta values ('jendela_marts', $w)", {"w": window})
            # every row when the marts were rebuilt (a new store, a migration, a new window), else the batch's
            broken = store_writer.check_invariants(semua=store_writer.rebuild_marts)
            if broken:
                raise StoreError("invarian_dilanggar", path, aturan=", ".join(f"{rule} ({n})" for rule, n in broken))
            con.execute(
                "insert or replace into meta values ('versi', "
                "(select coalesce(max(nilai::integer), 0) + 1 from meta where kunci = 'versi')::varchar)"
            )
            con.execute("checkpoint")
            con.close()
            # every version is born private, whatever the umask or the mode of the version it was copied from
            os.chmod(draft, PRIVATE_MODE)
            _fsync(draft)
            os.replace(draft, path)
            _fsync(path.parent)
        except BaseException as error:
            if con is not None:
                con.close()
            draft.unlink(missing_ok=True)
            Path(str(draft) + ".wal").unlink(missing_ok=True)
            translated = store_error(error, path) if isinstance(error, Exception) else None
            if translated is not None and translated is not error:
                raise translated from None
            raise


def glob_escape(name: str) -> str:
    """A file name as a glob pattern matching only itself."""
    return re.sub(r"([*?\[])", r"[\1]", name)
