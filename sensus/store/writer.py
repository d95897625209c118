"""Writing the store: a writer that publishes whole versions, and the marts it keeps current.

DuckDB allows one writing process per file and a reader holding the file blocks a writer. So a
writer never touches the published file: it copies it, changes the copy and moves it into place
with os.replace. Readers attach the published file read-only and keep seeing the version they
opened until they reopen; a killed import leaves only a stray temporary copy behind.

`open_writer` is the one way to write a store: it takes the writers' lock, checks the salt, the schema and the
region, and publishes.
"""

import glob
import hashlib
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb

from sensus.core import wilayah
from sensus.core.config import WIB, Config, Limits
from sensus.store import files
from sensus.store.errors import AlreadyCurrent, StoreError, store_error
from sensus.store.migrations import SCHEMA_VERSION, migrate, stored_version
from sensus.store.readers import check_region, connect_reader, quote_identifier, read_meta, sql_text

# derived tables, rebuilt whole in this order when a store has none yet or its window changed
MARTS = ("rumah_tangga", "capaian_harian_desa")
# a salt shorter than this is too easy to guess, so its hashes would be as good as clear KK numbers
SALT_MIN_BYTES = 16


class Writer:
    """An open copy of the store; changes become visible only when the context publishes it."""

    def __init__(self, con: duckdb.DuckDBPyConnection, salt_path: Path, cfg: Config, rebuild: bool):
        self.con = con
        self.salt_path = salt_path
        self.mulai = cfg.mulai
        self.selesai = cfg.selesai
        self.wilayah = cfg.wilayah
        self.limits = cfg.impor
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
        waktu_min, waktu_max = plausible_instants(self.limits)
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


def plausible_instants(limits: Limits) -> tuple[datetime, datetime]:
    """[from, until) of every instant an export may hold, in WIB: pantau.toml [impor]."""
    return (
        datetime(limits.tahun_paling_awal, 1, 1, tzinfo=ZoneInfo(WIB)),
        datetime(limits.tahun_paling_akhir + 1, 1, 1, tzinfo=ZoneInfo(WIB)),
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


def _marts_current(con: duckdb.DuckDBPyConnection, window: str) -> bool:
    tables = {
        name for (name,) in con.sql("select table_name from duckdb_tables() where schema_name = 'main'").fetchall()
    }
    return set(MARTS) <= tables and read_meta(con).get("jendela_marts") == window


@contextmanager
def open_writer(path: Path, cfg: Config, *, upgrade_only: bool = False) -> Iterator[Writer]:
    """Open the next version of the store at `path` for writing; publish it atomically if the block succeeds.

    `cfg` gives the region (a new store is built for it; a store of another region is refused), the census window
    the marts count in and the import's bounds; the salt is the one beside the store. Writers queue on the store's
    lock, so two imports never build on the same version. Raises StoreError for a store that cannot be opened
    (damaged, newer schema, another region) or a folder that cannot be written; with `upgrade_only`,
    AlreadyCurrent when the store needs no migration (nothing is published).
    """
    with ExitStack() as held:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            held.enter_context(files.exclusive(path))
        except OSError as error:
            raise store_error(error, path) or StoreError("folder_tidak_bisa_ditulis", path.parent) from None
        # the draft's generator gets the block's exception too (yield from), so it cleans up and translates
        yield from _write(path, cfg, upgrade_only)


def _write(path: Path, cfg: Config, upgrade_only: bool) -> Iterator[Writer]:
    # under the lock any temporary copy is a leftover of a killed writer
    for stale in path.parent.glob(f".{glob.escape(path.name)}.tmp-*"):
        # DuckDB's spill folder (<draft>.tmp/) is a directory
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink(missing_ok=True)
    draft = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    con = None
    try:
        is_new = not path.exists()
        if not is_new:
            shutil.copyfile(path, draft)
        con = duckdb.connect(str(draft))
        con.execute(f"set TimeZone = '{WIB}'")
        # past this DuckDB spills to disk instead of growing: 2GB keeps a 10 M-row import's process under 3 GB
        con.execute("set memory_limit = $limit", {"limit": cfg.memory_limit})
        migrated = migrate(con, path, cfg.wilayah, is_new) < SCHEMA_VERSION
        check_region(read_meta(con), path, cfg.wilayah)
        if upgrade_only and not migrated:
            raise AlreadyCurrent
        wilayah.ensure_loaded(con, cfg.wilayah.kode)
        con.execute(sql_text("staging/macros"))
        con.execute("create or replace temp table rumah_tangga_tersentuh (rumah_tangga varchar)")
        for name in ("kontribusi_lama", "kontribusi_baru"):
            con.execute(f"create or replace temp table {quote_identifier(name)} (kode_desa varchar)")
        con.execute("create or replace temp table submisi_tersentuh as select * from submisi limit 0")
        window = f"{cfg.mulai}/{cfg.selesai}"
        rebuild = migrated or not _marts_current(con, window)
        store_writer = Writer(con, files.salt_path(path), cfg, rebuild=rebuild)
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
        os.chmod(draft, files.PRIVATE_MODE)
        files.fsync(draft)
        os.replace(draft, path)
        files.fsync(path.parent)
    except BaseException as error:
        if con is not None:
            con.close()
        draft.unlink(missing_ok=True)
        Path(str(draft) + ".wal").unlink(missing_ok=True)
        translated = store_error(error, path) if isinstance(error, Exception) else None
        if translated is not None and translated is not error:
            raise translated from None
        raise


def connect_current(path: Path, cfg: Config) -> duckdb.DuckDBPyConnection:
    """A reader on a store of the configured region at this version's schema. A store an older Pantau wrote is
    brought up first, published as its next version with the same figures, as any import would do; one a newer
    Pantau wrote, or one built for another region, is refused."""
    con = connect_reader(path, region=cfg.wilayah)
    try:
        found = stored_version(con)
    except (duckdb.Error, ValueError):  # no meta table, or a schema that is not a number: not a store of ours
        con.close()
        raise StoreError("penyimpanan_rusak", path) from None
    if found == SCHEMA_VERSION:
        return con
    con.close()
    if found > SCHEMA_VERSION:
        raise StoreError("skema_lebih_baru", path, versi=found, didukung=SCHEMA_VERSION)
    try:
        with open_writer(path, cfg, upgrade_only=True):
            pass
    except AlreadyCurrent:  # another server upgraded it while this one waited for the lock
        pass
    return connect_reader(path, region=cfg.wilayah)
