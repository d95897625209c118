"""The operator's upload: file → dry run (nothing stored) → "Simpan" through the CLI's import path → history, undo."""

import re
import secrets
import shutil
from pathlib import Path

import polars as pl
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from sensus.app import access, cache, columns, state, tables
from sensus.app.views.data import JENIS_IMPOR
from sensus.auth import settings as auth_settings
from sensus.core import frames, i18n
from sensus.core.progress import Progress
from sensus.ingest import batches
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


def _upload_folder() -> Path:
    # beside the store: the same disk, never inside the project's committed files
    return cache.store_path().parent / ".unggah"


def _save_upload(uploaded) -> Path:
    """The uploaded bytes as a file of the same name, in a folder of its own (names are the history's)."""
    name = re.sub(r"[^\w.\- ]", "_", Path(uploaded.name).name)[:120] or "ekspor"
    folder = _upload_folder() / secrets.token_hex(8)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(uploaded.getbuffer())
    return path


def _refusal(refused: ImportRefused) -> None:
    detail = {k: state.literal(v) for k, v in refused.detail.items()}
    st.error(state.t(refused.code, berkas=state.literal(Path(refused.berkas).name), **detail))


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


def _trial(path: Path, file_id: str, bahasa: str) -> None:
    # a rerun (the Simpan click) shows the same file's dry run again without running it again
    cached_id, trial = st.session_state.get(TRIAL, (None, None))
    if cached_id != file_id:
        trial = batches.dry_run(path, cache.store_path())
        st.session_state[TRIAL] = (file_id, trial)
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


def _save(path: Path, bahasa: str) -> None:
    if batches.is_import_running(cache.store_path()):
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
            summary = batches.ingest_submissions(path, cache.store_path(), access.viewer_name(), Progress(draw))
        except ImportRefused as refused:
            status.update(label=state.t("unggah_ditolak_judul"), state="error")
            _refusal(refused)
            return
        bar.progress(1.0)
        status.update(label=state.t("unggah_tersimpan"), state="complete", expanded=False)
    if summary.sudah_diimpor:
        st.info(state.t("unggah_sudah_diimpor"))
    else:
        st.success(state.t("unggah_tersimpan"))
        _summary(summary, bahasa)


def _undo_section(bahasa: str) -> None:
    st.subheader(state.t("batal_judul"))
    st.caption(state.t("batal_sub"))
    # every import not undone yet, of any kind; one that cannot be undone says so in its label, and why when tried
    # (read at each run: a small table, and the reasons must follow the store)
    choices = batches.undo_choices(cache.store_path())
    if choices.is_empty():
        st.info(state.t("belum_ada_impor"))
        return
    jenis = {code: state.t(key) for code, key in JENIS_IMPOR.items()}
    labels = {
        row["impor_id"]: f"#{row['impor_id']} · {jenis.get(row['jenis'], row['jenis'])} · {row['berkas']} · "
        f"{row['pengguna'] or '–'}" + (f" · {state.t('batal_tidak_bisa')}" if row["alasan"] else "")
        for row in choices.iter_rows(named=True)
    }
    with st.form("form_batal", border=True):
        # keyed on the newest batch: after a save the list starts on the batch just saved, not the one picked before
        newest = max(labels)
        chosen = st.selectbox(state.t("batal_pilih"), list(labels), format_func=labels.get, key=f"batal_impor_{newest}")
        sure = st.checkbox(state.t("batal_yakin"), key="batal_yakin")
        submitted = st.form_submit_button(state.t("batal_tombol"), icon=":material/undo:")
    if submitted:
        if not sure:
            st.warning(state.t("batal_belum_yakin"))
            return
        try:
            done = batches.undo(chosen, access.viewer_name(), cache.store_path())
        except batches.UndoRefused as refused:
            st.error(state.t(refused.code, **{k: state.literal(v) for k, v in refused.detail.items()}))
            return
        st.success(state.t(batches.SELESAI[done.jenis], impor_id=chosen, n=i18n.angka(done.n, bahasa)))


def render() -> None:
    bahasa = state.bahasa()
    limit = auth_settings.load().upload_max_mb
    st.title(state.t("halaman_unggah"))
    st.caption(state.t("unggah_sub", batas=limit))
    uploaded = st.file_uploader(
        state.t("unggah_pilih"), type=["csv", "parquet", "xlsx"], key="unggah_berkas", max_upload_size=limit
    )
    if uploaded is not None:
        path = _save_upload(uploaded)
        try:
            try:
                _trial(path, uploaded.file_id, bahasa)
            except ImportRefused as refused:
                _refusal(refused)
            else:
                if st.button(state.t("simpan"), type="primary", key="unggah_simpan", icon=":material/save:"):
                    _save(path, bahasa)
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)
    st.divider()
    _undo_section(bahasa)
