"""Import batches as the data officer handles them: a dry run, an import that records who and what, and undo.

Built on the importer's public functions, so a file goes through exactly the path of `python -m sensus ingest`:
- dry_run: the import into a throwaway link of the published store; its summary and rejected lines, the store
  untouched (the writer copies the file it is given and publishes over the link, never over the original);
- ingest_submissions: the import itself, then a second small write recording who imported it, the rows the
  batch carried and those ids' rows just before it, which is what an exact undo needs;
- undo: the store as it would be without one batch, later batches kept, marked in the history.
Uploads queue behind a running import on the store's writer lock.
"""

import fcntl
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from sensus.auth import audit
from sensus.core import config
from sensus.core.progress import Progress
from sensus.ingest import importer
from sensus.ingest.sources import ImportRefused
from sensus.store import database

COLUMNS = ("id_submisi", "kode_desa", "waktu_submit", "tanggal", "jumlah_art", "rumah_tangga", "status")
# rejected lines shown under a dry run; the store keeps all of them once saved
DRY_RUN_LINES = 200


class UndoRefused(Exception):
    """An undo that cannot be done exactly; nothing changed. `code` keys the message, `detail` fills it."""

    def __init__(self, code: str, **detail):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


@dataclass
class DryRun:
    summary: importer.Summary
    ditolak: pl.DataFrame  # baris, alasan, nilai of the first DRY_RUN_LINES rejected lines


def _store(store_path: Path | None) -> Path:
    return Path(store_path or config.load().store_path)


@contextmanager
def _scratch(store_path: Path, link_store: bool) -> Iterator[Path]:
    """A scratch store beside the real one (same disk, so a hard link works), with the same no_kk salt."""
    folder = Path(tempfile.mkdtemp(prefix=f".{store_path.name}.scratch-", dir=store_path.parent))
    try:
        scratch = folder / store_path.name
        if link_store and store_path.exists():
            os.link(store_path, scratch)
        salt = config.salt_path_for(store_path)
        if salt.exists():
            shutil.copyfile(salt, config.salt_path_for(scratch))
        yield scratch
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def dry_run(path: Path, store_path: Path | None = None) -> DryRun:
    """What importing `path` would do, without changing the store; ImportRefused when it would be refused."""
    store_path = _store(store_path)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    with _scratch(store_path, link_store=True) as scratch:
        summary = importer.ingest_submissions(Path(path), scratch)
        ditolak = pl.DataFrame(schema={"baris": pl.Int32, "alasan": pl.String, "nilai": pl.String})
        if not summary.sudah_diimpor:
            con = database.connect_reader(scratch)
            ditolak = database.run_sql(con, "ingest/undo_dry_run_rejects", n=DRY_RUN_LINES)
            con.close()
    return DryRun(summary, ditolak)


def is_import_running(store_path: Path | None = None) -> bool:
    """True while another import holds the store's writer lock (a new one would queue behind it)."""
    lock_path = _store(store_path).with_name(_store(store_path).name + ".lock")
    if not lock_path.exists():
        return False
    with open(lock_path, "a") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(lock, fcntl.LOCK_UN)
    return False


def _carried(path: Path, store_path: Path) -> pl.DataFrame:
    """The rows the file would store into an empty store: its accepted lines, the last per id, hashed."""
    with _scratch(store_path, link_store=False) as scratch:
        importer.ingest_submissions(path, scratch)
        con = database.connect_reader(scratch)
        rows = database.run_sql(con, "ingest/undo_carried")
        con.close()
    return rows


def ingest_submissions(
    path: Path, store_path: Path | None = None, pengguna: str = "cli", progress: Progress | None = None
) -> importer.Summary:
    """Import one export as `python -m sensus ingest` does, recording who imported it and what undo needs."""
    path, store_path = Path(path), _store(store_path)
    cfg = config.load()
    carried = _carried(path, store_path)
    # the published file as it is now: the writer replaces it, never changes it, so a link keeps this version
    before = store_path.with_name(f".{store_path.name}.before-{secrets.token_hex(4)}")
    had_store = store_path.exists()
    if had_store:
        os.link(store_path, before)
    try:
        try:
            summary = importer.ingest_submissions(path, store_path, progress)
        except ImportRefused as refused:
            audit.record(pengguna, "impor_ditolak", f"{path.name}: {refused.code}", store_path)
            raise
        if summary.sudah_diimpor:
            return summary
        sha256 = importer.file_sha256(path)
        with database.writer(store_path, config.salt_path_for(store_path), cfg.mulai, cfg.selesai) as w:
            impor_id = w.con.sql(
                "select max(impor_id) from impor where sha256 = $s and jenis = 'submisi'", params={"s": sha256}
            ).fetchall()[0][0]
            exact = _record_before(w.con, before if had_store else None, impor_id, carried)
            w.con.execute(
                "insert into impor_oleh values ($impor_id, $pengguna, $exact)",
                {"impor_id": impor_id, "pengguna": pengguna, "exact": exact},
            )
            audit.record(
                pengguna,
                "impor",
                f"#{impor_id} {summary.berkas}: {summary.baris_dibaca} baris, {summary.submisi_baru} baru, "
                f"{summary.diperbarui} diperbarui, {summary.ditolak} ditolak",
                store_path,
            )
            audit.fold(w.con, store_path)
        return summary
    finally:
        before.unlink(missing_ok=True)


def _record_before(con: duckdb.DuckDBPyConnection, before: Path | None, impor_id: int, carried: pl.DataFrame) -> bool:
    """Keep the batch's rows and those ids' rows before it; False when `before` is not the version it built on."""
    con.register("carried", carried.to_arrow())
    try:
        if before is not None:
            con.execute("attach $path as sebelum (read_only)", {"path": str(before)})
            last = con.sql("select coalesce(max(impor_id), 0) from sebelum.impor").fetchall()[0][0]
        else:
            last = 0
        if last != impor_id - 1:
            # another import published between the link and this one: the rows before it are not known
            return False
        con.execute(database.sql_text("ingest/undo_record_carried"), {"impor_id": impor_id})
        if before is not None:
            con.execute(database.sql_text("ingest/undo_record_before"), {"impor_id": impor_id})
        return True
    finally:
        con.unregister("carried")
        if before is not None:
            con.execute("detach database if exists sebelum")


def undo(impor_id: int, pengguna: str, store_path: Path | None = None) -> int:
    """Take one submission batch back: the store as it would be without it, later batches kept; rows changed."""
    store_path = _store(store_path)
    cfg = config.load()
    with database.writer(store_path, config.salt_path_for(store_path), cfg.mulai, cfg.selesai) as w:
        con = w.con
        batch = database.run_sql(con, "ingest/undo_batch", impor_id=impor_id)
        if batch.is_empty():
            raise UndoRefused("batal_tidak_ada", impor_id=impor_id)
        row = batch.row(0, named=True)
        if row["is_dibatalkan"]:
            raise UndoRefused("batal_sudah", impor_id=impor_id)
        if row["jenis"] != "submisi" or not row["is_bisa_batal"]:
            raise UndoRefused("batal_tidak_tercatat", impor_id=impor_id, berkas=row["berkas"])
        blockers = database.run_sql(con, "ingest/undo_blockers", impor_id=impor_id)
        if not blockers.is_empty():
            raise UndoRefused("batal_terhalang", impor_id=impor_id, berkas=", ".join(blockers["berkas"]))
        # the marts follow only the households the undo touches: the batch's, the rows it replaced and the rows
        # the later batches left for the same ids
        con.execute(database.sql_text("ingest/undo_households"), {"impor_id": impor_id})
        w.begin_households()
        changed = _replay_without(con, impor_id)
        w.finish_households(rescan=True)
        con.execute("delete from baris_ditolak where impor_id = $id", {"id": impor_id})
        con.execute("delete from batch_submisi where impor_id = $id", {"id": impor_id})
        con.execute("delete from batch_sebelum where impor_id = $id", {"id": impor_id})
        # the same file may be imported again after an undo: the importer skips files whose sha256 it holds
        con.execute("update impor set sha256 = 'batal:' || sha256 where impor_id = $id", {"id": impor_id})
        con.execute("insert into impor_batal values ($id, now(), $pengguna)", {"id": impor_id, "pengguna": pengguna})
        audit.record(pengguna, "batal_impor", f"#{impor_id} {row['berkas']}: {changed} baris", store_path)
        audit.fold(con, store_path)
    return changed


def _replay_without(con: duckdb.DuckDBPyConnection, impor_id: int) -> int:
    """Rewrite the rows the batch carried as the later batches alone would have left them.

    For each id: start from its row before the batch (or none), apply every later batch that carried it in
    order (a later value replaces the stored one; a first appearance sets impor_pertama), and correct those
    later batches' own 'before' rows, so undoing one of them afterwards is exact too.
    """
    values = list(COLUMNS[1:])
    sebelum = {
        r["id_submisi"]: r
        for r in con.sql("select * exclude (impor_id) from batch_sebelum where impor_id = $id", params={"id": impor_id})
        .pl()
        .iter_rows(named=True)
    }
    ids = con.sql("select id_submisi from batch_submisi where impor_id = $id", params={"id": impor_id}).pl()
    later: dict[str, list[dict]] = {}
    for r in database.run_sql(con, "ingest/undo_later", impor_id=impor_id).iter_rows(named=True):
        later.setdefault(r["id_submisi"], []).append(r)
    final, new_before = [], []
    for id_submisi in ids["id_submisi"]:
        state = sebelum.get(id_submisi)
        for m in later.get(id_submisi, []):
            new_before.append((m["impor_id"], id_submisi, state))
            if state is None:
                state = {**{c: m[c] for c in COLUMNS}, "impor_pertama": m["impor_id"], "impor_terakhir": m["impor_id"]}
            elif any(state[c] != m[c] for c in values):
                state = {**state, **{c: m[c] for c in values}, "impor_terakhir": m["impor_id"]}
        final.append(state)
    con.register("ids_batal", ids.to_arrow())
    con.execute("delete from submisi where id_submisi in (select id_submisi from ids_batal)")
    con.unregister("ids_batal")
    kept = [s for s in final if s is not None]
    if kept:
        frame = pl.DataFrame(kept).select(*COLUMNS, "impor_pertama", "impor_terakhir")
        con.register("dipulihkan", frame.to_arrow())
        con.execute(database.sql_text("ingest/undo_restore"))
        con.unregister("dipulihkan")
    for m, id_submisi, state in new_before:
        con.execute("delete from batch_sebelum where impor_id = $m and id_submisi = $i", {"m": m, "i": id_submisi})
        if state is not None:
            con.execute(
                "insert into batch_sebelum values ($m, $id_submisi, $kode_desa, $waktu_submit, $tanggal, $jumlah_art,"
                " $rumah_tangga, $status, $impor_pertama, $impor_terakhir)",
                {"m": m, **{k: state[k] for k in (*COLUMNS, "impor_pertama", "impor_terakhir")}},
            )
    return ids.height
