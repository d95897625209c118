"""Streamlit pieces of outreach planning that other pages show too (the overview, the kecamatan page).

Data comes through sensus.app.ui (cached on the store version, within the viewer's scope); no SQL here.
"""

import polars as pl
import streamlit as st

from sensus.analysis import stalled
from sensus.app import ui
from sensus.core import config


def peringatan_macet(kode_kec: str | None = None, hari: int = stalled.HARI_MACET) -> None:
    """Stalled and falling-behind villages (and kecamatan, on the kabupaten view) as of the sidebar's day."""
    cfg = config.load()
    tanggal, ukuran = ui.tanggal(), ui.ukuran()
    harian = ui.sql("reports/rencana_harian", kode_kec=kode_kec)
    desa = stalled.peringatan(harian, tanggal, cfg.target_persen, cfg.jumlah_hari, "desa", hari, ukuran)
    if desa.is_empty():
        return
    stalled_desa = desa.filter(pl.col("macet"))
    behind = desa.filter(pl.col("tertinggal"))
    label = ui.t("peringatan_judul", n=stalled_desa.height, total=desa.height, hari=hari, tertinggal=behind.height)
    with st.expander(label, expanded=False, icon=":material/warning:"):
        st.caption(ui.t("peringatan_bantuan", hari=hari))
        columns = ["nama", "nama_kec", "hari_tanpa_respon", "persen", "naik_7_hari"]
        labels = {
            "nama": ui.t("desa").capitalize(),
            "nama_kec": ui.t("kecamatan").capitalize(),
            "hari_tanpa_respon": ui.t("kolom_hari_tanpa_respon"),
            "persen": ui.t(f"kolom_persen_{ukuran}"),
            "naik_7_hari": ui.t("kolom_naik_7_hari"),
        }
        formats = {"persen": "persen", "naik_7_hari": "poin"}
        if stalled_desa.is_empty():
            st.success(ui.t("tidak_ada_macet", hari=hari))
        else:
            ui.tabel(stalled_desa.select(columns), formats, labels, key=f"macet_desa_{kode_kec}", height=240)
        if kode_kec is None and ui.scope().bound_kec is None:
            kecamatan = stalled.peringatan(
                harian, tanggal, cfg.target_persen, cfg.jumlah_hari, "kecamatan", hari, ukuran
            ).filter(pl.col("macet") | pl.col("tertinggal"))
            if not kecamatan.is_empty():
                st.markdown(ui.t("peringatan_kecamatan"))
                ui.tabel(
                    kecamatan.select("nama", "hari_tanpa_respon", "persen", "naik_7_hari"),
                    formats,
                    labels | {"nama": ui.t("kecamatan").capitalize()},
                    key="macet_kecamatan",
                )
