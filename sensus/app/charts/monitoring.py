"""Plotly builders of the monitoring pages: pure functions, a polars DataFrame in and a go.Figure out, no st.*.

Builders that draw over the window take one ChartContext (window, as-of day, measure, language, target).
"""

from datetime import timedelta

import plotly.graph_objects as go
import polars as pl

from sensus.analysis import kegiatan_desa
from sensus.app.charts import plain, plain_col
from sensus.app.charts.base import (
    ABU,
    BARU,
    BIRU,
    HIJAU,
    MERAH,
    ORANYE,
    PERSEN,
    ChartContext,
    count_axis,
    date_axis,
    empty,
    layout,
    room_for_bar_text,
)
from sensus.core import i18n


def cumulative_curve(
    harian: pl.DataFrame, ctx: ChartContext, pembanding: dict[str, pl.DataFrame] | None = None
) -> go.Figure:
    """Cumulative response rate against the straight target path from 0 on the window's first day to the target.

    `harian` is a kurva_harian frame; days after the context's as-of day are not drawn;
    `pembanding` adds dashed curves for comparison areas (name → kurva_harian frame).
    """
    ukuran, bahasa, sampai = ctx.ukuran, ctx.bahasa, ctx.tanggal
    if harian.is_empty() or harian[f"{ukuran}_target"].null_count() == harian.height:
        return empty(i18n.t("tidak_ada_target", bahasa), bahasa)
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[ctx.mulai - timedelta(days=1), ctx.selesai],
            y=[0, ctx.target_persen],
            mode="lines",
            name=i18n.t("jalur_target", bahasa),
            line={"color": ABU, "dash": "dot", "width": 2},
            hovertemplate="%{y:.1f}" + i18n.tanda_persen(bahasa) + "<extra></extra>",
        )
    )
    for name, frame in (pembanding or {}).items():
        shown = _rate(frame.filter(pl.col("tanggal") <= sampai), ukuran)
        figure.add_trace(
            go.Scatter(
                x=shown["tanggal"],
                y=shown["persen"],
                mode="lines",
                name=name,
                line={"width": 1.5, "dash": "dash"},
                hovertemplate="%{y:.2f}" + i18n.tanda_persen(bahasa),
            )
        )
    shown = _rate(harian.filter(pl.col("tanggal") <= sampai), ukuran)
    figure.add_trace(
        go.Scatter(
            x=shown["tanggal"],
            y=shown["persen"],
            mode="lines+markers",
            name=i18n.t("capaian", bahasa),
            line={"color": BIRU, "width": 3},
            marker={"size": 4},
            customdata=shown[f"{ukuran}_respon"],
            hovertemplate="%{x|%d/%m}: %{y:.2f}" + i18n.tanda_persen(bahasa) + " (%{customdata:,})<extra></extra>",
        )
    )
    date_axis(figure, ctx.mulai, ctx.selesai, bahasa)
    figure.update_yaxes(title=i18n.t(PERSEN[ukuran], bahasa), ticksuffix=i18n.tanda_persen(bahasa), rangemode="tozero")
    return layout(figure, bahasa, height=360, title=i18n.t("judul_kurva", bahasa))


def _rate(harian: pl.DataFrame, ukuran: str) -> pl.DataFrame:
    return harian.with_columns(persen=100 * pl.col(f"{ukuran}_respon") / pl.col(f"{ukuran}_target"))


def daily_bars(harian: pl.DataFrame, ctx: ChartContext, kegiatan: pl.DataFrame | None = None) -> go.Figure:
    """Daily new responses with their 7-day mean; events (tanggal, jenis, keterangan) marked as lines."""
    ukuran, bahasa, sampai = ctx.ukuran, ctx.bahasa, ctx.tanggal
    shown = harian.filter(pl.col("tanggal") <= sampai).with_columns(
        rata7=pl.col(f"{ukuran}_baru").rolling_mean(window_size=7, min_samples=1)
    )
    if shown.is_empty():
        return empty(i18n.t("belum_ada_respon", bahasa), bahasa)
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            x=shown["tanggal"],
            y=shown[f"{ukuran}_baru"],
            name=i18n.t(BARU[ukuran], bahasa),
            marker_color="#9ecae1",
            hovertemplate="%{x|%d/%m}: %{y:,}<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=shown["tanggal"],
            y=shown["rata7"],
            name=i18n.t("rata_7_hari", bahasa),
            mode="lines",
            line={"color": BIRU, "width": 2.5},
            hovertemplate="%{y:,.0f}<extra></extra>",
        )
    )
    top = float(shown[f"{ukuran}_baru"].max() or 1)
    if kegiatan is not None and not kegiatan.is_empty():
        direncanakan = kegiatan_desa.is_direncanakan(sampai)
        for part, planned in ((kegiatan.filter(~direncanakan), False), (kegiatan.filter(direncanakan), True)):
            _event_markers(figure, part, top, planned, bahasa)
    date_axis(figure, ctx.mulai, ctx.selesai, bahasa)
    # the axis title and the date labels get the room they need (a phone's chart is narrow, its legend tall)
    figure.update_yaxes(title=i18n.t(BARU[ukuran], bahasa), automargin=True)
    figure.update_xaxes(automargin=True)
    count_axis(figure, top)
    return layout(figure, bahasa, height=320, bargap=0.15, title=i18n.t("judul_harian", bahasa))


EVENT_LINE = {"color": ORANYE, "width": 1, "dash": "dot"}
# an event after the as-of day is a plan: a hollow, paler marker and a fainter line, named as planned
PLANNED_LINE = {"color": ORANYE, "width": 1, "dash": "dash"}
PLANNED_OPACITY = 0.45


def _event_markers(figure: go.Figure, kegiatan: pl.DataFrame, top: float, planned: bool, bahasa: str) -> None:
    """One marker per event day above the bars (the count when several), and a line down through the bars."""
    if kegiatan.is_empty():
        return
    # the notes are a user's text: escaped before they are joined with plotly's own line break
    per_day = kegiatan.group_by("tanggal").agg(plain_col("keterangan").str.join("<br>"), pl.len()).sort("tanggal")
    name = i18n.t("kegiatan_direncanakan", bahasa) if planned else i18n.t("kegiatan", bahasa)
    figure.add_trace(
        go.Scatter(
            x=per_day["tanggal"],
            y=[top * 1.08] * per_day.height,
            mode="markers",
            marker={
                "symbol": "triangle-down-open" if planned else "triangle-down",
                "size": 12,
                "color": ORANYE,
                "line": {"width": 2, "color": ORANYE},
            },
            opacity=PLANNED_OPACITY if planned else 1,
            # no bare count beside the marker (a lone "7" said nothing): the hover says how many, and which;
            # the marker sits at the top of the plot, drawn whole into the margin
            cliponaxis=False,
            name=name,
            customdata=list(
                zip(
                    [i18n.t("kegiatan_n", bahasa, n=n) for n in per_day["len"]],
                    per_day["keterangan"],
                    strict=True,
                )
            ),
            hovertemplate="%{x|%d/%m} · %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    )
    # the same lines add_vline draws, set at once: add_vline per event cost ~4 ms each on every rerun
    figure.layout.shapes += tuple(
        go.layout.Shape(
            type="line",
            xref="x",
            yref="y domain",
            x0=day,
            x1=day,
            y0=0,
            y1=1,
            line=PLANNED_LINE if planned else EVENT_LINE,
            opacity=PLANNED_OPACITY if planned else 1,
        )
        for day in per_day["tanggal"]
    )


def ranking(
    capaian: pl.DataFrame,
    ukuran: str,
    bahasa: str = "id",
    target_hari_ini: float | None = None,
    tinggi_per_baris: int = 26,
    desimal: int = 1,
) -> go.Figure:
    """Areas ranked by response rate, horizontal bars, the target path's value today as a line; each bar's rate
    written beside it with `desimal` decimals.

    Each bar carries its area's code as the last item of its customdata, for a click to open the area's page."""
    kolom = f"persen_{ukuran}"
    ranked = capaian.filter(pl.col(kolom).is_not_null()).sort(kolom)
    if ranked.is_empty():
        return empty(i18n.t("tidak_ada_target", bahasa), bahasa)
    colours = [BIRU if target_hari_ini is None or v >= target_hari_ini else MERAH for v in ranked[kolom]]
    figure = go.Figure(
        go.Bar(
            x=ranked[kolom],
            y=ranked.select(plain_col("nama"))["nama"],
            orientation="h",
            marker_color=colours,
            text=[i18n.persen(v, bahasa, desimal) for v in ranked[kolom]],
            textposition="outside",
            # with room_for_bar_text: a value a little wider than its room still shows whole
            cliponaxis=False,
            # the area's code last: a clicked bar opens its page (tables.chart_opening)
            customdata=ranked.select(f"{ukuran}_respon", f"{ukuran}_target", "kode").rows(),
            hovertemplate="<b>%{y}</b><br>%{x:.2f}"
            + i18n.tanda_persen(bahasa)
            + "<br>%{customdata[0]:,} / %{customdata[1]:,}<extra></extra>",
        )
    )
    if target_hari_ini is not None:
        figure.add_vline(
            x=target_hari_ini,
            line={"color": ABU, "dash": "dot", "width": 2},
            annotation_text=i18n.t("jalur_target", bahasa),
            annotation_position="top",
        )
    figure.update_xaxes(
        title=i18n.t(PERSEN[ukuran], bahasa),
        ticksuffix=i18n.tanda_persen(bahasa),
        range=room_for_bar_text(ranked[kolom], target_hari_ini),
    )
    return layout(figure, bahasa, height=max(260, 70 + tinggi_per_baris * ranked.height), showlegend=False)


# white for a day without a response, so a quiet village shows as a gap rather than as pale blue
WARNA_PEMBANDING = ["#6baed6", "#7b6fb0", "#8c8c8c"]
SKALA_HARIAN = [[0.0, "#ffffff"], [1e-6, "#deebf7"], [0.35, "#6baed6"], [0.7, "#2171b5"], [1.0, "#08306b"]]


def desa_heatmap(harian_desa: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Village × day heatmap of daily new responses, one row per village (alphabetical, top to bottom).

    `harian_desa` is a harian_desa frame (kode, nama, tanggal, kk_baru, penduduk_baru); days after `sampai`
    are not drawn, so the heatmap ends on the as-of day like the other charts.
    """
    ukuran, bahasa, sampai = ctx.ukuran, ctx.bahasa, ctx.tanggal
    kolom = f"{ukuran}_baru"
    shown = harian_desa.filter(pl.col("tanggal") <= sampai)
    if shown.is_empty():
        return empty(i18n.t("belum_ada_respon", bahasa), bahasa)
    days = sorted(shown["tanggal"].unique())
    villages = shown.select("kode", "nama").unique().sort("nama", "kode")
    # two villages of one name would share a row: a category axis merges equal labels
    repeated = villages.filter(pl.col("nama").is_duplicated())["kode"].to_list()
    labels = [plain(f"{nama} ({kode[-4:]})" if kode in repeated else nama) for kode, nama in villages.iter_rows()]
    grid_height = max(130, 22 * len(labels))
    grid = (
        villages.select("kode")
        .join(shown.pivot(on="tanggal", index="kode", values=kolom, sort_columns=True), on="kode", how="left")
        .select([str(day) for day in days])
        .fill_null(0)
    )
    figure = go.Figure(
        go.Heatmap(
            z=grid.rows(),
            x=days,
            y=labels,
            zmin=0,
            colorscale=SKALA_HARIAN,
            xgap=1,
            ygap=1,
            # the colour bar lies flat below the grid: standing at its right it took ~90 px of a phone's ~360,
            # which with the village names left the days ~45 % of the screen; below, it costs height, which a
            # phone scrolls, and the grid gets every pixel the names leave, on a phone and on a desktop alike
            # (a horizontally scrolling grid was the other choice: it would scroll the names out of sight)
            colorbar={
                "title": {"text": i18n.t(BARU[ukuran], bahasa), "side": "top"},
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": -TICK_ROOM / grid_height,
                "yanchor": "top",
                "len": 1,
                "lenmode": "fraction",
                "thickness": 10,
                # whole households and persons: no 2,5 on the scale of a quiet kecamatan
                "tickformat": ",d",
                "dtick": 1 if (shown[kolom].max() or 0) <= 8 else None,
            },
            hovertemplate="<b>%{y}</b><br>%{x|%d/%m}: %{z:,}<extra></extra>",
        )
    )
    date_axis(figure, ctx.mulai, ctx.selesai, bahasa)
    figure.update_xaxes(showgrid=False)
    figure.update_yaxes(autorange="reversed", showgrid=False, ticksuffix=" ")
    return layout(
        figure,
        bahasa,
        height=40 + grid_height + COLOURBAR_ROOM,
        title=i18n.t("judul_heatmap", bahasa),
        margin={"l": 10, "r": 10, "t": 40, "b": COLOURBAR_ROOM},
    )


TICK_ROOM = 46  # below the grid: the date ticks (tilted on a phone) before the flat colour bar
COLOURBAR_ROOM = TICK_ROOM + 62  # the date ticks, the colour bar and its title


def compared_curves(
    harian: pl.DataFrame, nama: str, pembanding: dict[str, pl.DataFrame], ctx: ChartContext
) -> go.Figure:
    """cumulative_curve of one area named `nama`, with the areas it is compared with (name → kurva_harian frame)."""
    figure = cumulative_curve(harian, ctx, pembanding)
    figure.update_traces(name=plain(nama), selector={"name": i18n.t("capaian", ctx.bahasa)})
    # fixed colours: plotly's default cycle would draw the kabupaten red, the colour of "behind" elsewhere
    for name, colour in zip(pembanding, WARNA_PEMBANDING, strict=False):
        figure.update_traces(line_color=colour, selector={"name": name})
    return figure


def respon_clean(harian: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Responding and clean households over time (cumulative): how far BPS's checks trail the responses."""
    bahasa, sampai = ctx.bahasa, ctx.tanggal
    shown = harian.filter(pl.col("tanggal") <= sampai)
    if shown.is_empty() or not shown["kk_respon"].max():
        return empty(i18n.t("belum_ada_respon", bahasa), bahasa)
    figure = go.Figure()
    # clean households are a subset of the responding ones: the green area sits inside the blue one
    for kolom, name_key, warna, isi in (
        ("kk_respon", "kk_respon", BIRU, "rgba(31,95,168,0.12)"),
        ("kk_clean", "kk_clean", HIJAU, "rgba(46,125,50,0.25)"),
    ):
        figure.add_trace(
            go.Scatter(
                x=shown["tanggal"],
                y=shown[kolom],
                mode="lines",
                name=i18n.t(name_key, bahasa),
                line={"color": warna, "width": 2.5},
                fill="tozeroy",
                fillcolor=isi,
                hovertemplate="%{x|%d/%m}: %{y:,}<extra></extra>",
            )
        )
    date_axis(figure, ctx.mulai, ctx.selesai, bahasa)
    figure.update_yaxes(title=i18n.t("rumah_tangga", bahasa))
    count_axis(figure, shown["kk_respon"].max())
    return layout(figure, bahasa, height=320, title=i18n.t("judul_respon_clean", bahasa))


def sisa_target(capaian: pl.DataFrame, bahasa: str = "id") -> go.Figure:
    """Each area's registered households split into clean, responded (not yet clean) and still to reach.

    `capaian` is a capaian frame; the three segments of a bar add up to its kk_target.
    """
    shown = capaian.filter(pl.col("kk_target").is_not_null())
    if shown.is_empty():
        return empty(i18n.t("tidak_ada_target", bahasa), bahasa)
    segments = shown.select(
        plain_col("nama"),
        clean=pl.col("kk_clean"),
        respon=pl.col("kk_respon") - pl.col("kk_clean"),
        belum=(pl.col("kk_target") - pl.col("kk_respon")).clip(lower_bound=0),
    )
    figure = go.Figure()
    for kolom, name_key, warna in (
        ("clean", "segmen_clean", HIJAU),
        ("respon", "segmen_respon", "#9ecae1"),
        ("belum", "segmen_belum", "#e9edf1"),
    ):
        figure.add_trace(
            go.Bar(
                x=segments[kolom],
                y=segments["nama"],
                orientation="h",
                name=i18n.t(name_key, bahasa),
                marker_color=warna,
                text=[i18n.angka(v, bahasa) for v in segments[kolom]],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate="%{y}: %{x:,}<extra>" + i18n.t(name_key, bahasa) + "</extra>",
            )
        )
    count_axis(figure, shown["kk_target"].max(), axis="x")
    figure.update_yaxes(showticklabels=shown.height > 1)
    return layout(
        figure,
        bahasa,
        barmode="stack",
        height=max(220, 160 + 34 * shown.height),
        title=i18n.t("judul_sisa_target", bahasa),
        legend={"orientation": "h", "yanchor": "top", "y": -0.25, "x": 0, "traceorder": "normal"},
    )
