"""Import submission exports, targets and events into the store, under DESIGN.md's counting rules.

Every import runs inside database.writer: the file loads whole (valid rows, rejected rows, batch
record) into a copy of the store that is published only at the end, or not at all.
"""

import errno
import functools
import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from sensus.auth import audit
from sensus.core import config
from sensus.core.config import KODE_KAB
from sensus.core.progress import Progress
from sensus.ingest import bounds, sources
from sensus.ingest.sources import Contract, ImportRefused
from sensus.store import database

SUBMISI = Contract(
    required=("id_submisi", "kode_desa", "waktu_submit", "jumlah_art"),
    optional=("no_kk", "status"),
    aliases={
        "id_submisi": ("id", "id_submission", "submission_id", "idsubmisi"),
        "kode_desa": ("kode_wilayah", "kode_kelurahan", "kode_desa_kelurahan", "kd_desa", "kodedesa"),
        "waktu_submit": ("waktu", "timestamp", "submitted_at", "tanggal_submit", "waktu_kirim"),
        "jumlah_art": ("jml_art", "art", "jumlah_anggota_rumah_tangga"),
        "no_kk": ("nokk", "nomor_kk", "no_kartu_keluarga"),
        "status": ("status_submisi",),
    },
    codes=("kode_desa", "no_kk"),
)
TARGET = Contract(
    required=("kode_desa", "penduduk", "kk"),
    optional=("sumber",),
    aliases={"penduduk": ("jumlah_penduduk", "jiwa"), "kk": ("jumlah_kk", "keluarga")},
    codes=("kode_desa",),
)
KEGIATAN = Contract(
    required=("tanggal", "jenis", "kode"),
    optional=("keterangan", "simulasi"),
    aliases={"kode": ("kode_wilayah",), "jenis": ("kegiatan",)},
    codes=("kode",),
)


@dataclass
class Summary:
    """What one import did; the CLI prints it and the data view lists it."""

    berkas: str
    baris_dibaca: int = 0
    submisi_baru: int = 0
    rumah_tangga_baru: int = 0
    diperbarui: int = 0
    sama: int = 0
    duplikat: int = 0
    ditolak: int = 0
    luar_jendela: int = 0
    kolom_dibuang: tuple[str, ...] = ()
    sudah_diimpor: bool = False
    alasan_ditolak: tuple[tuple[str, int], ...] = ()  # (reason code, count), most frequent first
    kk_placeholder: int = 0  # rows whose no_kk is one digit repeated: counted by id_submisi
    lembar: tuple[tuple[str, int], ...] = ()  # XLSX: (sheet, rows read) of every sheet loaded
    lembar_dilewati: tuple[str, ...] = ()  # XLSX: sheets with another header, skipped
    # targets: villages whose target was added, changed, removed, or stayed the same
    target_perubahan: dict[str, int] | None = None
    jenis: str = "submisi"  # submisi | target | kegiatan
    impor_id: int | None = None  # the batch this import recorded (None when already imported)


# the Summary fields the impor table records
RECORDED = (
    "berkas",
    "baris_dibaca",
    "submisi_baru",
    "rumah_tangga_baru",
    "diperbarui",
    "sama",
    "duplikat",
    "ditolak",
    "luar_jendela",
    "kk_placeholder",
)


# who an import is recorded as when the caller names nobody (the demo, tests, scripts through this module)
PENGGUNA_SISTEM = "sistem"


class _AlreadyImported(Exception):
    pass


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def record_batch(con: duckdb.DuckDBPyConnection, impor_id: int, jenis: str, sha256: str, summary: Summary) -> None:
    con.execute(
        database.sql_text("ingest/impor_record"),
        {
            **{k: v for k, v in asdict(summary).items() if k in RECORDED},
            "kolom_dibuang": ", ".join(summary.kolom_dibuang),
            "impor_id": impor_id,
            "jenis": jenis,
            "sha256": sha256,
        },
    )


def _rejection_counts(con: duckdb.DuckDBPyConnection, impor_id: int) -> tuple[tuple[str, int], ...]:
    """Every rejected line of the batch by reason: the counts, not the lines kept (those are bounded)."""
    return tuple(
        con.sql(
            "select alasan, sum(jumlah)::bigint from ditolak_alasan where impor_id = $id group by alasan "
            "order by 2 desc, 1",
            params={"id": impor_id},
        ).fetchall()
    )


def _refuse_io_errors(loader):
    """A full disk, a damaged store, an unwritable folder, a salt that is not the store's: a refusal with a
    message, not a traceback; the store is as before."""

    @functools.wraps(loader)
    def wrapped(path, *args, **kwargs):
        try:
            return loader(path, *args, **kwargs)
        except database.StoreError as error:
            raise ImportRefused(error.code, str(path), penyimpanan=error.path, **error.detail) from None
        except (duckdb.IOException, OSError) as error:
            if getattr(error, "errno", None) == errno.ENOSPC or "no space left" in str(error).lower():
                raise ImportRefused("disk_penuh", str(path)) from None
            raise

    return wrapped


def _file_state(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def _check_unchanged(path: Path, before: tuple[int, int]) -> None:
    """Refuse a file that changed between hashing and reading: its rows would carry the wrong sha256."""
    if _file_state(path) != before:
        raise ImportRefused("berkas_berubah", str(path))


def _open(store_path: Path):
    cfg = config.load()
    return database.writer(store_path, config.salt_path_for(store_path), cfg.mulai, cfg.selesai)


def record_owner(
    con: duckdb.DuckDBPyConnection, impor_id: int, pengguna: str, alasan: str | None, store_path: Path
) -> None:
    """Who imported batch `impor_id`, and why it cannot be undone (a text key; None: it can), in the import's own
    write; the audit journal's earlier events are folded into the same write."""
    _run(con, "ingest/impor_oleh", impor_id=impor_id, pengguna=pengguna, alasan=alasan)
    audit.fold(con, store_path)


@_refuse_io_errors
def _load(
    path: Path,
    store_path: Path | None,
    jenis: str,
    contract: Contract,
    work: Callable[[database.Writer, int, Summary], None],
    progress: Progress | None = None,
    stage_options: Callable[[database.Writer], dict] = lambda w: {},
    pengguna: str = PENGGUNA_SISTEM,
) -> Summary:
    """The import every kind of file shares: hash, skip a file already imported, stage, `work`, record the batch.

    Raises ImportRefused when the file is refused whole; then nothing in the store changed.
    """
    path = Path(path)
    store_path = Path(store_path or config.load().store_path)
    sources.check_path(path)
    progress = progress or Progress(lambda stage, percent: None)
    progress.step("sha256")
    before = _file_state(path)
    sha256 = file_sha256(path)
    summary = Summary(berkas=path.name, jenis=jenis)
    try:
        with _open(store_path) as w, progress.watching(w.con):
            already = "select 1 from impor where sha256 = $s and jenis = $jenis"
            if w.con.sql(already, params={"s": sha256, "jenis": jenis}).fetchall():
                raise _AlreadyImported
            impor_id = w.next_import_id()
            progress.step("membaca berkas")
            staged = sources.stage(w.con, path, contract, "staged", **stage_options(w))
            # the rows read must be the bytes hashed: a file still being written is refused, not half loaded
            _check_unchanged(path, before)
            summary.baris_dibaca, summary.kolom_dibuang = staged.rows, staged.dropped
            summary.lembar, summary.lembar_dilewati = staged.lembar, staged.lembar_dilewati
            work(w, impor_id, summary)
            record_batch(w.con, impor_id, jenis, sha256, summary)
            # the undo bookkeeping `work` wrote and who imported: in this write, published with the rows or not at all
            record_owner(w.con, impor_id, pengguna, None, store_path)
            summary.impor_id = impor_id
            summary.alasan_ditolak = _rejection_counts(w.con, impor_id)
            progress.step("memperbarui ringkasan")
    except _AlreadyImported:
        summary.sudah_diimpor = True
    return summary


def _run(con: duckdb.DuckDBPyConnection, name: str, **params) -> None:
    con.execute(database.sql_text(name), params or None)


def ingest_submissions(
    path: Path, store_path: Path | None = None, progress: Progress | None = None, pengguna: str = PENGGUNA_SISTEM
) -> Summary:
    """Import one export of submissions; raises ImportRefused when the file is refused whole."""
    cfg = config.load()
    progress = progress or Progress(lambda stage, percent: None)

    def hashing_no_kk(w: database.Writer) -> dict:
        return {
            "extra": {
                # no_kk is hashed as it is read; its clear value never lands in any table. One digit
                # repeated (0000000000000000) is a placeholder, no household's identity.
                "kk_hash": KK_HASH,
                "kk_panjang": "length(no_kk)",
                "kk_placeholder": KK_PLACEHOLDER,
            },
            "consumed": ("no_kk",),
            "params": {"salt": w.salt},
        }

    def work(w: database.Writer, impor_id: int, summary: Summary) -> None:
        progress.step("memeriksa baris")
        waktu_min, waktu_max = database.plausible_instants()
        _run(
            w.con,
            "staging/submisi",
            mulai=cfg.mulai,
            selesai=cfg.selesai,
            waktu_min=waktu_min,
            waktu_max=waktu_max,
            kode_kab=KODE_KAB,
        )
        # each step's table goes as soon as the next one holds what it needs: a 10 M-row import keeps one copy
        # of the file in memory at a time, not five
        w.con.execute("drop table staged")
        progress.step("menyimpan")
        _store_submissions(w, impor_id, Path(path).name, summary)

    return _load(path, store_path, "submisi", SUBMISI, work, progress, hashing_no_kk, pengguna)


KK_HASH = (
    "case when regexp_full_match(no_kk, '[0-9]{16}') and no_kk <> repeat(left(no_kk, 1), 16) "
    "then sha256($salt || no_kk) end"
)
KK_PLACEHOLDER = "coalesce(regexp_full_match(no_kk, '[0-9]{16}') and no_kk = repeat(left(no_kk, 1), 16), false)"


def _store_submissions(w: database.Writer, impor_id: int, berkas: str, summary: Summary) -> None:
    con = w.con
    maks = bounds.limits().baris_ditolak_maks
    batch = {"impor_id": impor_id, "berkas": berkas, "maks": maks}
    _run(con, "ingest/submisi_rejects", **batch)
    con.execute("create or replace temp view checked_rows as select * from checked")
    _run(con, "ingest/reject_counts", impor_id=impor_id)
    con.execute("drop view checked_rows")
    _run(con, "ingest/submisi_ranked")
    _run(con, "ingest/submisi_duplicates", **batch)
    _run(con, "ingest/reject_counts_duplicates", impor_id=impor_id)
    # rejects and duplicates together: the first lines of the file, at most `maks`
    _run(con, "ingest/reject_trim", impor_id=impor_id, maks=maks)
    _run(con, "ingest/submisi_incoming")
    con.execute("drop table ranked")
    _run(con, "ingest/submisi_compared")
    # the marts change for the households this batch touches, and only for them
    _run(con, "ingest/rumah_tangga_touched")
    w.begin_households()
    counts = con.sql(database.sql_text("ingest/submisi_counts")).fetchall()[0]
    (
        summary.ditolak,
        summary.duplikat,
        summary.submisi_baru,
        summary.diperbarui,
        summary.sama,
        summary.luar_jendela,
        summary.rumah_tangga_baru,
        summary.kk_placeholder,
    ) = counts
    con.execute("drop table checked")
    con.execute("drop table incoming")
    # undo bookkeeping: what the batch carried and those ids' stored rows before it (before the delete below)
    _run(con, "ingest/undo_record_carried", impor_id=impor_id)
    _run(con, "ingest/undo_record_before", impor_id=impor_id)
    _run(con, "ingest/submisi_delete_updated")
    _run(con, "ingest/submisi_merge", impor_id=impor_id)
    w.finish_households()


def _store_rejects(con: duckdb.DuckDBPyConnection, impor_id: int, berkas: str, table: str) -> int:
    """Keep the rows of `table` whose `alasan` is set, in the rejected-rows table; return how many."""
    con.execute(f"create or replace temp view checked_rows as select * from {database.quote_identifier(table)}")
    _run(con, "ingest/rejects", impor_id=impor_id, berkas=berkas, maks=bounds.limits().baris_ditolak_maks)
    _run(con, "ingest/reject_counts", impor_id=impor_id)
    return con.sql("select count(*) from checked_rows where alasan is not null").fetchall()[0][0]


def ingest_targets(path: Path, store_path: Path | None = None, pengguna: str = PENGGUNA_SISTEM) -> Summary:
    """Load registered persons and households per village; the file replaces the stored targets.

    A file without one valid row is refused whole: the stored targets stay as they were.
    """

    def work(w: database.Writer, impor_id: int, summary: Summary) -> None:
        con = w.con
        _run(con, "staging/target", berkas=Path(path).name)
        valid = con.sql("select count(*) from checked_target where alasan is null").fetchall()[0][0]
        if valid == 0:
            reasons = con.sql(
                "select alasan, count(*) from checked_target group by alasan order by 2 desc, 1 limit 3"
            ).fetchall()
            raise ImportRefused(
                "target_tanpa_baris_sah", str(path), alasan=", ".join(f"{reason} ({n})" for reason, n in reasons)
            )
        summary.ditolak = _store_rejects(con, impor_id, Path(path).name, "checked_target")
        ditambah, diubah, sama, dihapus = con.sql(database.sql_text("ingest/target_changes")).fetchall()[0]
        summary.target_perubahan = {"ditambah": ditambah, "diubah": diubah, "dihapus": dihapus, "sama": sama}
        # undo bookkeeping: the targets this file replaces
        _run(con, "ingest/undo_record_target", impor_id=impor_id)
        con.execute("delete from target")
        _run(con, "ingest/target_replace")
        summary.submisi_baru = summary.baris_dibaca - summary.ditolak

    return _load(path, store_path, "target", TARGET, work, pengguna=pengguna)


def ingest_events(path: Path, store_path: Path | None = None, pengguna: str = PENGGUNA_SISTEM) -> Summary:
    """Add outreach events; an event already stored (same day, kind, area and text) is not added again."""

    def work(w: database.Writer, impor_id: int, summary: Summary) -> None:
        add_events(w.con, impor_id, Path(path).name, summary, is_berkas=True)

    return _load(path, store_path, "kegiatan", KEGIATAN, work, pengguna=pengguna)


def add_events(con: duckdb.DuckDBPyConnection, impor_id: int, berkas: str, summary: Summary, is_berkas: bool) -> None:
    """Validate the text rows of temp table `staged` (baris, lembar, tanggal, jenis, kode, keterangan, simulasi)
    and add them. From a file (is_berkas) the events carry the batch's impor_id, and the stored events the file
    carries again are noted, so undoing the batch that added them keeps them for this one; from the page, null."""
    _run(con, "staging/kegiatan", kode_kab=KODE_KAB)
    summary.ditolak = _store_rejects(con, impor_id, berkas, "checked_kegiatan")
    before = con.sql("select count(*) from kegiatan").fetchall()[0][0]
    if is_berkas:
        _run(con, "ingest/undo_record_kegiatan", impor_id=impor_id)
    _run(con, "ingest/kegiatan_add", impor_id=impor_id if is_berkas else None)
    summary.submisi_baru = con.sql("select count(*) from kegiatan").fetchall()[0][0] - before
    summary.sama = summary.baris_dibaca - summary.ditolak - summary.submisi_baru
