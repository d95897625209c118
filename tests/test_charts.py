"""Chart builders of the kecamatan and desa pages: the figure's data, labels and number format."""

import itertools
from datetime import date, timedelta

import plotly.graph_objects as go
import polars as pl
import pytest

from sensus.app.charts import monitoring
from sensus.app.charts.base import TITLE_LINE, TOOLBAR, ChartContext, layout
from sensus.core import i18n

MULAI, SELESAI = date(2020, 2, 15), date(2020, 3, 31)


def harian_desa(days: int = 5) -> pl.DataFrame:
    """Three villages over `days` days; Wado is given out of alphabetical order on purpose."""
    rows = []
    for kode, nama, per_day in (
        ("33.16.13.2002", "Wado", [3, 0, 1, 0, 2, 5, 5]),
        ("33.16.13.2001", "Bandungrojo", [0, 0, 0, 4, 0, 1, 1]),
        ("33.16.13.2003", "Sarirejo", [1, 1, 1, 1, 1, 1, 1]),
    ):
        for day in range(days):
            rows.append((kode, nama, MULAI + timedelta(days=day), per_day[day], 4 * per_day[day]))
    return pl.DataFrame(rows, schema=["kode", "nama", "tanggal", "kk_baru", "penduduk_baru"], orient="row")


def kurva(respon: list[int], clean: list[int], target: int | None = 100) -> pl.DataFrame:
    days = [MULAI + timedelta(days=d) for d in range(len(respon))]
    baru = [respon[0]] + [b - a for a, b in itertools.pairwise(respon)]
    return pl.DataFrame(
        {
            "tanggal": days,
            "kk_baru": baru,
            "penduduk_baru": [3 * b for b in baru],
            "kk_respon": respon,
            "penduduk_respon": [3 * r for r in respon],
            "kk_clean": clean,
            "kk_target": [target] * len(respon),
            "penduduk_target": [None if target is None else 3 * target] * len(respon),
        }
    )


def annotation_text(figure: go.Figure) -> str:
    return " ".join(a.text for a in figure.layout.annotations)


# ---- desa_heatmap ---------------------------------------------------------------------------------------


def test_heatmap_rows_are_villages_alphabetically_and_z_is_the_daily_count():
    figure = monitoring.desa_heatmap(harian_desa(), ChartContext(MULAI, SELESAI, MULAI + timedelta(days=4), "kk", "id"))
    (trace,) = figure.data
    assert trace.type == "heatmap"
    assert list(trace.y) == ["Bandungrojo", "Sarirejo", "Wado"]
    assert [list(row) for row in trace.z] == [[0, 0, 0, 4, 0], [1, 1, 1, 1, 1], [3, 0, 1, 0, 2]]
    assert list(trace.x) == [MULAI + timedelta(days=d) for d in range(5)]
    assert trace.zmin == 0
    # counts are whole numbers: a small scale steps by one instead of showing 2,5
    assert (trace.colorbar.tickformat, trace.colorbar.dtick) == (",d", 1)
    # the first row is drawn at the top, as a list is read
    assert figure.layout.yaxis.autorange == "reversed"


def test_heatmap_counts_persons_for_the_persons_measure_and_stops_at_the_as_of_day():
    figure = monitoring.desa_heatmap(
        harian_desa(), ChartContext(MULAI, SELESAI, MULAI + timedelta(days=2), "penduduk", "id")
    )
    (trace,) = figure.data
    assert len(trace.x) == 3
    assert [list(row) for row in trace.z] == [[0, 0, 0], [4, 4, 4], [12, 0, 4]]
    assert trace.colorbar.title.text == i18n.t("baru_penduduk", "id")


def test_heatmap_keeps_two_villages_of_one_name_apart():
    frame = harian_desa(2).with_columns(
        nama=pl.when(pl.col("kode") == "33.16.13.2003").then(pl.lit("Wado")).otherwise(pl.col("nama"))
    )
    (trace,) = monitoring.desa_heatmap(frame, ChartContext(MULAI, SELESAI, SELESAI, "kk", "id")).data
    assert len(trace.y) == 3
    assert len(set(trace.y)) == 3
    assert "Wado (2002)" in trace.y and "Wado (2003)" in trace.y


@pytest.mark.parametrize(("bahasa", "separators", "tick"), [("id", ",.", "15 Feb"), ("en", ".,", "15 Feb")])
def test_heatmap_number_format_and_month_names_follow_the_language(bahasa, separators, tick):
    figure = monitoring.desa_heatmap(harian_desa(), ChartContext(MULAI, SELESAI, SELESAI, "kk", bahasa))
    assert figure.layout.separators == separators
    assert figure.layout.xaxis.ticktext[0] == tick
    assert figure.layout.title.text == i18n.t("judul_heatmap", bahasa)


@pytest.mark.parametrize(("bahasa", "first_tick"), [("id", "1 Mei"), ("en", "1 May")])
def test_heatmap_month_names_come_from_the_language_not_from_plotly(bahasa, first_tick):
    mulai = date(2020, 5, 1)
    frame = harian_desa().with_columns(tanggal=pl.col("tanggal") + (mulai - MULAI))
    figure = monitoring.desa_heatmap(frame, ChartContext(mulai, date(2020, 5, 29), date(2020, 5, 29), "kk", bahasa))
    assert figure.layout.xaxis.ticktext[0] == first_tick
    assert len(figure.layout.xaxis.tickvals) == len(figure.layout.xaxis.ticktext) == 5


def test_heatmap_of_nothing_says_so():
    figure = monitoring.desa_heatmap(harian_desa().clear(), ChartContext(MULAI, SELESAI, SELESAI, "kk", "id"))
    assert not figure.data
    assert annotation_text(figure) == i18n.t("belum_ada_respon", "id")


def test_heatmap_before_the_window_says_so():
    figure = monitoring.desa_heatmap(harian_desa(), ChartContext(MULAI, SELESAI, MULAI - timedelta(days=1), "kk", "en"))
    assert annotation_text(figure) == i18n.t("belum_ada_respon", "en")


# ---- compared_curves ----------------------------------------------------------------------------------------


def test_compared_curves_names_the_area_and_its_comparisons():
    desa = kurva([10, 20, 30], [5, 10, 15])
    kec = kurva([50, 60, 80], [0, 0, 0], target=1000)
    figure = monitoring.compared_curves(
        desa, "Wado", {"Kec. Ngawen": kec}, ChartContext(MULAI, SELESAI, MULAI + timedelta(days=2), "kk", "id", 22.9)
    )
    names = [trace.name for trace in figure.data]
    assert names == [i18n.t("jalur_target", "id"), "Kec. Ngawen", "Wado"]
    wado = figure.data[2]
    assert list(wado.y) == pytest.approx([10.0, 20.0, 30.0])
    assert list(figure.data[1].y) == pytest.approx([5.0, 6.0, 8.0])
    # the comparison is not drawn in plotly's red, which means "behind" on the other charts
    assert figure.data[1].line.color == monitoring.WARNA_PEMBANDING[0]
    assert figure.layout.separators == ",."


def test_compared_curves_without_targets_says_so():
    figure = monitoring.compared_curves(
        kurva([1, 2], [0, 0], target=None), "Wado", {}, ChartContext(MULAI, SELESAI, SELESAI, "penduduk", "id", 22.9)
    )
    assert annotation_text(figure) == i18n.t("tidak_ada_target", "id")


# ---- respon_clean --------------------------------------------------------------------------------------------


def test_respon_clean_draws_both_cumulative_counts_up_to_the_as_of_day():
    figure = monitoring.respon_clean(
        kurva([4, 9, 15, 20], [1, 3, 8, 12]), ChartContext(MULAI, SELESAI, MULAI + timedelta(days=2), bahasa="en")
    )
    respon, clean = figure.data
    assert (respon.type, clean.type) == ("scatter", "scatter")
    assert list(respon.y) == [4, 9, 15]
    assert list(clean.y) == [1, 3, 8]
    assert respon.name == i18n.t("kk_respon", "en")
    assert clean.name == i18n.t("kk_clean", "en")
    assert figure.layout.separators == ".,"


def test_respon_clean_with_no_response_says_so():
    figure = monitoring.respon_clean(kurva([0, 0], [0, 0]), ChartContext(MULAI, SELESAI, SELESAI))
    assert annotation_text(figure) == i18n.t("belum_ada_respon", "id")


# ---- sisa_target --------------------------------------------------------------------------------------------


def capaian(**values) -> pl.DataFrame:
    base = {"kode": ["33.16.13.2002"], "nama": ["Wado"], "kk_target": [400], "kk_respon": [90], "kk_clean": [60]}
    return pl.DataFrame(base | {k: [v] for k, v in values.items()})


def test_sisa_target_splits_the_target_into_clean_responded_and_still_to_reach():
    figure = monitoring.sisa_target(capaian(), "id")
    assert [trace.type for trace in figure.data] == ["bar", "bar", "bar"]
    clean, respon, belum = (trace.x[0] for trace in figure.data)
    assert (clean, respon, belum) == (60, 30, 310)
    assert clean + respon + belum == 400
    assert figure.layout.barmode == "stack"
    assert [trace.name for trace in figure.data] == [
        i18n.t("segmen_clean", "id"),
        i18n.t("segmen_respon", "id"),
        i18n.t("segmen_belum", "id"),
    ]
    assert figure.data[2].text[0] == "310"


def test_sisa_target_shows_thousands_the_indonesian_way():
    figure = monitoring.sisa_target(capaian(kk_target=12_400, kk_respon=2_345, kk_clean=1_000), "id")
    assert figure.data[2].text[0] == "10.055"
    assert figure.layout.separators == ",."
    assert figure.layout.xaxis.tickformat == ",d"


def test_sisa_target_never_draws_a_negative_remainder():
    figure = monitoring.sisa_target(capaian(kk_target=80), "id")
    assert list(figure.data[2].x) == [0]


def test_sisa_target_without_a_target_says_so():
    figure = monitoring.sisa_target(capaian(kk_target=None).cast({"kk_target": pl.Int64}), "en")
    assert annotation_text(figure) == i18n.t("tidak_ada_target", "en")


# ---- whole households and persons on the axes ---------------------------------------------------------


def _whole_steps(axis) -> bool:
    """An axis that can only show whole numbers: no decimals in its labels, and a whole step when it is set."""
    return axis.tickformat == ",d" and (axis.dtick is None or float(axis.dtick).is_integer())


def test_count_axes_of_small_areas_step_by_whole_households():
    from sensus.app.charts import outreach

    ctx = ChartContext(MULAI, SELESAI, MULAI + timedelta(days=3), "kk", "id")
    small = kurva([1, 2, 2, 3], [0, 1, 1, 2], target=3)
    for figure, axis in (
        (monitoring.daily_bars(small, ctx), "yaxis"),
        (monitoring.respon_clean(small, ctx), "yaxis"),
        (
            monitoring.sisa_target(
                pl.DataFrame({"nama": ["Wado"], "kk_target": [3], "kk_respon": [2], "kk_clean": [1]})
            ),
            "xaxis",
        ),
    ):
        layout_axis = figure.layout[axis]
        # plotly's own step on a 0–3 axis is 0.5: half a household
        assert layout_axis.dtick == 1 and _whole_steps(layout_axis), figure.layout.title.text
        assert layout_axis.rangemode == "tozero"
    seri = pl.DataFrame(
        {
            "tanggal": [MULAI, MULAI + timedelta(days=1), MULAI + timedelta(days=2)],
            "jendela": ["sebelum", "hari", "sesudah"],
            "wilayah": [0.0, 1.0, 2.0],
            "tanpa_kegiatan": [0.5, 0.7, 0.9],
        }
    )
    axis = outreach.seri_kegiatan(seri, "Kec. Jati", MULAI + timedelta(days=1)).layout.yaxis
    assert axis.dtick == 1 and _whole_steps(axis)


def test_count_axes_of_large_areas_keep_plotlys_whole_steps():
    ctx = ChartContext(MULAI, SELESAI, MULAI + timedelta(days=3), "penduduk", "id")
    axis = monitoring.daily_bars(kurva([100, 250, 400, 420], [0, 0, 0, 0]), ctx).layout.yaxis
    assert axis.dtick is None and axis.tickformat == ",d"


# ---- the title below the toolbar -----------------------------------------------------------------------------


def test_a_title_starts_below_the_toolbar_band_and_the_plot_keeps_its_height():
    untitled = layout(go.Figure(), "id", height=300)
    titled = layout(go.Figure(), "id", height=300, title="Respon baru per hari (WIB)")
    assert titled.layout.title.yref == "container" and titled.layout.title.pad.t > TOOLBAR
    # the plot area (height less the margins) is the size the builder asked for, below the band in either case
    for figure in (untitled, titled):
        assert figure.layout.height - figure.layout.margin.t - figure.layout.margin.b == 300 - 40 - 10
        assert figure.layout.margin.t >= TOOLBAR + 40
    # a map drawn to its top edge keeps its toolbar over the map
    assert layout(go.Figure(), "id", height=300, margin={"t": 0}).layout.margin.t == 0


def test_a_long_title_is_wrapped_to_a_phone_width_and_the_margin_grows_with_it():
    text = "Kenaikan KK baru per hari dibanding wilayah tanpa kegiatan yang sebanding"
    one = layout(go.Figure(), "id", height=300, title="Pendek")
    figure = layout(go.Figure(), "id", height=300, title=text)
    lines = figure.layout.title.text.split("<br>")
    assert len(lines) == 2 and all(len(line) <= TITLE_LINE for line in lines) and " ".join(lines) == text
    assert figure.layout.margin.t > one.layout.margin.t and figure.layout.height > one.layout.height


# ---- the outreach charts' axes and legends (tests/e2e/test_phone_browser.py looks at them drawn) ---------------


@pytest.mark.parametrize("bahasa", ["id", "en"])
def test_the_uplift_charts_axis_title_is_broken_into_lines_a_phones_plot_holds(bahasa):
    from sensus.app.charts import outreach

    hasil = pl.DataFrame(
        {
            "tanggal": [MULAI, MULAI + timedelta(days=5)],
            "label_wilayah": ["Kec. Jati", "Kelurahan Kauman, Kec. Blora"],
            "jenis": ["rakor", "sosialisasi"],
            "efek": [40.0, -5.0],
            "bawah": [10.0, -30.0],
            "atas": [70.0, 20.0],
            "status": ["naik", "tidak_jelas"],
            "jumlah_pembanding": [8, 12],
        }
    )
    axis = outreach.dampak(hasil, bahasa).layout.xaxis
    lines = axis.title.text.split("<br>")
    assert len(lines) >= 2 and all(len(line) <= outreach.AXIS_TITLE_LINE for line in lines)
    assert " ".join(lines) == i18n.t("sumbu_dampak", bahasa)


def test_outreach_legends_sit_at_the_bottom_edge_below_their_x_axis():
    from sensus.app.charts import outreach

    ctx = ChartContext(MULAI, SELESAI, MULAI + timedelta(days=20), "kk", "id")
    uji = pl.DataFrame(
        {
            "potong": [MULAI + timedelta(days=d) for d in (7, 8, 7, 8)],
            "horizon": [7, 7, 14, 14],
            "perkiraan": [5.0, 6.0, 8.0, 9.0],
            "aktual": [5.1, 5.8, 8.3, 8.9],
        }
    )
    seri = pl.DataFrame(
        {
            "tanggal": [MULAI, MULAI + timedelta(days=1), MULAI + timedelta(days=2)],
            "jendela": ["sebelum", "hari", "sesudah"],
            "wilayah": [3.0, 4.0, 9.0],
            "tanpa_kegiatan": [3.0, 3.5, 4.0],
        }
    )
    kegiatan = pl.DataFrame(
        {
            "tanggal": [MULAI + timedelta(days=5), MULAI + timedelta(days=30)],
            "jenis": ["rakor", "sosialisasi"],
            "label_wilayah": ["Kec. Jati", "Kec. Cepu"],
            "simulasi": [False, True],
            "keterangan": ["", ""],
        }
    )
    for figure in (
        outreach.backtest(uji, ctx),
        outreach.seri_kegiatan(seri, "Kec. Jati", MULAI + timedelta(days=1)),
        outreach.timeline(kegiatan, ctx),
    ):
        legend = figure.layout.legend
        # in the figure's bottom band, which plotly reserves below the axis's labels and title
        assert (legend.yref, legend.y, legend.yanchor) == ("container", 0, "bottom"), figure.layout.title.text


@pytest.mark.parametrize(("bahasa", "count"), [("id", "7 kegiatan"), ("en", "7 event(s)")])
def test_seven_events_on_a_day_say_so_in_the_hover_not_as_a_bare_number(bahasa, count):
    """Seven rakor on one day showed an unexplained '7' above the marker: the hover now says '7 kegiatan' and the
    notes; no bare number is drawn; the marker at the top of the plot is drawn whole."""
    ctx = ChartContext(MULAI, SELESAI, MULAI + timedelta(days=3), "kk", bahasa)
    kegiatan = pl.DataFrame(
        {
            "tanggal": [MULAI + timedelta(days=1)] * 7,
            "jenis": ["rakor"] * 7,
            "keterangan": [f"Rakor {n}" for n in range(7)],
        }
    )
    figure = monitoring.daily_bars(kurva([1, 2, 2, 3], [0, 1, 1, 2]), ctx, kegiatan)
    (markers,) = [trace for trace in figure.data if trace.name == i18n.t("kegiatan", bahasa)]
    assert "text" not in markers.mode and not markers.text
    assert markers.customdata[0][0] == count and "Rakor 6" in markers.customdata[0][1]
    assert "%{customdata[0]}" in markers.hovertemplate and markers.cliponaxis is False


@pytest.mark.parametrize(("bahasa", "suffix"), [("id", " %"), ("en", "%")])
def test_percent_axes_and_hovers_write_the_sign_the_way_the_language_does(bahasa, suffix):
    """An English page read '20 %' on its axes (the Indonesian spacing); one sign per language, as in the cards."""
    ctx = ChartContext(MULAI, SELESAI, MULAI + timedelta(days=3), "kk", bahasa)
    figure = monitoring.cumulative_curve(kurva([1, 2, 2, 3], [0, 1, 1, 2]), ctx)
    assert figure.layout.yaxis.ticksuffix == suffix
    hovers = [trace.hovertemplate for trace in figure.data if trace.hovertemplate]
    assert hovers and all(f"f}}{suffix}" in hover for hover in hovers if "%{y:" in hover)
