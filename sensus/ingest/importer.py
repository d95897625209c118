"""Import submission exports, targets and events into the store.

Every import runs inside database.writer: the file loads whole (valid rows, rejected rows, batch
record) into a copy of the store that is published only at the end, or not at all. An import is a list of
steps run in order (SUBMISI_STEPS, TARGET_STEPS, KEGIATAN_STEPS): SQL files of queries/ whose headers say what
each reads and writes, and the writer's own steps; docs/IMPORT.md draws the graph.
"""

import errno
import functools
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb

from sensus.auth import audit
from sensus.core.config import Config
from sensus.core.progress import Progress
from sensus.ingest import sources
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
    return tuple(con.execute(database.sql_text("ingest/reject_reasons"), {"impor_id": impor_id}).fetchall())


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


def _open(store_path: Path, cfg: Config):
    return database.open_writer(store_path, cfg)


def record_owner(
    con: duckdb.DuckDBPyConnection, impor_id: int, pengguna: str, alasan: str | None, store_path: Path
) -> None:
    """Who imported batch `impor_id`, and why it cannot be undone (a text key; None: it can), in the import's own
    write; the audit journal's earlier events are folded into the same write."""
    con.execute(database.sql_text("ingest/impor_oleh"), {"impor_id": impor_id, "pengguna": pengguna, "alasan": alasan})
    audit.fold(con, store_path)


@_refuse_io_errors
def _load(
    path: Path,
    store_path: Path | None,
    jenis: str,
    contract: Contract,
    work: Callable[[database.Writer, int, Summary], None],
    cfg: Config,
    progress: Progress | None = None,
    stage_options: Callable[[database.Writer], dict] = lambda w: {},
    pengguna: str = PENGGUNA_SISTEM,
) -> Summary:
    """The import every kind of file shares: hash, skip a file already imported, stage, `work`, record the batch.

    Raises ImportRefused when the file is refused whole; then nothing in the store changed.
    """
    path = Path(path)
    store_path = Path(store_path or cfg.store_path)
    sources.check_path(path)
    progress = progress or Progress(lambda stage, percent: None)
    progress.step("sha256")
    before = _file_state(path)
    sha256 = file_sha256(path)
    summary = Summary(berkas=path.name, jenis=jenis)
    try:
        with _open(store_path, cfg) as w, progress.watching(w.con):
            if w.con.execute(database.sql_text("ingest/impor_sudah"), {"sha256": sha256, "jenis": jenis}).fetchall():
                raise _AlreadyImported
            impor_id = w.next_import_id()
            progress.step("membaca berkas")
            try:
                staged = sources.stage(w.con, path, contract, "staged", **stage_options(w), limits=cfg.impor)
            except ImportRefused:
                # a file still being written reads as broken (a half line): say it changed, not that it is broken
                _check_unchanged(path, before)
                raise
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


def load_submissions(
    path: Path,
    store_path: Path | None = None,
    progress: Progress | None = None,
    pengguna: str = PENGGUNA_SISTEM,
    *,
    cfg: Config,
) -> Summary:
    """Import one export of submissions, unaudited; raises ImportRefused when the file is refused whole.

    The one public entry is sensus.ingest.batches.ingest_submissions, which also records the import in the audit
    journal and checks the user's scope. This is its loading step (and the demo builder's, whose store takes no
    audited imports)."""
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
        waktu_min, waktu_max = database.plausible_instants(cfg.impor)
        params = {
            "impor_id": impor_id,
            "berkas": Path(path).name,
            "maks": cfg.impor.baris_ditolak_maks,
            "checked": "submisi_checked",
            "mulai": cfg.mulai,
            "selesai": cfg.selesai,
            "waktu_min": waktu_min,
            "waktu_max": waktu_max,
            "kode_kab": cfg.kode_kab,
        }
        hooks = {
            BEGIN_HOUSEHOLDS: lambda rows: w.begin_households(),
            FINISH_HOUSEHOLDS: lambda rows: w.finish_households(),
            SAVING: lambda rows: progress.step("menyimpan"),
        }
        rows = run_steps(w.con, SUBMISI_STEPS, params, hooks=hooks, inputs=("staged",))
        (
            summary.ditolak,
            summary.duplikat,
            summary.submisi_baru,
            summary.diperbarui,
            summary.sama,
            summary.luar_jendela,
            summary.rumah_tangga_baru,
            summary.kk_placeholder,
        ) = rows["ingest/submisi_counts"][0]

    return _load(path, store_path, "submisi", SUBMISI, work, cfg, progress, hashing_no_kk, pengguna)


KK_HASH = (
    "case when regexp_full_match(no_kk, '[0-9]{16}') and no_kk <> repeat(left(no_kk, 1), 16) "
    "then sha256($salt || no_kk) end"
)
KK_PLACEHOLDER = "coalesce(regexp_full_match(no_kk, '[0-9]{16}') and no_kk = repeat(left(no_kk, 1), 16), false)"

# Steps that are the writer's, not SQL files: the marts follow the households the batch touches, so the writer
# notes their contribution before `submisi` changes and updates the marts after.
BEGIN_HOUSEHOLDS = "writer: begin_households"
FINISH_HOUSEHOLDS = "writer: finish_households"
SAVING = "progress: menyimpan"
# a targets file without one valid line is refused whole: the stored targets stay as they were
REFUSE_WITHOUT_VALID = "refuse: no valid line"

# A submissions export, from the staged lines (temp table `staged`) to the stored rows. Each SQL step's header
# says what it reads and writes; docs/IMPORT.md draws the graph.
SUBMISI_STEPS = (
    "staging/submisi_checked",  # every line typed, with its rejection reason
    SAVING,
    "ingest/submisi_rejects",  # the first rejected lines kept
    "ingest/reject_counts",  # all rejected lines counted by reason
    "ingest/submisi_ranked",  # valid lines ranked within their id_submisi, last first
    "ingest/submisi_duplicates",  # earlier lines of a repeated id kept as rejected
    "ingest/reject_counts_duplicates",
    "ingest/reject_trim",  # rejects and duplicates together: the first lines of the file, at most $maks
    "ingest/submisi_incoming",  # one row per id_submisi, as it would be stored
    "ingest/submisi_compared",  # each against the stored row: new, the same, updated
    "ingest/rumah_tangga_touched",
    BEGIN_HOUSEHOLDS,
    "ingest/submisi_counts",  # the summary's figures
    # undo bookkeeping: what the batch carried and those ids' stored rows before it (before the delete below)
    "ingest/undo_record_carried",
    "ingest/undo_record_before",
    "ingest/submisi_delete_updated",
    "ingest/submisi_merge",
    FINISH_HOUSEHOLDS,
)

# A targets file: checked, its rejects kept, then it replaces the stored targets whole.
TARGET_STEPS = (
    "staging/target_checked",
    "ingest/target_reasons",
    REFUSE_WITHOUT_VALID,
    "ingest/rejects",
    "ingest/reject_counts",
    "ingest/reject_reasons",
    "ingest/target_changes",
    "ingest/undo_record_target",  # undo bookkeeping: the targets this file replaces
    "ingest/target_delete",
    "ingest/target_replace",
)

# Events, from a file or the planner's form: checked, rejects kept, the new ones added. From a file the stored
# events it carries again are noted, so undoing the batch that added them keeps them for this one.
KEGIATAN_STEPS = (
    "staging/kegiatan_checked",
    "ingest/rejects",
    "ingest/reject_counts",
    "ingest/reject_reasons",
    "ingest/undo_record_kegiatan",
    "ingest/kegiatan_add",
)


def _header_names(name: str, field: str) -> set[str]:
    """The names a step's header lists after `-- reads:` or `-- writes:` (text in parentheses is a comment)."""
    for line in database.sql_text(name).splitlines():
        if not line.startswith("--"):
            break
        if line.startswith(f"-- {field}:"):
            listed = re.sub(r"\([^)]*\)", "", line.split(":", 1)[1])
            return {word.strip() for word in listed.split(",") if word.strip() not in ("", "none")}
    raise ValueError(f"queries/{name}.sql names no `{field}:` in its header")


def step_reads(name: str) -> set[str]:
    return _header_names(name, "reads")


def step_writes(name: str) -> set[str]:
    return _header_names(name, "writes")


def step_temp_table(name: str) -> str | None:
    """The temp table a step creates: the one named after its file, when it writes one."""
    stem = name.rsplit("/", 1)[-1]
    return stem if stem in step_writes(name) else None


def _bound(text: str, params: dict) -> dict | None:
    """The parameters a statement names: DuckDB refuses any other."""
    named = set(re.findall(r"\$([a-z_0-9]+)", re.sub(r"--[^\n]*", "", text)))
    return {key: value for key, value in params.items() if key in named} or None


def drop_plan(
    steps: tuple[str, ...], params: dict, *, hooks: Mapping[str, object] = {}, inputs: tuple[str, ...] = ()
) -> list[set[str]]:
    """For each step, the temp tables to drop after it: those a step created (or `inputs`) that no later step
    reads, going by the steps' headers. Every one of them is dropped by the last step."""
    last_read: dict[str, int] = {}
    created_at: dict[str, int] = dict.fromkeys(inputs, -1)
    for index, step in enumerate(steps):
        if step in hooks:
            continue
        for table in step_reads(step):
            last_read[params.get(table[1:], table) if table.startswith("$") else table] = index
        if (table := step_temp_table(step)) is not None:
            created_at.setdefault(table, index)
    plan: list[set[str]] = [set() for _ in steps]
    for table, created in created_at.items():
        plan[max(created, last_read.get(table, -1), 0)].add(table)
    return plan


def run_steps(
    con: duckdb.DuckDBPyConnection,
    steps: tuple[str, ...],
    params: dict,
    *,
    hooks: Mapping[str, Callable[[dict[str, list[tuple]]], None]] = {},
    inputs: tuple[str, ...] = (),
) -> dict[str, list[tuple]]:
    """Run `steps` in order: each a queries/ file bound with the parameters it names from `params`, or a `hooks`
    key (called with the rows of the steps before it). Returns every SQL step's result rows.

    A temp table a step created (or one of `inputs`) is dropped as soon as no later step reads it (drop_plan): an
    import holds about one copy of the file at a time, not one per step."""
    plan = drop_plan(steps, params, hooks=hooks, inputs=inputs)
    rows: dict[str, list[tuple]] = {}
    for step, drops in zip(steps, plan, strict=True):
        if step in hooks:
            hooks[step](rows)
        else:
            text = database.sql_text(step)
            rows[step] = con.execute(text, _bound(text, params)).fetchall()
        for table in sorted(drops):
            con.execute(f"drop table if exists {database.quote_identifier(table)}")
    return rows


def ingest_targets(
    path: Path, store_path: Path | None = None, pengguna: str = PENGGUNA_SISTEM, *, cfg: Config
) -> Summary:
    """Load registered persons and households per village; the file replaces the stored targets.

    A file without one valid row is refused whole: the stored targets stay as they were.
    """

    def work(w: database.Writer, impor_id: int, summary: Summary) -> None:
        params = {
            "impor_id": impor_id,
            "berkas": Path(path).name,
            "maks": cfg.impor.baris_ditolak_maks,
            "checked": "target_checked",
        }

        def refuse_without_valid(rows: dict[str, list[tuple]]) -> None:
            reasons = rows["ingest/target_reasons"]
            if not any(alasan is None for alasan, _ in reasons):
                described = ", ".join(f"{alasan} ({n})" for alasan, n in reasons[:3])
                raise ImportRefused("target_tanpa_baris_sah", str(path), alasan=described)

        hooks = {REFUSE_WITHOUT_VALID: refuse_without_valid}
        rows = run_steps(w.con, TARGET_STEPS, params, hooks=hooks, inputs=("staged",))
        summary.ditolak = sum(n for _, n in rows["ingest/reject_reasons"])
        ditambah, diubah, sama, dihapus = rows["ingest/target_changes"][0]
        summary.target_perubahan = {"ditambah": ditambah, "diubah": diubah, "dihapus": dihapus, "sama": sama}
        summary.submisi_baru = summary.baris_dibaca - summary.ditolak

    return _load(path, store_path, "target", TARGET, work, cfg, pengguna=pengguna)


def ingest_events(
    path: Path, store_path: Path | None = None, pengguna: str = PENGGUNA_SISTEM, *, cfg: Config
) -> Summary:
    """Add outreach events; an event already stored (same day, kind, area and text) is not added again."""

    def work(w: database.Writer, impor_id: int, summary: Summary) -> None:
        add_events(w.con, impor_id, Path(path).name, summary, is_berkas=True, cfg=cfg)

    return _load(path, store_path, "kegiatan", KEGIATAN, work, cfg, pengguna=pengguna)


def add_events(
    con: duckdb.DuckDBPyConnection, impor_id: int, berkas: str, summary: Summary, is_berkas: bool, *, cfg: Config
) -> None:
    """Validate the text rows of temp table `staged` (baris, lembar, tanggal, jenis, kode, keterangan, simulasi)
    and add them. From a file (is_berkas) the events carry the batch's impor_id, and the stored events the file
    carries again are noted, so undoing the batch that added them keeps them for this one; from the page, null."""
    params = {
        "impor_id": impor_id,
        # the batch the added events belong to: none for the page's, which no undo takes back
        "impor_pemilik": impor_id if is_berkas else None,
        "berkas": berkas,
        "maks": cfg.impor.baris_ditolak_maks,
        "checked": "kegiatan_checked",
        "kode_kab": cfg.kode_kab,
    }
    steps = KEGIATAN_STEPS if is_berkas else tuple(s for s in KEGIATAN_STEPS if s != "ingest/undo_record_kegiatan")
    before = con.execute(database.sql_text("ingest/kegiatan_count")).fetchall()[0][0]
    rows = run_steps(con, steps, params, inputs=("staged",))
    summary.ditolak = sum(n for _, n in rows["ingest/reject_reasons"])
    summary.submisi_baru = con.execute(database.sql_text("ingest/kegiatan_count")).fetchall()[0][0] - before
    summary.sama = summary.baris_dibaca - summary.ditolak - summary.submisi_baru
