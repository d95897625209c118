"""Streamlit pieces that several views show (the overview, the outreach page).

Data comes through sensus.app.cache (cached on the store version, within the viewer's scope); no SQL here.
"""

from zoneinfo import ZoneInfo

import polars as pl
import streamlit as st

from sensus.analysis import headline, stalled
from sensus.app import cache, columns, tables
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.core import calendar, config, i18n


def stalled_alerts(view: ViewContext, kode_kec: str | None = None, hari: int = calendar.STALLED_DAYS) -> None:
    """Stalled and falling-behind villages (and kecamatan, on the kabupaten view) as of the sidebar's day."""
    cfg = view.cfg
    tanggal, ukuran = view.tanggal, view.ukuran
    harian = cache.rencana_harian(kode_kec)
    desa = cache.derived(stalled.peringatan, harian, tanggal, cfg.target_persen, cfg.jumlah_hari, "desa", hari, ukuran)
    if desa.is_empty():
        return
    stalled_desa = desa.filter(pl.col("macet"))
    behind = desa.filter(pl.col("tertinggal"))
    label = t("peringatan_judul", n=stalled_desa.height, total=desa.height, hari=hari, tertinggal=behind.height)
    with st.expander(label, expanded=False, icon=":material/warning:"):
        st.caption(t("peringatan_bantuan", hari=hari))
        shown_columns = ["nama", "nama_kec", "hari_tanpa_respon", "persen", "naik_7_hari"]
        labels = {
            "nama": t("desa").capitalize(),
            "nama_kec": t("kecamatan").capitalize(),
            "hari_tanpa_respon": t("kolom_hari_tanpa_respon"),
            "persen": t(columns.PERSEN[ukuran]),
            "naik_7_hari": t("kolom_naik_7_hari"),
        }
        formats = {"persen": "persen", "naik_7_hari": "poin"}
        if stalled_desa.is_empty():
            st.success(t("tidak_ada_macet", hari=hari))
        else:
            tables.table(stalled_desa.select(shown_columns), formats, labels, key=f"macet_desa_{kode_kec}", height=240)
        if kode_kec is None and view.scope.bound_kec is None:
            kecamatan = cache.derived(
                stalled.peringatan, harian, tanggal, cfg.target_persen, cfg.jumlah_hari, "kecamatan", hari, ukuran
            ).filter(pl.col("macet") | pl.col("tertinggal"))
            if not kecamatan.is_empty():
                st.markdown(t("peringatan_kecamatan"))
                tables.table(
                    kecamatan.select("nama", "hari_tanpa_respon", "persen", "naik_7_hari"),
                    formats,
                    labels | {"nama": t("kecamatan").capitalize()},
                    key="macet_kecamatan",
                )


def freshness_line(view: ViewContext) -> None:
    """How fresh the store is, on every page (the frame draws it): the last day with data and when the last
    import ran, in the viewer's scope. A viewer on the overview or a village page otherwise could not tell a
    quiet day from an export that did not arrive."""
    status_data = cache.status_data()
    if not status_data["jumlah_submisi"]:
        st.caption(t("kesegaran_kosong"))
        return
    bahasa = view.bahasa
    impor = status_data["impor_terakhir"]
    impor = impor.astimezone(ZoneInfo(config.WIB)) if impor is not None and impor.tzinfo else impor
    st.caption(
        t(
            "kesegaran_baris",
            hari=i18n.tanggal(status_data["hari_data_terakhir"], bahasa),
            impor=f"{i18n.tanggal(impor, bahasa)} {impor:%H:%M} WIB" if impor is not None else "–",
        ),
        help=t("kesegaran_bantuan"),
    )


# On a phone a table's toolbar (show/hide columns, download, search, full screen) stands over the top right of the
# element above the table, where a caption's end ("Pilih satu baris … de…") was hidden under it: below Streamlit's
# phone width every table keeps the toolbar's height free above it.
PHONE_TABLE_SPACE = """<style>
@media (max-width: 640px) {
  [data-testid="stMain"] [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]) { margin-top: 2.75rem; }
}
</style>"""


def page_style() -> None:
    """The few layout rules Streamlit's options do not cover, for every page (the frame draws them)."""
    st.html(PHONE_TABLE_SPACE)


def gap_card(column, persen: float | None, jalur: float | None, bahasa: str, help: str | None = None) -> None:
    """The card of the gap between a rate and the target path on the day: points above or below, and whether that
    is on the path (the kabupaten's overview and the province's)."""
    on_path = headline.is_on_path(persen, jalur)
    column.metric(
        t("selisih_target"),
        i18n.selisih(persen, jalur, bahasa) or "–",
        delta=t("sesuai_jalur") if on_path else t("di_bawah_jalur"),
        delta_color="normal" if on_path else "inverse",
        delta_arrow="off",
        border=True,
        help=help,
    )
