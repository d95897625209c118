"""The overview of the region: is coverage on track, which kecamatan lag, will the target be reached in time?"""

import polars as pl
import streamlit as st

from sensus.analysis import comparison, headline
from sensus.app import cache, columns, figures, frame, panels, tables
from sensus.app.charts import comparison as comparison_charts
from sensus.app.charts import maps as maps_charts
from sensus.app.charts import monitoring as monitoring_charts
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.core import calendar, i18n


def render(view: ViewContext) -> None:
    cfg = view.cfg
    bahasa, ukuran, tanggal = view.bahasa, view.ukuran, view.tanggal
    ctx = view.chart

    st.title(t("ringkasan_judul"))
    st.caption(
        t(
            "ringkasan_sub",
            tanggal=i18n.tanggal(tanggal, bahasa, "full"),
            hari=calendar.days_left(tanggal, view.cfg),
            selesai=i18n.tanggal(cfg.selesai, bahasa),
        )
    )
    kabupaten = cache.capaian(tanggal, "kabupaten").row(0, named=True)
    kemarin = cache.capaian(calendar.previous_day(tanggal), "kabupaten").row(0, named=True)
    minggu_lalu = cache.capaian(calendar.previous_day(tanggal, calendar.WEEK), "kabupaten").row(0, named=True)
    jalur = calendar.target_path(tanggal, view.cfg)
    _cards(view, kabupaten, kemarin, minggu_lalu, jalur)

    harian = cache.kurva_harian()
    left, right = st.columns(2)
    with left:
        curve = figures.figure(monitoring_charts.cumulative_curve, harian, ctx)
        # published SP2020 Online figures up to the as-of day, as dated points with their source; the caption
        # names only the areas drawn (a province's or the region's points may date from after the window)
        points = _comparison_points(view, tanggal, ukuran)
        if comparison_charts.tambah_titik_banding(curve, points, bahasa):
            st.caption(t("banding_keterangan", wilayah=", ".join(comparison_charts.wilayah_digambar(points))))
        tables.chart(curve, key="kurva_kabupaten")
    with right:
        tables.chart(
            figures.figure(monitoring_charts.daily_bars, harian, ctx, cache.kegiatan()), key="harian_kabupaten"
        )

    kecamatan = cache.capaian(tanggal, "kecamatan")
    seminggu = cache.capaian(calendar.previous_day(tanggal, calendar.WEEK), "kecamatan")
    ranked = headline.ranked_kecamatan(kecamatan, seminggu, ukuran, jalur)

    left, right = st.columns([1, 1])
    with left:
        st.subheader(t("peringkat_kecamatan", n=kecamatan.height))
        st.caption(t("klik_peringkat"))
        tables.chart_opening(
            figures.figure(monitoring_charts.ranking, kecamatan, ukuran, bahasa, jalur),
            key="peringkat_kecamatan",
            page="pages/kecamatan.py",
            param="kec",
        )
    with right:
        _map(view, kecamatan, seminggu, jalur)

    shown = ranked.with_columns(
        status_jalur=pl.when(pl.col("is_on_path"))
        .then(pl.lit(t("sesuai_jalur")))
        .when(~pl.col("is_on_path"))
        .then(pl.lit(t("di_bawah_jalur")))
    ).select(
        "kode",
        "nama",
        f"{ukuran}_target",
        f"{ukuran}_respon",
        "kk_clean",
        f"persen_{ukuran}",
        "naik_7_hari",
        "status_jalur",
    )
    st.caption(t("klik_tabel_kecamatan"))
    tables.table_opening(
        shown,
        "pages/kecamatan.py",
        "kec",
        formats={
            f"{ukuran}_target": "angka",
            f"{ukuran}_respon": "angka",
            "kk_clean": "angka",
            f"persen_{ukuran}": "persen",
            "naik_7_hari": "poin",
        },
        labels=columns.labels(shown.columns, t) | {"kode": t("kode"), "nama": t("nama")},
        key="tabel_kecamatan",
    )
    tables.downloads(shown, f"peringkat_kecamatan_{tanggal.isoformat()}", key="unduh_kecamatan")
    panels.stalled_alerts(view)
    _published(view, kecamatan)
    status_data = cache.status_data()
    if status_data["sumber_target"]:
        st.caption(t("sumber_target", sumber=", ".join(status_data["sumber_target"])))


@frame.fragment
def _map(view: ViewContext, kecamatan: pl.DataFrame, seminggu: pl.DataFrame, jalur: float) -> None:
    """The kecamatan map and its colouring: a fragment, so switching the colouring redraws this map only (the
    URL's ?peta= is still kept: the fragment writes it)."""
    cfg = view.cfg
    bahasa, ukuran, tanggal = view.bahasa, view.ukuran, view.tanggal
    tables.area_map(
        maps_charts.tambah_naik_7(kecamatan, seminggu, ukuran),
        cfg.peta_kecamatan,
        "kecamatan",
        ukuran=ukuran,
        bahasa_=bahasa,
        halaman="ringkasan",
        jalur=jalur,
        key="peta_kecamatan",
        page="pages/kecamatan.py",
        param="kec",
        judul=f"{t('peta_kecamatan')} · {view.wilayah.nama}",
        nama_berkas=f"peta_kecamatan_{tanggal.isoformat()}",
    )


def _cards(view: ViewContext, kabupaten: dict, kemarin: dict, minggu_lalu: dict, jalur: float) -> None:
    cfg = view.cfg
    bahasa, ukuran, tanggal = view.bahasa, view.ukuran, view.tanggal
    # two rows of three: six cards in one row clip their labels on a laptop screen
    cards = [*st.columns(3), *st.columns(3)]
    for column, key, measure in ((cards[0], "respon_penduduk", "penduduk"), (cards[1], "respon_kk", "kk")):
        column.metric(
            t(key),
            i18n.persen(kabupaten[f"persen_{measure}"], bahasa, 2),
            delta=i18n.selisih(kabupaten[f"persen_{measure}"], kemarin[f"persen_{measure}"], bahasa),
            delta_description=t("dibanding_kemarin"),
            help=t("dari_target", target=i18n.angka(kabupaten[f"{measure}_target"], bahasa)),
            border=True,
        )
    tables.responding_card(
        cards[2],
        kabupaten,
        kemarin,
        help=t("vs_minggu_lalu", nilai="+" + i18n.angka(kabupaten["kk_respon"] - minggu_lalu["kk_respon"], bahasa)),
    )
    tables.clean_card(cards[3], kabupaten)
    cards[4].metric(
        t("sisa_hari"),
        calendar.days_left(tanggal, view.cfg),
        border=True,
        help=t(
            "target_akhir", target=i18n.persen(cfg.target_persen, bahasa), selesai=i18n.tanggal(cfg.selesai, bahasa)
        ),
    )
    panels.gap_card(cards[5], kabupaten[f"persen_{ukuran}"], jalur, bahasa)


def _comparison_points(view: ViewContext, tanggal, ukuran: str) -> pl.DataFrame:
    """Published points for the viewer's area; a camat sees their kecamatan's and the national ones, never the
    kabupaten's own total."""
    bound = view.scope.bound_kec
    points = comparison_charts.of_region(
        comparison.titik_banding(bound or view.wilayah.kode, tanggal, ukuran, wilayah=view.wilayah),
        view.wilayah.kode,
        bound,
    )
    # Indonesia's points have no code: kept (a null compared with the region's code would drop them)
    return points.filter(pl.col("kode").fill_null("") != view.wilayah.kode) if bound else points


def _published(view: ViewContext, kecamatan: pl.DataFrame) -> None:
    """What was published: the percentages of Indonesia, the region's province and the region up to the close of
    the extended online census (29 May 2020), and the kecamatan whose 31 Mar counts the source shows, beside this
    store's."""
    cfg = view.cfg
    bahasa, tanggal = view.bahasa, view.tanggal
    st.subheader(t("terbit_judul"))
    st.caption(t("terbit_keterangan"))
    left, right = st.columns(2)
    with left:
        tables.chart(
            comparison_charts.grafik_terbit(
                comparison_charts.of_region(comparison.titik_terbit(wilayah=view.wilayah), view.wilayah.kode),
                cfg.mulai,
                cfg.selesai,
                bahasa,
            ),
            key="grafik_terbit",
        )
    with right:
        cakupan = comparison.cakupan_kecamatan_terbit(wilayah=view.wilayah)
        if not cakupan["n"]:  # no source gave this region's kecamatan: a sentence, not an empty chart
            st.caption(t("terbit_kecamatan_tidak_ada_sama_sekali"))
            return
        tables.chart(
            comparison_charts.grafik_kecamatan_terbit(
                comparison.kecamatan_terbit(wilayah=view.wilayah), kecamatan, tanggal, bahasa
            ),
            key="grafik_kecamatan_terbit",
        )
        st.caption(t("terbit_kecamatan_keterangan", **cakupan))
