"""The message tab: the daily WhatsApp message, ready to copy, and its chart as a PNG."""

import streamlit as st

from sensus.analysis import daily_message
from sensus.app import cache, figures, tables
from sensus.app.charts import base as base_charts
from sensus.app.charts import outreach as outreach_charts
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.app.views.planning.outreach import Outreach
from sensus.core import calendar, i18n


def render(view: ViewContext, o: Outreach) -> None:
    """The daily WhatsApp message, ready to copy, and its chart as a PNG."""
    bahasa = view.bahasa
    ukuran = view.ukuran
    tanggal = view.tanggal
    scope = view.scope
    ctx = view.chart
    harian = o.harian
    jalur = o.jalur
    st.caption(t("pesan_bantuan"))
    pesan = cache.derived(
        daily_message.susun_pesan,
        cache.capaian(tanggal, scope.total_level()),
        cache.capaian(calendar.previous_day(tanggal), scope.total_level()),
        cache.capaian(tanggal, "kecamatan"),
        harian,
        tanggal,
        bahasa,
        outlook=cache.forecast_main(tanggal, daily_message.UKURAN),
        is_demo=cache.is_demo(),
        cfg=view.cfg,
    )
    st.code(pesan, language=None, wrap_lines=True)
    # the shared image says which area and day it shows, and that a demo's data is simulated: a picture
    # forwarded on WhatsApp loses its message
    # the viewer's own area: the kabupaten, or a camat's kecamatan
    wilayah = cache.capaian(tanggal, scope.total_level()).row(0, named=True)
    figure = base_charts.untuk_gambar(
        figures.figure(outreach_charts.forecast_curve, cache.kurva_harian(scope.bound_kec), jalur, ctx),
        f"{t('judul_perkiraan')} · {daily_message.wilayah_pesan(wilayah['kode'], wilayah['nama'], bahasa)}",
        i18n.t("peta_png_per", bahasa, tanggal=i18n.tanggal(tanggal, bahasa, "full")),
        bahasa,
        cache.is_demo(),
    )
    png_key = (tanggal.isoformat(), bahasa, ukuran, cache.version())
    if st.button(t("buat_png"), icon=":material/image:", help=t("buat_png_bantuan")):
        with st.spinner(t("membuat_png")):
            st.session_state["png_pesan"] = (
                png_key,
                figure.to_image(format="png", width=1100, height=520, scale=2),
            )
    stored = st.session_state.get("png_pesan")
    if stored and stored[0] == png_key:
        tables.download_button(
            t("unduh_png"),
            stored[1],
            f"pantau_sp2020_{tanggal.isoformat()}.png",
            "image/png",
            key="unduh_png",
            icon=":material/download:",
        )
