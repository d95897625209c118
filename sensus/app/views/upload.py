"""The operator's upload: file → dry run (nothing stored) → "Simpan" through the CLI's import path → history, undo.

Every step takes the viewer's scope: a user bound to a kecamatan dry-runs and saves only a file of their
kecamatan's rows (sensus.ingest.batches refuses any other with the reason) and is offered only the imports that
touched nothing outside it. In a province deployment the page imports into the store of the run's kabupaten: a
file holding rows of another kabupaten is refused before anything is stored (sensus.ingest.route).

After every change it makes (a save, an undo) the page publishes the kabupaten's marts for the province
(sensus.province.publish), when the deployment has a published folder; a failed publish leaves the change stored
and is said as a warning, and the next publish catches up.

The importer reads a path, so the upload rests on disk while it is checked and saved: written 0600 in a 0700
folder of its own (the bytes carry names, NIK, addresses), removed in every outcome, and a folder left by a
process that died (kill -9) removed at the next start.
"""

import contextlib
import functools
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from sensus.app import access, cache, columns, state, tables, writes
from sensus.app.configured import configuration
from sensus.app.context import ViewContext
from sensus.app.views.data import JENIS_IMPOR
from sensus.core import frames, i18n
from sensus.core.progress import Progress
from sensus.ingest import batches, route
from sensus.ingest.sources import ImportRefused

STAGES = ("sha256", "membaca berkas", "memeriksa baris", "menyimpan", "memperbarui ringkasan")
# what the progress bar says at each stage, in the viewer's language (the importer names its stages in Indonesian)
STAGE_TEXT = {
    "sha256": "tahap_impor_sidik",
    "membaca berkas": "tahap_impor_baca",
    "memeriksa baris": "tahap_impor_periksa",
    "menyimpan": "tahap_impor_simpan",
    "memperbarui ringkasan": "tahap_impor_ringkasan",
}
TRIAL = "_unggah_uji"  # (file id, DryRun or refusal) of the file on screen
SAVED = "_unggah_tersimpan"  # (file id, Summary) of the file on screen once saved
UNDONE = "_batal_selesai"  # the message of the undo just done, shown after the rerun that refreshes the list
UNDO_ROUND = "_batal_putaran"  # how many undos this session did: part of the undo form's widget keys
PRIVATE_FOLDER, PRIVATE_FILE = 0o700, 0o600


def upload_folder(store_path: Path) -> Path:
    # beside the store: the same disk, never inside the project's committed files
    return store_path.parent / ".unggah"


def _safe_name(name: str) -> str:
    """The file name as the history shows it, without path or odd characters; a long one keeps its extension."""
    clean = re.sub(r"[^\w.\- ]", "_", Path(name).name) or "ekspor"
    stem, suffix = os.path.splitext(clean)
    return stem[: 120 - len(suffix)] + suffix if len(clean) > 120 else clean


def _started(pid: int) -> str | None:
    """When process `pid` started (clock ticks since boot), or None when there is no such process: a pid alone
    is reused (a container's server is pid 1 after every restart), a pid with its start time is not."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # the command name (field 2) may hold spaces: the fields after its closing parenthesis, starttime the 20th
    return stat_line.rsplit(")", 1)[1].split()[19]


def _owner_tag() -> str:
    return f"{os.getpid()}-{_started(os.getpid())}"


def sweep_leftovers(store_path: Path) -> None:
    """Remove the upload folders of processes no longer running (a server killed in the middle of a save)."""
    folder = upload_folder(store_path)
    if not folder.is_dir():
        return
    for child in folder.iterdir():
        pid, started, *_ = [*child.name.split("-"), "", ""]
        if not pid.isdigit() or _started(int(pid)) != started:
            shutil.rmtree(child, ignore_errors=True)


@functools.cache
def swept_at_start(store_path: Path) -> None:
    """sweep_leftovers once per server process and store: the frame calls it on the first run of any page, so a
    killed save's file does not wait for someone to open Unggah."""
    sweep_leftovers(store_path)


@contextlib.contextmanager
def upload_on_disk(uploaded, store_path: Path) -> Iterator[Path]:
    """The uploaded bytes as a file of the same name (names are the history's), readable by this user only, in a
    folder of its own named after this process; removed when the block ends, however it ends (a full disk too)."""
    parent = upload_folder(store_path)
    parent.mkdir(mode=PRIVATE_FOLDER, parents=True, exist_ok=True)
    os.chmod(parent, PRIVATE_FOLDER)  # an older Pantau made it 0755
    folder = parent / f"{_owner_tag()}-{secrets.token_hex(8)}"
    try:
        folder.mkdir(mode=PRIVATE_FOLDER)
        path = folder / _safe_name(uploaded.name)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(uploaded.getbuffer())
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _refusal(refused: ImportRefused) -> None:
    if isinstance(refused, route.KabupatenLain | route.KabupatenCampur):
        st.error(refused.message(state.bahasa(), state.literal))
        return
    detail = {k: state.literal(v) for k, v in refused.detail.items()}
    st.error(state.t(refused.code, berkas=state.literal(Path(refused.berkas).name), **detail))


def refuse_other_kabupaten(path: Path) -> None:
    """In a province deployment, KabupatenLain when the file holds a row of a kabupaten other than the run's: the
    page stores only into the run's kabupaten."""
    cfg = configuration()
    if cfg.is_province:
        rute = route.read(path, "submisi", cfg.daftar_kabupaten, limits=cfg.impor)
        rute.tujuan(cfg.daftar_kabupaten, cfg.kode_kab)


def _summary(summary, bahasa: str) -> None:
    cards = st.columns(5)
    for column, key, value in (
        (cards[0], "unggah_baris", summary.baris_dibaca),
        (cards[1], "unggah_rumah_tangga_baru", summary.rumah_tangga_baru),
        (cards[2], "unggah_diperbarui", summary.diperbarui),
        (cards[3], "unggah_ditolak", summary.ditolak + summary.duplikat),
        (cards[4], "unggah_luar_jendela", summary.luar_jendela),
    ):
        column.metric(state.t(key), i18n.angka(value, bahasa), border=True)


def _trial(uploaded, bahasa: str) -> None:
    # a rerun (the Simpan click) shows the same file's dry run again without running it (or writing it) again
    cached_id, trial = st.session_state.get(TRIAL, (None, None))
    if cached_id != uploaded.file_id:
        with upload_on_disk(uploaded, writes.own_store()) as path:
            refuse_other_kabupaten(path)
            trial = batches.dry_run(path, writes.own_store(), access.viewer_scope(), cfg=configuration())
        st.session_state[TRIAL] = (uploaded.file_id, trial)
    if trial.summary.sudah_diimpor:
        st.info(state.t("unggah_sudah_diimpor"))
        return
    st.subheader(state.t("unggah_uji_judul"))
    st.caption(state.t("unggah_uji_sub"))
    _summary(trial.summary, bahasa)
    if trial.summary.alasan_ditolak:
        alasan = pl.DataFrame(
            [(i18n.t(k, bahasa) if k in i18n.catalog() else k, n) for k, n in trial.summary.alasan_ditolak],
            schema={"alasan": pl.String, "jumlah": pl.Int64},
            orient="row",
        )
        tables.table(
            alasan,
            formats={"jumlah": "angka"},
            labels={"alasan": state.t("kolom_alasan"), "jumlah": state.t("unggah_jumlah")},
            key="uji_alasan",
        )
        baris = trial.ditolak.with_columns(
            frames.map_distinct(
                trial.ditolak["alasan"], lambda k: i18n.t(k, bahasa) if k in i18n.catalog() else k, pl.String
            )
        )
        tables.table(
            baris,
            formats={"baris": "angka"},
            labels=columns.labels(baris.columns, state.t),
            key="uji_baris",
            height=240,
        )


def _save(uploaded, bahasa: str):
    """Import the file on screen; its summary, or None when it was refused (the reason shown)."""
    if batches.is_import_running(writes.own_store()):
        st.info(state.t("unggah_antre"))
    with st.status(state.t("unggah_menyimpan"), expanded=True) as status:
        bar = st.progress(0.0)

        def draw(stage: str, percent: float | None) -> None:
            # the importer polls DuckDB from a side thread; only the script's own thread may draw
            if get_script_run_ctx(suppress_warning=True) is None:
                return
            done = STAGES.index(stage) / len(STAGES) if stage in STAGES else 0.0
            bar.progress(done, text=state.t(STAGE_TEXT[stage]) if stage in STAGE_TEXT else stage)

        try:
            with upload_on_disk(uploaded, writes.own_store()) as path:
                refuse_other_kabupaten(path)
                summary = batches.ingest_submissions(
                    path,
                    writes.own_store(),
                    access.viewer_name(),
                    Progress(draw),
                    scope=access.viewer_scope(),
                    cfg=configuration(),
                )
        except ImportRefused as refused:
            status.update(label=state.t("unggah_ditolak_judul"), state="error")
            _refusal(refused)
            return None
        bar.progress(1.0)
        status.update(label=state.t("unggah_tersimpan"), state="complete", expanded=False)
    if summary.impor_id is not None:
        # after the store is written and outside its writer: a failed publish leaves the import stored
        writes.publish_change()
    return summary


def _saved(summary, bahasa: str) -> None:
    """The file on screen once saved: what was stored, in place of its dry run (nothing left to save)."""
    if summary.sudah_diimpor:
        st.info(state.t("unggah_sudah_diimpor"))
    else:
        st.success(state.t("unggah_tersimpan"))
        _summary(summary, bahasa)


def _undo_section(bahasa: str) -> None:
    st.subheader(state.t("batal_judul"))
    st.caption(state.t("batal_sub"))
    if message := st.session_state.pop(UNDONE, None):
        st.success(message)
    # every import not undone yet, of any kind, within the viewer's scope; one that cannot be undone says so in its
    # label, and why when tried (read at each run: a small table, and the reasons must follow the store)
    scope = access.viewer_scope()
    choices = batches.undo_choices(writes.own_store(), scope)
    if choices.is_empty():
        st.info(state.t("belum_ada_impor"))
        return
    jenis = {code: state.t(key) for code, key in JENIS_IMPOR.items()}
    labels = {
        row["impor_id"]: f"#{row['impor_id']} · {jenis.get(row['jenis'], row['jenis'])} · {row['berkas']} · "
        f"{row['pengguna'] or '–'}" + (f" · {state.t('batal_tidak_bisa')}" if row["alasan"] else "")
        for row in choices.iter_rows(named=True)
    }
    # new widgets after each undo (a round number in their keys): the batch just undone is neither still chosen nor
    # still confirmed; keyed on the newest batch too, so after a save the list starts on the batch just saved
    putaran = st.session_state.get(UNDO_ROUND, 0)
    with st.form("form_batal", border=True):
        newest = max(labels)
        chosen = st.selectbox(
            state.t("batal_pilih"), list(labels), format_func=labels.get, key=f"batal_impor_{newest}_{putaran}"
        )
        sure = st.checkbox(state.t("batal_yakin"), key=f"batal_yakin_{putaran}")
        submitted = st.form_submit_button(state.t("batal_tombol"), icon=":material/undo:")
    if submitted:
        if not sure:
            st.warning(state.t("batal_belum_yakin"))
            return
        try:
            done = batches.undo(chosen, access.viewer_name(), writes.own_store(), scope, cfg=configuration())
        except batches.UndoRefused as refused:
            st.error(state.t(refused.code, **{k: state.literal(v) for k, v in refused.detail.items()}))
            return
        writes.publish_change()
        # the list is read again without the batch just undone; the message waits for that run
        st.session_state[UNDONE] = done.message(bahasa, chosen)
        st.session_state[UNDO_ROUND] = putaran + 1
        st.rerun()


def render(view: ViewContext) -> None:
    bahasa = view.bahasa
    limit = view.cfg.auth.upload_max_mb
    st.title(state.t("halaman_unggah"))
    st.caption(state.t("unggah_sub", batas=limit))
    writes.say_unpublished()
    if writes.is_read_only_here():
        writes.say_read_only()
        return
    if cache.is_demo():
        # the demo store takes no real export (batches refuses it): say so instead of offering a doomed upload
        st.info(state.t("unggah_demo"))
        uploaded = None
    else:
        uploaded = st.file_uploader(
            state.t("unggah_pilih"), type=["csv", "parquet", "xlsx"], key="unggah_berkas", max_upload_size=limit
        )
    if uploaded is not None:
        saved_id, saved = st.session_state.get(SAVED, (None, None))
        if saved_id == uploaded.file_id:
            _saved(saved, bahasa)
        else:
            try:
                _trial(uploaded, bahasa)
            except ImportRefused as refused:
                _refusal(refused)
            else:
                if st.button(state.t("simpan"), type="primary", key="unggah_simpan", icon=":material/save:"):
                    summary = _save(uploaded, bahasa)
                    if summary is not None:
                        # the next run shows what was stored instead of the dry run and its Simpan button
                        st.session_state[SAVED] = (uploaded.file_id, summary)
                        st.rerun()
    st.divider()
    _undo_section(bahasa)
