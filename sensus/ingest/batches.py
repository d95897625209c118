"""Import batches as the data officer handles them: a dry run, an import that records who and what, and undo.

Built on the importer's public functions, so a file goes through exactly the path of `python -m sensus ingest`:
- dry_run: the import into a throwaway link of the published store; its summary and rejected lines, the store
  untouched (the writer copies the file it is given and publishes over the link, never over the original);
- ingest: the import itself. Every import writes, in its own write, who imported it (impor_oleh) and what an
  exact undo needs: for submissions the rows the batch carried and those ids' rows before it (batch_submisi,
  batch_sebelum), for targets the targets it replaced (target_sebelum), for events their impor_id;
- undo: the store as it would be without one batch, later batches kept, marked in the history.
Uploads queue behind a running import on the store's writer lock.

Every one takes the acting user's scope: a user bound to a kecamatan may import only a file whose rows all lie in
it (else ImportRefused `impor_luar_cakupan`, nothing stored), no targets file (it replaces every village's), and
sees and undoes only imports that touched nothing outside it (else UndoRefused `batal_luar_cakupan`).
"""

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from sensus.auth import audit
from sensus.core import i18n
from sensus.core.config import Config
from sensus.core.progress import Progress
from sensus.core.scope import KABUPATEN, Scope
from sensus.ingest import importer
from sensus.ingest.sources import ImportRefused
from sensus.store import database, files

COLUMNS = ("id_submisi", "kode_desa", "waktu_submit", "tanggal", "jumlah_art", "rumah_tangga", "status")
# rejected lines shown under a dry run; the store keeps all of them once saved
DRY_RUN_LINES = 200


class UndoRefused(Exception):
    """An undo that cannot be done exactly; nothing changed. `code` keys the message, `detail` fills it."""

    def __init__(self, code: str, **detail):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class Batal:
    """What an undo did: the batch's kind, and how many submissions, villages' targets or events changed; of the
    submissions, `dipulihkan` were put back as they stood before the batch (or as later batches left them), the
    others removed."""

    jenis: str
    n: int
    dipulihkan: int = 0

    def message(self, bahasa: str, impor_id: int) -> str:
        """The done undo in words: removed submissions said as removed, restored ones only when there are any."""
        key = SELESAI[self.jenis] if not self.dipulihkan else "batal_selesai_dipulihkan"
        angka = {"n": self.n - self.dipulihkan if self.jenis == "submisi" else self.n, "dipulihkan": self.dipulihkan}
        return i18n.t(key, bahasa, impor_id=impor_id, **{k: i18n.angka(v, bahasa) for k, v in angka.items()})


# after any undo: the batch's rejected lines go, its file may come again, the history marks it undone
UNDO_RECORD_STEPS = (
    "ingest/undo_rejects_forget",
    "ingest/undo_reject_counts_forget",
    "ingest/undo_impor_rename",
    "ingest/undo_impor_mark",
)

# the message of a done undo, per kind of batch
SELESAI = {"submisi": "batal_selesai", "target": "batal_selesai_target", "kegiatan": "batal_selesai_kegiatan"}


@dataclass
class DryRun:
    summary: importer.Summary
    ditolak: pl.DataFrame  # baris, alasan, nilai of the first DRY_RUN_LINES rejected lines


@contextmanager
def _scratch(store_path: Path) -> Iterator[Path]:
    """A hard link of the store in a scratch folder beside it (same disk), with the same no_kk salt."""
    folder = Path(tempfile.mkdtemp(prefix=f".{store_path.name}.scratch-", dir=store_path.parent))
    try:
        scratch = folder / store_path.name
        if store_path.exists():
            os.link(store_path, scratch)
        salt = files.salt_path(store_path)
        if salt.exists():
            shutil.copyfile(salt, files.salt_path(scratch))
        yield scratch
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def refuse_into_demo(path: Path, store_path: Path) -> None:
    """Real files never go into the demo store (its builder imports through sensus.ingest.importer, not here)."""
    if database.is_demo_store(store_path):
        raise ImportRefused("penyimpanan_demo", Path(path).name)


def dry_run(path: Path, store_path: Path, scope: Scope = KABUPATEN, jenis: str = "submisi", *, cfg: Config) -> DryRun:
    """What importing `path` would do, without changing the store; ImportRefused when it would be refused, for a
    bound `scope` also when the file holds a row outside its kecamatan."""
    store_path = Path(store_path)
    refuse_into_demo(path, store_path)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    _refuse_targets_outside(jenis, Path(path), scope)
    with _scratch(store_path) as scratch:
        summary = LOADERS[jenis](Path(path), scratch, cfg=cfg)
        ditolak = pl.DataFrame(schema={"baris": pl.Int32, "alasan": pl.String, "nilai": pl.String})
        if not summary.sudah_diimpor:
            con = database.connect_reader(scratch)
            try:
                _refuse_rows_outside(con, summary, Path(path), scope)
                ditolak = database.run_sql(con, "ingest/undo_dry_run_rejects", n=DRY_RUN_LINES)
            finally:
                con.close()
    return DryRun(summary, ditolak)


def _refuse_targets_outside(jenis: str, path: Path, scope: Scope) -> None:
    # a targets file replaces the targets of every village: a kabupaten-wide write
    if scope.is_bound and jenis == "target":
        raise ImportRefused("impor_target_luar_cakupan", path.name, kecamatan=scope.bound_kec)


def _refuse_rows_outside(con: duckdb.DuckDBPyConnection, summary: importer.Summary, path: Path, scope: Scope) -> None:
    """ImportRefused when the batch just imported (into a scratch store) touched an area outside a bound scope."""
    if not scope.is_bound or summary.impor_id is None:
        return
    outside = database.run_sql(con, "ingest/undo_cakupan", kode_kec=scope.bound_kec)
    if summary.impor_id in outside["impor_id"].to_list():
        raise ImportRefused("impor_luar_cakupan", path.name, kecamatan=scope.bound_kec)


def is_import_running(store_path: Path) -> bool:
    """True while another import holds the store's writer lock (a new one would queue behind it)."""
    return files.is_locked(Path(store_path))


LOADERS = {
    "submisi": importer.load_submissions,
    "target": importer.ingest_targets,
    "kegiatan": importer.ingest_events,
}


def ingest(
    jenis: str,
    path: Path,
    store_path: Path,
    pengguna: str = "cli",
    progress: Progress | None = None,
    is_refusal_audited: bool = True,
    scope: Scope = KABUPATEN,
    *,
    cfg: Config,
) -> importer.Summary:
    """Import one file of `jenis` (submisi | target | kegiatan) as `pengguna`; audited, undoable.

    For a bound `scope` the file is first tried on a scratch copy: one row outside the kecamatan refuses it whole.
    is_refusal_audited=False: a refused file leaves no trace beside the store (the command line, whose message
    on stderr is the record); the dashboard's refused uploads go to the audit log."""
    path, store_path = Path(path), Path(store_path)
    options = {"progress": progress} if progress is not None else {}
    try:
        refuse_into_demo(path, store_path)
        if scope.is_bound:
            dry_run(path, store_path, scope, jenis, cfg=cfg)
        summary = LOADERS[jenis](path, store_path, pengguna=pengguna, cfg=cfg, **options)
    except ImportRefused as refused:
        if not is_refusal_audited:
            raise
        # a store folder that cannot hold the journal either: the refusal says so, and is the report
        with contextlib.suppress(OSError):
            audit.record(
                pengguna,
                "impor_ditolak",
                f"{path.name}: {refused.code}",
                store_path,
                postgres=cfg.postgres,
                kabupaten=cfg.kode_kab,
            )
        raise
    if not summary.sudah_diimpor:
        # after the publish: the journal never names an import the store does not hold (folded at the next write)
        audit.record(
            pengguna,
            "impor",
            f"#{summary.impor_id} {summary.berkas}: {summary.baris_dibaca} baris, {summary.submisi_baru} baru, "
            f"{summary.diperbarui} diperbarui, {summary.ditolak} ditolak",
            store_path,
            postgres=cfg.postgres,
            kabupaten=cfg.kode_kab,
        )
    return summary


def ingest_submissions(
    path: Path,
    store_path: Path,
    pengguna: str = "cli",
    progress: Progress | None = None,
    scope: Scope = KABUPATEN,
    *,
    cfg: Config,
) -> importer.Summary:
    """Import one export as `python -m sensus ingest` does, recording who imported it and what undo needs: the one
    public entry for a submissions export (audited, scoped; the importer's own loading step is not)."""
    return ingest("submisi", path, store_path, pengguna, progress, scope=scope, cfg=cfg)


def _outside(con: duckdb.DuckDBPyConnection, scope: Scope) -> list[int]:
    """The imports a bound scope may not see or undo (none for the kabupaten)."""
    if not scope.is_bound:
        return []
    return database.run_sql(con, "ingest/undo_cakupan", kode_kec=scope.bound_kec)["impor_id"].to_list()


def undo_choices(store_path: Path, scope: Scope = KABUPATEN) -> pl.DataFrame:
    """The imports not undone yet, newest first: impor_id, jenis, berkas, pengguna, and `alasan` (a text key) when
    one cannot be undone. A bound scope gets only the imports that touched nothing outside its kecamatan."""
    con = database.connect_reader(Path(store_path))
    try:
        choices = database.run_sql(con, "ingest/undo_choices")
        return choices.filter(~pl.col("impor_id").is_in(_outside(con, scope)))
    finally:
        con.close()


def undo(impor_id: int, pengguna: str, store_path: Path, scope: Scope = KABUPATEN, *, cfg: Config) -> Batal:
    """Take one batch back: the store as it would be without it, later batches kept. Returns what changed:
    submissions restored or removed, villages whose targets were restored, events removed. A bound scope may
    undo only an import that touched nothing outside its kecamatan (checked in the same write). `cfg` gives the
    region and window the store is written under."""
    store_path = Path(store_path)
    with database.open_writer(store_path, cfg) as w:
        con = w.con
        batch = database.run_sql(con, "ingest/undo_batch", impor_id=impor_id)
        # an import out of scope is refused as one that does not exist would be: its number tells nothing more
        if batch.is_empty():
            raise UndoRefused("batal_tidak_ada", impor_id=impor_id)
        if impor_id in _outside(con, scope):
            raise UndoRefused("batal_luar_cakupan", impor_id=impor_id, kecamatan=scope.bound_kec)
        row = batch.row(0, named=True)
        if row["is_dibatalkan"]:
            raise UndoRefused("batal_sudah", impor_id=impor_id)
        if not row["is_bisa_batal"]:
            raise UndoRefused(row["alasan"], impor_id=impor_id, berkas=row["berkas"])
        restored = 0
        if row["jenis"] == "submisi":
            changed, restored = _undo_submissions(w, impor_id, scope)
        elif row["jenis"] == "target":
            changed = _undo_targets(con, impor_id)
        else:
            changed = _undo_events(con, impor_id)
        importer.run_steps(con, UNDO_RECORD_STEPS, {"impor_id": impor_id, "pengguna": pengguna})
        audit.record(
            pengguna,
            "batal_impor",
            f"#{impor_id} {row['berkas']}: {changed} baris",
            store_path,
            postgres=cfg.postgres,
            kabupaten=cfg.kode_kab,
        )
        audit.fold(con, store_path)
    return Batal(row["jenis"], changed, restored)


def _undo_submissions(w: database.Writer, impor_id: int, scope: Scope) -> tuple[int, int]:
    """(the submissions the batch carried, those of them put back rather than removed)"""
    con = w.con
    blockers = database.run_sql(con, "ingest/undo_blockers", impor_id=impor_id)
    if not blockers.is_empty():
        # a bound user is not told the file names of imports outside their kecamatan: their numbers only
        named = [f"#{i}" for i in blockers["impor_id"]] if scope.is_bound else blockers["berkas"].to_list()
        raise UndoRefused("batal_terhalang", impor_id=impor_id, berkas=", ".join(named))
    # the marts follow only the households the undo touches: the batch's, the rows it replaced and the rows
    # the later batches left for the same ids
    batch = {"impor_id": impor_id}
    importer.run_steps(con, ("ingest/undo_households",), batch)
    w.begin_households()
    changed = _replay_without(con, impor_id)
    w.finish_households(rescan=True)
    importer.run_steps(con, ("ingest/undo_batch_submisi_forget", "ingest/undo_batch_sebelum_forget"), batch)
    return changed


def _undo_targets(con: duckdb.DuckDBPyConnection, impor_id: int) -> int:
    """A targets file replaces the targets whole: undoing the latest one restores those it replaced; undoing an
    earlier one changes no target (the later file replaced them all) and hands its record to the later file."""
    berikut = database.run_sql(con, "ingest/undo_target_next", impor_id=impor_id)["impor_id"][0]
    if berikut is not None:
        importer.run_steps(con, ("ingest/undo_target_sebelum_forget",), {"impor_id": berikut})
        importer.run_steps(con, ("ingest/undo_target_pass",), {"impor_id": impor_id, "berikut": berikut})
        return 0
    rows = importer.run_steps(con, UNDO_TARGET_STEPS, {"impor_id": impor_id})
    return rows["ingest/target_count"][0][0]


# undoing the latest targets file: the targets it replaced come back, and how many villages have one
UNDO_TARGET_STEPS = (
    "ingest/target_delete",
    "ingest/undo_target_restore",
    "ingest/undo_target_sebelum_forget",
    "ingest/target_count",
)


def _undo_events(con: duckdb.DuckDBPyConnection, impor_id: int) -> int:
    """Remove the events the file added, but those a later file carried again (they become that file's)."""
    rows = importer.run_steps(con, UNDO_KEGIATAN_STEPS, {"impor_id": impor_id})
    return rows["ingest/undo_kegiatan_count"][0][0]


UNDO_KEGIATAN_STEPS = (
    "ingest/undo_kegiatan_pass",
    "ingest/undo_kegiatan_owned",
    "ingest/undo_kegiatan_count",  # the events removed
    "ingest/undo_kegiatan_delete",
    "ingest/undo_kegiatan_sama_forget",
)


def _replay_without(con: duckdb.DuckDBPyConnection, impor_id: int) -> tuple[int, int]:
    """Rewrite the rows the batch carried as the later batches alone would have left them.

    For each id: start from its row before the batch (or none), apply every later batch that carried it in
    order (a later value replaces the stored one; a first appearance sets impor_pertama), and correct those
    later batches' own 'before' rows, so undoing one of them afterwards is exact too.
    """
    values = list(COLUMNS[1:])
    before_rows = database.run_sql(con, "ingest/undo_before_rows", impor_id=impor_id)
    sebelum = {r["id_submisi"]: r for r in before_rows.iter_rows(named=True)}
    ids = database.run_sql(con, "ingest/undo_carried_ids", impor_id=impor_id)
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
    con.execute(database.sql_text("ingest/undo_submisi_delete"))
    con.unregister("ids_batal")
    kept = [s for s in final if s is not None]
    if kept:
        frame = pl.DataFrame(kept).select(*COLUMNS, "impor_pertama", "impor_terakhir")
        con.register("dipulihkan", frame.to_arrow())
        con.execute(database.sql_text("ingest/undo_restore"))
        con.unregister("dipulihkan")
    if new_before:
        # the later batches' "before" rows, corrected in two statements (one per row took minutes for 20 k rows)
        corrected = pl.DataFrame(
            [{"impor_id": m, "id_submisi": i} for m, i, _ in new_before],
            schema={"impor_id": pl.Int32, "id_submisi": pl.String},
        )
        con.register("sebelum_dikoreksi", corrected.to_arrow())
        con.execute(database.sql_text("ingest/undo_before_forget"))
        con.unregister("sebelum_dikoreksi")
        kept_before = [{**state, "impor_id": m} for m, _, state in new_before if state is not None]
        if kept_before:
            frame = pl.DataFrame(kept_before).select("impor_id", *COLUMNS, "impor_pertama", "impor_terakhir")
            con.register("sebelum_baru", frame.to_arrow())
            con.execute(database.sql_text("ingest/undo_before_correct"))
            con.unregister("sebelum_baru")
    return ids.height, len(kept)
