"""The planner's correction of an event: pick one, change its day, kind, area or text, or delete it."""

from datetime import timedelta

import polars as pl
import streamlit as st

from sensus.app import access, state, writes
from sensus.app.context import ViewContext
from sensus.core import i18n
from sensus.core.scope import OutOfScope
from sensus.ingest import kegiatan, kegiatan_edit


def render(view: ViewContext, semua_kegiatan: pl.DataFrame, area_labels: dict[str, str]) -> None:
    """`semua_kegiatan`: the scoped events frame; `area_labels`: the areas the viewer may choose (code → label)."""
    st.subheader(state.t("ubah_kegiatan"))
    # a camat-bound planner sees kabupaten-wide events but may not change them
    editable = semua_kegiatan.filter(pl.col("kode").is_in(list(area_labels)))
    if editable.is_empty():
        st.info(state.t("belum_ada_kegiatan"))
        return
    bahasa = view.bahasa
    cfg = view.cfg
    rows = {r["kegiatan_id"]: r for r in editable.iter_rows(named=True)}
    label = {
        k: " · ".join(
            [
                i18n.tanggal(r["tanggal"], bahasa),
                r["label_wilayah"],
                i18n.jenis_kegiatan(r["jenis"], bahasa),
                r["keterangan"][:40],
            ]
        )
        for k, r in rows.items()
    }
    chosen = state.choice(st, state.t("pilih_kegiatan"), label, "ubah_kegiatan_id")
    row = rows[chosen]
    jenis_opsi = list(dict.fromkeys([*kegiatan.JENIS, row["jenis"]]))
    with st.form(f"form_ubah_kegiatan_{chosen}", border=True):
        first, second = st.columns(2)
        hari = first.date_input(
            state.t("kolom_tanggal"),
            value=row["tanggal"],
            min_value=cfg.mulai - timedelta(days=kegiatan.HARI_LONGGAR),
            max_value=cfg.selesai + timedelta(days=kegiatan.HARI_LONGGAR),
            format=state.DATE_FORMAT[view.bahasa],
        )
        jenis = second.selectbox(
            state.t("kolom_jenis"), jenis_opsi, index=jenis_opsi.index(row["jenis"]), format_func=_jenis_label
        )
        kode = st.selectbox(
            state.t("kolom_nama_wilayah"),
            list(area_labels),
            index=list(area_labels).index(row["kode"]),
            format_func=area_labels.get,
        )
        keterangan = st.text_input(state.t("kolom_keterangan"), value=row["keterangan"], max_chars=300)
        left, right = st.columns(2)
        save = left.form_submit_button(state.t("simpan_perubahan"), icon=":material/edit:")
        delete = right.form_submit_button(state.t("hapus_kegiatan"), icon=":material/delete:")
    try:
        if save:
            kegiatan_edit.update_kegiatan(
                chosen,
                kegiatan.Kegiatan(hari, jenis, kode, keterangan),
                access.viewer_name(),
                cfg.store_path,
                scope=access.viewer_scope(),
                cfg=cfg,
            )
            st.success(state.t("kegiatan_diubah"))
            writes.publish_and_say()
        elif delete:
            kegiatan_edit.delete_kegiatan(
                chosen, access.viewer_name(), cfg.store_path, scope=access.viewer_scope(), cfg=cfg
            )
            st.success(state.t("kegiatan_dihapus"))
            writes.publish_and_say()
    except ValueError as refused:
        for problem in refused.args[0]:
            st.error(state.t(problem))
    except kegiatan_edit.KegiatanMissing:
        st.warning(state.t("kegiatan_tidak_ada"))
    except OutOfScope:
        st.error(state.t("kegiatan_luar_cakupan"))


def _jenis_label(jenis: str) -> str:
    key = f"jenis_{jenis}"
    return state.t(key) if key in i18n.catalog() else jenis
