"""Plotly builders of the outreach page: pure functions, polars DataFrames in, go.Figure out, no st.* calls."""

import textwrap
from datetime import date, timedelta

import plotly.graph_objects as go
import polars as pl

from sensus.analysis import kegiatan_desa
from sensus.app.charts import plain, plain_col
from sensus.app.charts.base import ABU, BIRU, HIJAU, MERAH, ORANYE, ChartContext, count_axis, date_axis, empty, layout
from sensus.app.charts.monitoring import cumulative_curve
from sensus.core import i18n

WARNA_STATUS = {"naik": HIJAU, "turun": MERAH, "tidak_jelas": ABU}
SIMBOL_JENIS = {"rakor": "diamond", "sosialisasi": "circle", "pendampingan": "square"}

# base.layout puts a legend a fixed fraction of the plot's height below it (paper y -0.12): an x axis with a title,
# or with dates turned upright on a phone, reaches further down and the two overlapped (the backtest's "Hari
# perkiraan dibuat" ran through its legend). Anchored to the figure's bottom edge instead (container y 0), plotly
# reserves the legend's height there and draws the axis's labels and title above it, however tall they are; the
# figures grow by LEGEND_ROW so the plot keeps about its size.
LEGEND_BELOW_AXIS = {"yref": "container", "y": 0, "yanchor": "bottom"}
LEGEND_ROW = 30
# plotly centres an axis title under the plot and never wraps it: under a phone's plot narrowed by long row labels
# (the uplift chart's areas) a 35-character title ran past the figure's right edge; AXIS_TITLE_LINE characters at
# 13 px are about 140 px
AXIS_TITLE_LINE = 20


def axis_title(text: str) -> str:
    """An axis title broken into lines of at most AXIS_TITLE_LINE characters (a longer single word stays whole)."""
    return "<br>".join(textwrap.wrap(text, AXIS_TITLE_LINE, break_long_words=False)) or text


def label_kegiatan(row: dict, bahasa: str) -> str:
    """An event as one line: its day, its area's label (analysis.labels.with_wilayah_label) and its kind."""
    jenis = i18n.jenis_kegiatan(row["jenis"], bahasa)
    return f"{i18n.tanggal(row['tanggal'], bahasa, 'd MMM')} · {row['label_wilayah']} ({jenis})"


def dampak(hasil: pl.DataFrame, bahasa: str = "id") -> go.Figure:
    """Every event's estimated lift with its 90 % interval, newest on top; zero marks "no change".

    `hasil` is an uplift.per_kegiatan frame with each area's label_wilayah (analysis.labels.with_wilayah_label)."""
    shown = hasil.filter(pl.col("efek").is_not_null()).sort("tanggal", "label_wilayah")
    if shown.is_empty():
        return empty(i18n.t("dampak_tidak_ada", bahasa), bahasa)
    rows = shown.to_dicts()
    # the area on one line, day and kind below it: one long line leaves a phone's plot a sliver
    labels = [
        f"{plain(row['label_wilayah'])}<br>{i18n.tanggal(row['tanggal'], bahasa, 'd MMM')} · {plain(jenis)}"
        for row in rows
        for jenis in [i18n.jenis_kegiatan(row["jenis"], bahasa)]
    ]
    figure = go.Figure(
        go.Scatter(
            x=shown["efek"],
            y=labels,
            mode="markers",
            marker={"size": 11, "color": [WARNA_STATUS[row["status"]] for row in rows], "symbol": "diamond"},
            error_x={
                "type": "data",
                "symmetric": False,
                "array": (shown["atas"] - shown["efek"]).to_list(),
                "arrayminus": (shown["efek"] - shown["bawah"]).to_list(),
                "color": "#5b6670",
                "thickness": 1.5,
                "width": 4,
            },
            customdata=[
                (i18n.persen(r["bawah"], bahasa, 0), i18n.persen(r["atas"], bahasa, 0), r["jumlah_pembanding"])
                for r in rows
            ],
            hovertemplate="<b>%{y}</b><br>%{x:+.0f}"
            + i18n.tanda_persen(bahasa)
            + " (%{customdata[0]} – %{customdata[1]})<br>"
            + i18n.t("jumlah_pembanding_hover", bahasa)
            + ": %{customdata[2]}<extra></extra>",
        )
    )
    figure.add_vline(x=0, line={"color": "#5b6670", "width": 1.5})
    figure.update_xaxes(
        title=axis_title(i18n.t("sumbu_dampak", bahasa)),
        ticksuffix=i18n.tanda_persen(bahasa),
        zeroline=False,
        automargin=True,
    )
    figure.update_yaxes(autorange="reversed", type="category")
    return layout(
        figure,
        bahasa,
        height=max(260, 80 + 40 * len(rows)),
        showlegend=False,
        title=i18n.t("judul_dampak", bahasa),
    )


def seri_kegiatan(seri: pl.DataFrame, nama: str, hari: date, bahasa: str = "id") -> go.Figure:
    """The area's new households per day around the event, and what it would have had moving like the areas
    without an event (their pooled series scaled to its before-window level)."""
    if seri.is_empty():
        return empty(i18n.t("belum_ada_respon", bahasa), bahasa)
    colours = [ABU if j == "hari" else "#9ecae1" if j == "sebelum" else BIRU for j in seri["jendela"]]
    figure = go.Figure(
        go.Bar(
            x=seri["tanggal"],
            y=seri["wilayah"],
            name=i18n.t("kk_baru_wilayah", bahasa, nama=plain(nama)),
            marker_color=colours,
            hovertemplate="%{x|%d/%m}: %{y:,.0f}<extra></extra>",
        )
    )
    if seri["tanpa_kegiatan"].null_count() < seri.height:
        figure.add_trace(
            go.Scatter(
                x=seri["tanggal"],
                y=seri["tanpa_kegiatan"],
                name=i18n.t("seandainya_tanpa", bahasa),
                mode="lines+markers",
                line={"color": ORANYE, "width": 2, "dash": "dash"},
                hovertemplate="%{x|%d/%m}: %{y:,.1f}<extra></extra>",
            )
        )
    figure.add_vline(x=hari, line={"color": ORANYE, "width": 1.5, "dash": "dot"})
    figure.add_annotation(
        x=hari, y=1.04, yref="paper", text=i18n.t("hari_kegiatan", bahasa), showarrow=False, font={"color": ORANYE}
    )
    figure.update_xaxes(
        tickvals=seri["tanggal"].to_list(),
        ticktext=[i18n.tanggal(d, bahasa, "d MMM") for d in seri["tanggal"]],
    )
    figure.update_yaxes(title=i18n.t("baru_kk", bahasa))
    count_axis(figure, max(seri["wilayah"].max() or 0, seri["tanpa_kegiatan"].max() or 0))
    return layout(
        figure,
        bahasa,
        height=330 + LEGEND_ROW,
        bargap=0.2,
        title=i18n.t("judul_seri_kegiatan", bahasa, nama=plain(nama)),
        legend=LEGEND_BELOW_AXIS,
    )


def forecast_curve(harian: pl.DataFrame, jalur: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """The cumulative curve against the target path (monitoring.cumulative_curve) with the forecast and its band."""
    bahasa = ctx.bahasa
    figure = cumulative_curve(harian, ctx)
    if jalur.is_empty() or jalur["persen"].null_count() == jalur.height:
        return figure
    days = jalur["tanggal"].to_list()
    figure.add_trace(
        go.Scatter(
            x=days + days[::-1],
            y=jalur["atas"].to_list() + jalur["bawah"].to_list()[::-1],
            fill="toself",
            fillcolor="rgba(230,126,34,0.18)",
            line={"width": 0},
            name=i18n.t("rentang_perkiraan", bahasa),
            hoverinfo="skip",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=days,
            y=jalur["persen"],
            mode="lines",
            name=i18n.t("perkiraan", bahasa),
            line={"color": ORANYE, "width": 2.5, "dash": "dash"},
            customdata=jalur.select("bawah", "atas").rows(),
            hovertemplate="%{x|%d/%m}: %{y:.2f}"
            + i18n.tanda_persen(bahasa)
            + " (%{customdata[0]:.2f} – %{customdata[1]:.2f})<extra></extra>",
        )
    )
    last = jalur.row(-1, named=True)
    figure.add_annotation(
        x=last["tanggal"],
        y=last["persen"],
        text=i18n.persen(last["persen"], bahasa, 1),
        showarrow=True,
        arrowhead=0,
        ax=-30,
        ay=-25,
        font={"color": ORANYE, "size": 14},
    )
    return figure.update_layout(title={"text": i18n.t("judul_perkiraan", bahasa)})


def backtest(uji: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Forecast minus outcome (percentage points) of the forecasts made on each earlier cut-off day."""
    bahasa = ctx.bahasa
    if uji.is_empty():
        return empty(i18n.t("backtest_kurang", bahasa), bahasa)
    figure = go.Figure()
    for horizon, colour in ((7, BIRU), (14, ORANYE)):
        part = uji.filter(pl.col("horizon") == horizon).sort("potong")
        if part.is_empty():
            continue
        figure.add_trace(
            go.Scatter(
                x=part["potong"],
                y=part["perkiraan"] - part["aktual"],
                mode="lines+markers",
                name=i18n.t("hari_ke_depan", bahasa, n=horizon),
                line={"color": colour, "width": 2},
                hovertemplate="%{x|%d/%m}: %{y:+.2f}<extra></extra>",
            )
        )
    figure.add_hline(y=0, line={"color": "#5b6670", "width": 1})
    date_axis(figure, ctx.mulai, ctx.selesai, bahasa)
    figure.update_xaxes(title=i18n.t("hari_potong", bahasa), automargin=True)
    figure.update_yaxes(title=i18n.t("sumbu_meleset", bahasa))
    return layout(
        figure, bahasa, height=300 + LEGEND_ROW, title=i18n.t("judul_backtest", bahasa), legend=LEGEND_BELOW_AXIS
    )


def timeline(kegiatan: pl.DataFrame, ctx: ChartContext) -> go.Figure:
    """Events on a timeline, one row per area (its label_wilayah, so Kec. Cepu and Kelurahan Cepu stay apart);
    hollow markers for simulated ones, faded ones named "planned" for those after the as-of day."""
    bahasa, mulai, selesai = ctx.bahasa, ctx.mulai, ctx.selesai
    if kegiatan.is_empty():
        return empty(i18n.t("belum_ada_kegiatan", bahasa), bahasa)
    figure = go.Figure()
    planned = kegiatan_desa.is_direncanakan(ctx.tanggal)
    shown = kegiatan.sort("tanggal").with_columns(is_direncanakan=planned)
    for (jenis, is_planned), part in shown.group_by("jenis", "is_direncanakan", maintain_order=True):
        name = plain(i18n.jenis_kegiatan(jenis, bahasa)) + (
            f" · {i18n.t('direncanakan', bahasa)}" if is_planned else ""
        )
        figure.add_trace(
            go.Scatter(
                x=part["tanggal"],
                y=part.select(plain_col("label_wilayah"))["label_wilayah"],
                mode="markers",
                name=name,
                legendgroup=plain(jenis),
                opacity=PLANNED_OPACITY if is_planned else 1,
                marker={
                    "size": 13,
                    "symbol": [
                        SIMBOL_JENIS.get(jenis, "triangle-up") + ("-open" if s or is_planned else "")
                        for s in part["simulasi"]
                    ],
                    "line": {"width": 2},
                    **({"color": ABU} if is_planned else {}),
                },
                customdata=part.select(plain_col("keterangan"))["keterangan"],
                hovertemplate="%{x|%d/%m} · %{y}<br>" + name + "<br>%{customdata}<extra></extra>",
            )
        )
    # the as-of day: what lies right of it has not happened yet
    figure.add_vline(x=ctx.tanggal, line={"color": ABU, "width": 1, "dash": "dot"})
    figure.update_yaxes(type="category", categoryorder="category descending")
    date_axis(figure, mulai, selesai, bahasa)
    figure.update_xaxes(range=[mulai - timedelta(days=1), selesai + timedelta(days=1)])
    areas = kegiatan["label_wilayah"].n_unique()
    return layout(
        figure,
        bahasa,
        height=max(240, 90 + 24 * areas) + LEGEND_ROW,
        title=i18n.t("judul_linimasa", bahasa),
        legend=LEGEND_BELOW_AXIS,
    )


PLANNED_OPACITY = 0.5
