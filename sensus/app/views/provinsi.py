"""The province overview: how is the province doing, which kabupaten/kota lag, and a drill into any of them.

Reads only what the kabupaten published (sensus.province.read through sensus.app.reader.province), never a
kabupaten's store: a kabupaten that has not published yet is listed as such.
"""

import logging
from datetime import date

import polars as pl
import streamlit as st

from sensus.analysis import comparison
from sensus.app import access, columns, figures, frame, panels, state, tables
from sensus.app import reader as app_reader
from sensus.app.charts import comparison as comparison_charts
from sensus.app.charts import maps as maps_charts
from sensus.app.charts import monitoring as monitoring_charts
from sensus.app.configured import deployment
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.core import calendar, i18n, wilayah_indonesia

LOG = logging.getLogger("sensus.provinsi")
RINGKASAN = "pages/ringkasan.py"
KECAMATAN = "pages/kecamatan.py"
# the columns of a kabupaten row where the ranking has none (not yet published)
ANGKA = ("kk_target", "penduduk_target", "kk_respon", "penduduk_respon", "kk_clean")


def render(view: ViewContext) -> None:
    access.require_role("kepala_provinsi")
    cfg = deployment()
    bahasa, tanggal = view.bahasa, view.tanggal
    st.title(t("provinsi_judul"))
    if cfg.terbit_path is None:
        st.info(t("provinsi_tanpa_terbit"))
        return
    jalur = calendar.target_path(tanggal, view.cfg)
    try:
        province = app_reader.province(app_reader.published_root())
        kabupaten = ranked_kabupaten(
            cfg.daftar_kabupaten, province.peringkat(tanggal), province.data_terakhir(), view.ukuran, jalur, tanggal
        )
    except app_reader.PROVINCE_UNREADABLE as error:
        # the reason (it names server paths) goes to the log; the viewer reads what it means and whom to ask
        LOG.error("the published marts under %s cannot be read: %s", cfg.terbit_path, error)
        st.error(t("provinsi_terbit_rusak"), icon=":material/database_off:")
        return
    published = kabupaten.filter(pl.col("is_terbit"))
    st.caption(
        t(
            "provinsi_sub",
            tanggal=i18n.tanggal(tanggal, bahasa, "full"),
            hari=calendar.days_left(tanggal, view.cfg),
            selesai=i18n.tanggal(view.cfg.selesai, bahasa),
        )
    )
    if published.is_empty():
        st.info(t("provinsi_belum_ada_terbit", jumlah=kabupaten.height))
        return
    _cards(view, kabupaten, jalur)

    left, right = st.columns([1, 1])
    with left:
        # "(of 5)" only when some have not published: "Ranking of 5 regencies/cities (of 5)" read as a stutter
        if published.height < kabupaten.height:
            st.subheader(t("peringkat_kabupaten", n=published.height, jumlah=kabupaten.height))
        else:
            st.subheader(t("peringkat_kabupaten_semua", n=published.height))
        st.caption(t("klik_kabupaten"))
        tables.chart_opening(
            # two decimals, as the cards and the table: kabupaten rates lie close together (0,71 % to 0,79 % on
            # the first day), and one decimal wrote most of them alike
            figures.figure(monitoring_charts.ranking, published, view.ukuran, bahasa, jalur, desimal=2),
            key="peringkat_kabupaten",
            page=RINGKASAN,
            param="kab",
        )
    with right:
        seminggu = province.peringkat(calendar.previous_day(tanggal, calendar.WEEK))
        _map(view, maps_charts.tambah_naik_7(published, _areas(seminggu), view.ukuran), jalur)

    _table(view, kabupaten)
    _curve(view, province.kurva_provinsi())
    _published(view)
    _kecamatan(view, province, published)


def ranked_kabupaten(
    served: tuple[str, ...],
    peringkat: pl.DataFrame,
    terakhir: pl.DataFrame,
    ukuran: str,
    jalur: float,
    tanggal: date,
) -> pl.DataFrame:
    """Every kabupaten/kota the deployment serves, one row each: its published figures as of `tanggal` (code, name,
    targets, responses, rates, the gap of the `ukuran` rate to the target path in points, and its last day with data
    up to `tanggal`: the figures shown on 20 February run until that day, whatever came later), ranked by the
    `ukuran` rate; those without a published version last, in code order, with no figures."""
    names = pl.DataFrame(
        {"kode": list(served), "nama": [wilayah_indonesia.nama_wilayah(kode) for kode in served]},
        schema={"kode": pl.String, "nama": pl.String},
    )
    figures_ = _areas(peringkat).drop("nama")
    last_days = terakhir.select(
        pl.col("kode_kab").alias("kode"),
        pl.min_horizontal("hari_data_terakhir", pl.lit(tanggal)).alias("hari_data_terakhir"),
    )
    kolom = f"persen_{ukuran}"
    return (
        names.join(figures_, on="kode", how="left")
        .join(last_days, on="kode", how="left")
        .with_columns(
            is_terbit=pl.col("versi").is_not_null(),
            selisih_jalur=pl.col(kolom) - jalur,
        )
        .sort(
            [pl.col("versi").is_null(), pl.col(kolom), pl.col("kode")], descending=[False, True, False], nulls_last=True
        )
        .with_columns(peringkat=pl.when(pl.col("is_terbit")).then(pl.int_range(1, pl.len() + 1)))
    )


def _areas(peringkat: pl.DataFrame) -> pl.DataFrame:
    """The ranking's rows named as the area charts and maps name an area's columns (kode, nama)."""
    return peringkat.rename({"kode_kab": "kode", "nama_kab": "nama"}).select(
        "kode", "nama", *ANGKA, "persen_kk", "persen_penduduk", "versi"
    )


def province_totals(kabupaten: pl.DataFrame) -> dict:
    """The province's targets, responses and rates as of the day: the published kabupaten summed."""
    published = kabupaten.filter(pl.col("is_terbit"))
    total = {name: int(published[name].fill_null(0).sum()) for name in ANGKA}
    for measure in ("kk", "penduduk"):
        target = total[f"{measure}_target"]
        total[f"persen_{measure}"] = 100 * total[f"{measure}_respon"] / target if target else None
    return total


def _cards(view: ViewContext, kabupaten: pl.DataFrame, jalur: float) -> None:
    bahasa, ukuran = view.bahasa, view.ukuran
    total = province_totals(kabupaten)
    published = kabupaten.filter(pl.col("is_terbit"))
    cards = [*st.columns(3), *st.columns(3)]
    for column, key, measure in ((cards[0], "respon_penduduk", "penduduk"), (cards[1], "respon_kk", "kk")):
        column.metric(
            t(key),
            i18n.persen(total[f"persen_{measure}"], bahasa, 2),
            help=t("dari_target", target=i18n.angka(total[f"{measure}_target"], bahasa)),
            border=True,
        )
    panels.gap_card(
        cards[2],
        total[f"persen_{ukuran}"],
        jalur,
        bahasa,
        help=t(
            "target_akhir",
            target=i18n.persen(view.cfg.target_persen, bahasa),
            selesai=i18n.tanggal(view.cfg.selesai, bahasa),
        ),
    )
    cards[3].metric(t("provinsi_kk_respon"), i18n.angka(total["kk_respon"], bahasa), border=True)
    cards[4].metric(t("provinsi_penduduk_respon"), i18n.angka(total["penduduk_respon"], bahasa), border=True)
    sampai = _data_until(published["hari_data_terakhir"], view.tanggal, bahasa)
    cards[5].metric(
        t("provinsi_terbit"),
        t("provinsi_terbit_nilai", terbit=published.height, jumlah=kabupaten.height),
        border=True,
        help=sampai,
    )
    st.caption(sampai)


def _data_until(days: pl.Series, tanggal: date, bahasa: str) -> str:
    """Whether the published kabupaten's data reach the day shown: all of them, or how many stop before it (their
    figures are those of their last day) and the earliest."""
    days = days.drop_nulls()
    if days.is_empty():
        return t("provinsi_belum_ada_respon")
    behind = days.filter(days < tanggal)
    if behind.is_empty():
        return t("provinsi_data_mencakup", tanggal=i18n.tanggal(tanggal, bahasa))
    return t(
        "provinsi_data_berhenti",
        jumlah=i18n.angka(behind.len(), bahasa),
        tanggal=i18n.tanggal(tanggal, bahasa),
        paling_awal=i18n.tanggal(behind.min(), bahasa),
    )


@frame.fragment
def _map(view: ViewContext, areas: pl.DataFrame, jalur: float) -> None:
    """The province's kabupaten on its map, or for a province without boundaries their ranked bars; a click opens
    the kabupaten's overview. A fragment: switching the colouring redraws this panel only."""
    bahasa, ukuran = view.bahasa, view.ukuran
    batas = wilayah_indonesia.peta_provinsi(deployment().provinsi)
    if batas is None:
        st.subheader(t("peta_kabupaten_tanpa"))
        mode = state.map_mode("provinsi")
        st.caption(t("tanpa_peta_provinsi"))
        bars = figures.figure(maps_charts.batang_tanpa_peta, areas, ukuran, bahasa, mode, jalur)
        tables.chart_opening(bars, key="peta_kabupaten", page=RINGKASAN, param="kab")
        return
    st.subheader(t("peta_kabupaten"))
    st.caption(t("klik_peta_kabupaten"))
    mode = state.map_mode("provinsi")
    figure = figures.figure(
        maps_charts.peta, areas, maps_charts.load_batas_tampil(batas), ukuran, bahasa, mode=mode, jalur_persen=jalur
    )
    tables.map_panel(
        figure,
        key="peta_kabupaten",
        page=RINGKASAN,
        param="kab",
        judul=f"{t('peta_kabupaten')} · {deployment().nama_provinsi}",
        nama_berkas=f"peta_kabupaten_{view.tanggal.isoformat()}",
    )


def _table(view: ViewContext, kabupaten: pl.DataFrame) -> None:
    ukuran = view.ukuran
    shown = kabupaten.with_columns(
        status=pl.when(pl.col("is_terbit")).then(pl.lit(t("sudah_terbit"))).otherwise(pl.lit(t("belum_terbit")))
    ).select(
        "peringkat",
        "kode",
        "nama",
        f"persen_{ukuran}",
        f"{ukuran}_respon",
        f"{ukuran}_target",
        "selisih_jalur",
        "hari_data_terakhir",
        "status",
    )
    own_labels = {
        "selisih_jalur": t("kolom_selisih_jalur"),
        "hari_data_terakhir": t("kolom_data_sampai"),
        # the shared "status" heading is a lower-case file column's name
        "status": t("kolom_status_terbit"),
    }
    st.caption(t("klik_tabel_kabupaten"))
    tables.table_opening(
        shown,
        RINGKASAN,
        "kab",
        key="tabel_kabupaten",
        # on screen the rank and the name lead (both pinned) and the code is left to the downloads: a row opens
        # its kabupaten by the code all the same
        column_order=[column for column in shown.columns if column != "kode"],
        formats={
            f"persen_{ukuran}": "persen",
            f"{ukuran}_respon": "angka",
            f"{ukuran}_target": "angka",
            "selisih_jalur": "poin",
            "hari_data_terakhir": "tanggal",
        },
        labels=columns.labels(shown.columns, t) | own_labels,
    )
    tables.downloads(shown, f"peringkat_kabupaten_{view.tanggal.isoformat()}", key="unduh_kabupaten", labels=own_labels)


def _curve(view: ViewContext, kurva: pl.DataFrame) -> None:
    """The province's daily curve with the published points of Indonesia and the province beside it."""
    bahasa, ukuran, tanggal = view.bahasa, view.ukuran, view.tanggal
    st.subheader(t("kurva_provinsi"))
    left, right = st.columns(2)
    with left:
        curve = figures.figure(monitoring_charts.cumulative_curve, kurva, view.chart)
        points = _comparison_points(view, tanggal, ukuran)
        if comparison_charts.tambah_titik_banding(curve, points, bahasa):
            st.caption(t("banding_keterangan", wilayah=", ".join(comparison_charts.wilayah_digambar(points))))
        tables.chart(curve, key="kurva_provinsi")
    with right:
        tables.chart(figures.figure(monitoring_charts.daily_bars, kurva, view.chart), key="harian_provinsi")


def _above_the_kabupaten(points: pl.DataFrame, kode_prov: str) -> pl.DataFrame:
    # Indonesia's points have no code: kept; the province's own; no kabupaten's
    return points.filter(pl.col("kode").fill_null("").is_in(["", kode_prov]))


def _comparison_points(view: ViewContext, tanggal: date, ukuran: str) -> pl.DataFrame:
    kode_prov = deployment().provinsi
    return _above_the_kabupaten(comparison.titik_banding(kode_prov, tanggal, ukuran, wilayah=view.wilayah), kode_prov)


def _published(view: ViewContext) -> None:
    """The published percentages of Indonesia and the province up to the close of the extended online census."""
    st.subheader(t("terbit_judul"))
    st.caption(t("terbit_keterangan"))
    points = _above_the_kabupaten(comparison.titik_terbit(wilayah=view.wilayah), deployment().provinsi)
    tables.chart(
        comparison_charts.grafik_terbit(points, view.cfg.mulai, view.cfg.selesai, view.bahasa), key="grafik_terbit"
    )


def _kecamatan(view: ViewContext, province, published: pl.DataFrame) -> None:
    """One published kabupaten's kecamatan as of the day, each row opening its kecamatan page."""
    ukuran = view.ukuran
    st.subheader(t("kecamatan_di_kabupaten"))
    options = dict(zip(published["kode"], published["nama"], strict=True))
    kode = state.choice(st, t("pilih_kabupaten_kecamatan"), options, key="provinsi_kecamatan_dari")
    if kode not in options:
        return
    kecamatan = (
        province.kecamatan(kode, view.tanggal)
        .rename({"kode_kec": "kode", "nama_kec": "nama"})
        .select("kode", "nama", f"persen_{ukuran}", f"{ukuran}_respon", f"{ukuran}_target")
    )
    st.caption(t("klik_kecamatan_provinsi", wilayah_dipilih=options[kode]))
    tables.table_opening(
        kecamatan,
        KECAMATAN,
        "kec",
        key=f"tabel_kecamatan_{kode}",
        extra={"kab": kode},
        # as the kabupaten table: the name leads, pinned; a phone's width is left to the figures
        column_order=[column for column in kecamatan.columns if column != "kode"],
        formats={f"persen_{ukuran}": "persen", f"{ukuran}_respon": "angka", f"{ukuran}_target": "angka"},
        labels=columns.labels(kecamatan.columns, t),
    )
