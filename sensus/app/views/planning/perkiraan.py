"""The forecast tab: the curve with its band, every area's outlook, how earlier forecasts fared."""

import polars as pl
import streamlit as st

from sensus.analysis import forecast, labels, planning_rules
from sensus.app import cache, columns, figures, tables
from sensus.app.charts import outreach as outreach_charts
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.app.views.planning.outreach import KEEP, Outreach
from sensus.core import i18n


def render(view: ViewContext, o: Outreach) -> None:
    """The forecast: the curve with its band, every area's outlook, and how earlier forecasts fared."""
    cfg = view.cfg
    bahasa = view.bahasa
    ukuran = view.ukuran
    tanggal = view.tanggal
    scope = view.scope
    ctx = view.chart
    tingkat_atas = o.tingkat_atas
    jalur = o.jalur
    kurva = cache.kurva_harian(scope.bound_kec)
    tables.chart(
        figures.figure(outreach_charts.forecast_curve, kurva, jalur, ctx),
        key="grafik_perkiraan",
    )
    uji_kab = cache.backtest(tanggal, tingkat_atas, ukuran)
    if not o.utama["terlalu_dini"] and not o.utama["hasil"]:
        st.caption(_range_meaning(view, uji_kab, tingkat_atas))
    selesai = i18n.tanggal(cfg.selesai, bahasa, "d MMM")
    if o.utama["terlalu_dini"]:
        # too early: no forecast and no status, here as on the card and in the message (nor a level to pick)
        st.info(t("perkiraan_terlalu_dini", hari=(tanggal - cfg.mulai).days + 1))
    else:
        tingkat = (
            st.segmented_control(
                t("tingkat_perkiraan"),
                ("kecamatan", "desa"),
                default="kecamatan",
                key="perkiraan_tingkat",
                format_func=lambda v: t(v).capitalize(),
                persist_state=KEEP,
            )
            or "kecamatan"
        )
        areas = (
            cache.forecast_areas(tanggal, tingkat, ukuran)
            .with_columns(
                pl.col("status").replace_strict(
                    {code: t(key) for code, key in labels.FORECAST_STATUS.items()}, default=None
                )
            )
            .sort("persen_akhir", descending=True, nulls_last=True)
        )
        is_over = o.utama["hasil"]
        kolom = {
            "kode": t("kode"),
            "nama": t("nama"),
            "persen_kini": t("kolom_persen_kini"),
            "laju": t(columns.LAJU[ukuran]),
            "persen_akhir": t("capaian_akhir" if is_over else "kolom_persen_akhir", selesai=selesai),
            "bawah": t("kolom_bawah"),
            "atas": t("kolom_atas"),
            "tanggal_target": t("kolom_tanggal_target"),
            "status": t("kolom_status_perkiraan"),
        }
        if is_over:
            # results: what was reached, the day the target was, and whether it was met; no range, no pace
            kolom = {k: v for k, v in kolom.items() if k not in ("persen_kini", "laju", "bawah", "atas")}
        tables.table(
            areas.select(list(kolom)),
            {
                k: v
                for k, v in {
                    "persen_kini": "persen",
                    "laju": "angka",
                    "persen_akhir": "persen",
                    "bawah": "persen",
                    "atas": "persen",
                    "tanggal_target": "tanggal",
                }.items()
                if k in kolom
            },
            kolom,
            key="tabel_perkiraan",
            # a camat's one kecamatan is one row: no block of empty rows under it
            height=420 if areas.height > 10 else "auto",
        )
    st.subheader(t("backtest_judul"))
    st.caption(t("backtest_bantuan"))
    levels = planning_rules.backtest_levels(tingkat_atas)
    cards = st.columns(4)
    position = 0
    for level, horizons in levels:
        summary = forecast.mae(uji_kab if level == tingkat_atas else cache.backtest(tanggal, level, ukuran))
        for horizon in horizons:
            found = summary.filter(pl.col("horizon") == horizon)
            value = found.row(0, named=True) if not found.is_empty() else None
            cards[position].metric(
                t("mae_label", tingkat=t(level).capitalize(), n=horizon),
                t("poin_nilai", nilai=i18n.angka(value["mae"], bahasa, 2)) if value else "–",
                help=t(
                    "mae_bantuan",
                    jumlah=value["jumlah"] if value else 0,
                    cakupan=i18n.persen(100 * value["cakupan"], bahasa, 0) if value else "–",
                    bias=i18n.angka(value["bias"], bahasa, 2) if value else "–",
                ),
                border=True,
            )
            position += 1
    coverage = cache.forecast_coverage(tanggal, tingkat_atas, ukuran)
    if coverage["cakupan"] is not None:
        st.caption(
            t(
                "perkiraan_cakupan",
                hari=i18n.tanggal(coverage["hari"], bahasa, "d MMM"),
                persen=i18n.persen(100 * coverage["cakupan"], bahasa, 0),
                jumlah=i18n.angka(coverage["jumlah"], bahasa),
                dari=i18n.tanggal(coverage["dari"], bahasa, "d MMM"),
                sampai=i18n.tanggal(coverage["sampai"], bahasa, "d MMM"),
            )
        )
    tables.chart(figures.figure(outreach_charts.backtest, uji_kab, ctx), key="grafik_backtest")
    with st.expander(t("cara_baca_perkiraan")):
        st.markdown(t("metode_perkiraan"))


def _range_meaning(view: ViewContext, uji: pl.DataFrame, tingkat: str) -> str:
    """What the 80 % range means, in one sentence, with how often it held in this store's own backtest."""
    bahasa = view.bahasa
    share = forecast.cakupan(uji)
    if share is None:
        return t("rentang_arti_belum")
    return t(
        "rentang_arti",
        persen=i18n.persen(100 * share, bahasa, 0),
        jumlah=i18n.angka(uji.height, bahasa),
        tingkat=t(tingkat),
    )
