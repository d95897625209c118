"""Plotly figure builders: pure functions, a polars DataFrame in and a go.Figure out, no st.* calls.

Every builder takes `bahasa` for its labels and number format (Indonesian: 12.345 and 12,3).
"""

import json
import math
from datetime import date, timedelta
from functools import cache
from pathlib import Path

import plotly.graph_objects as go
import polars as pl

from sensus.app.charts import plain, plain_col
from sensus.core import i18n

BIRU = "#1f5fa8"
ABU = "#9aa5b1"
MERAH = "#c0392b"
HIJAU = "#2e7d32"
ORANYE = "#e67e22"
# fixed across days and areas so maps and bars compare over time
SKALA_WARNA = [[0.0, "#f7fbff"], [0.25, "#c6dbef"], [0.5, "#6baed6"], [0.75, "#2171b5"], [1.0, "#08306b"]]
FONT = "Source Sans Pro, Arial, sans-serif"


def _layout(figure: go.Figure, bahasa: str, **extra) -> go.Figure:
    figure.update_layout(
        separators=",." if bahasa == "id" else ".,",
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        hoverlabel={"font_family": FONT},
        # below the plot: above it the legend collides with the title
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        title={"x": 0, "xanchor": "left", "font": {"size": 16}},
        plot_bgcolor="white",
    )
    figure.update_layout(**extra)
    figure.update_xaxes(gridcolor="#eef1f4")
    figure.update_yaxes(gridcolor="#eef1f4", zerolinecolor="#d5dbe1")
    return figure


def _date_axis(figure: go.Figure, mulai: date, selesai: date, bahasa: str) -> None:
    """Weekly ticks with month names in the viewer's language (plotly's own are English only)."""
    ticks = [mulai + timedelta(days=d) for d in range(0, (selesai - mulai).days + 1, 7)]
    figure.update_xaxes(
        tickvals=ticks,
        ticktext=[i18n.tanggal(day, bahasa, "d MMM") for day in ticks],
        range=[mulai - timedelta(hours=12), selesai + timedelta(hours=12)],
    )


def empty(message: str, bahasa: str = "id") -> go.Figure:
    """A figure that says why there is nothing to draw."""
    figure = go.Figure()
    figure.add_annotation(
        text=message, showarrow=False, font={"size": 15, "color": ABU}, x=0.5, y=0.5, xref="paper", yref="paper"
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return _layout(figure, bahasa, height=300)


def kurva_kumulatif(
    harian: pl.DataFrame,
    ukuran: str,
    target_persen: float,
    mulai: date,
    selesai: date,
    sampai: date,
    bahasa: str = "id",
    pembanding: dict[str, pl.DataFrame] | None = None,
) -> go.Figure:
    """Cumulative response rate against the straight target path from 0 on `mulai` to the target on `selesai`.

    `harian` is a kurva_harian frame; `sampai` is the as-of day (later days are not drawn);
    `pembanding` adds dashed curves for comparison areas (name → kurva_harian frame).
    """
    if harian.is_empty() or harian[f"{ukuran}_target"].null_count() == harian.height:
        return empty(i18n.t("tidak_ada_target", bahasa), bahasa)
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[mulai - timedelta(days=1), selesai],
            y=[0, target_persen],
            mode="lines",
            name=i18n.t("jalur_target", bahasa),
            line={"color": ABU, "dash": "dot", "width": 2},
            hovertemplate="%{y:.1f} %<extra></extra>",
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
                hovertemplate="%{y:.2f} %",
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
            hovertemplate="%{x|%d/%m}: %{y:.2f} % (%{customdata:,})<extra></extra>",
        )
    )
    _date_axis(figure, mulai, selesai, bahasa)
    figure.update_yaxes(title=i18n.t(f"persen_{ukuran}", bahasa), ticksuffix=" %", rangemode="tozero")
    return _layout(figure, bahasa, height=360, title=i18n.t("judul_kurva", bahasa))


def _rate(harian: pl.DataFrame, ukuran: str) -> pl.DataFrame:
    return harian.with_columns(persen=100 * pl.col(f"{ukuran}_respon") / pl.col(f"{ukuran}_target"))


def harian_bar(
    harian: pl.DataFrame,
    ukuran: str,
    mulai: date,
    selesai: date,
    sampai: date,
    bahasa: str = "id",
    kegiatan: pl.DataFrame | None = None,
) -> go.Figure:
    """Daily new responses with their 7-day mean; events (tanggal, jenis, keterangan) marked as lines."""
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
            name=i18n.t(f"baru_{ukuran}", bahasa),
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
    if kegiatan is not None and not kegiatan.is_empty():
        # the notes are a user's text: escaped before they are joined with plotly's own line break
        per_day = kegiatan.group_by("tanggal").agg(plain_col("keterangan").str.join("<br>"), pl.len()).sort("tanggal")
        top = float(shown[f"{ukuran}_baru"].max() or 1)
        figure.add_trace(
            go.Scatter(
                x=per_day["tanggal"],
                y=[top * 1.08] * per_day.height,
                mode="markers+text",
                marker={"symbol": "triangle-down", "size": 12, "color": ORANYE},
                text=[str(n) if n > 1 else "" for n in per_day["len"]],
                textposition="top center",
                name=i18n.t("kegiatan", bahasa),
                customdata=per_day["keterangan"],
                hovertemplate="%{x|%d/%m}<br>%{customdata}<extra></extra>",
            )
        )
        for day in per_day["tanggal"]:
            figure.add_vline(x=day, line={"color": ORANYE, "width": 1, "dash": "dot"})
    _date_axis(figure, mulai, selesai, bahasa)
    figure.update_yaxes(title=i18n.t(f"baru_{ukuran}", bahasa))
    return _layout(figure, bahasa, height=320, bargap=0.15, title=i18n.t("judul_harian", bahasa))


def peringkat(
    capaian: pl.DataFrame,
    ukuran: str,
    bahasa: str = "id",
    target_hari_ini: float | None = None,
    tinggi_per_baris: int = 26,
) -> go.Figure:
    """Areas ranked by response rate, horizontal bars, the target path's value today as a line."""
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
            text=[i18n.persen(v, bahasa, 1) for v in ranked[kolom]],
            textposition="outside",
            customdata=ranked.select(f"{ukuran}_respon", f"{ukuran}_target").rows(),
            hovertemplate="<b>%{y}</b><br>%{x:.2f} %<br>%{customdata[0]:,} / %{customdata[1]:,}<extra></extra>",
        )
    )
    if target_hari_ini is not None:
        figure.add_vline(
            x=target_hari_ini,
            line={"color": ABU, "dash": "dot", "width": 2},
            annotation_text=i18n.t("jalur_target", bahasa),
            annotation_position="top",
        )
    figure.update_xaxes(title=i18n.t(f"persen_{ukuran}", bahasa), ticksuffix=" %", rangemode="tozero")
    return _layout(figure, bahasa, height=max(260, 70 + tinggi_per_baris * ranked.height), showlegend=False)


@cache
def load_geojson(path: Path) -> dict | None:
    """A boundary file, or None when it is missing (the tables still show every area)."""
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def peta(
    capaian: pl.DataFrame, geojson: dict | None, ukuran: str, bahasa: str = "id", skala_maks: float = 25.0
) -> go.Figure:
    """Choropleth of response rates, offline: our own GeoJSON on a blank white-bg map, no tiles.

    The colour scale runs from 0 to `skala_maks` percent whatever the day, so maps compare over time.
    """
    if geojson is None:
        return empty(i18n.t("peta_tidak_ada", bahasa), bahasa)
    kolom = f"persen_{ukuran}"
    known = {feature["id"] for feature in geojson["features"]}
    drawn = capaian.filter(pl.col("kode").is_in(list(known)))
    if drawn.is_empty():
        return empty(i18n.t("peta_tidak_ada", bahasa), bahasa)
    lons, lats = _bounds(geojson, set(drawn["kode"]))
    figure = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            locations=drawn["kode"],
            z=drawn[kolom].fill_null(0),
            featureidkey="id",
            zmin=0,
            zmax=skala_maks,
            colorscale=SKALA_WARNA,
            marker={"line": {"width": 0.6, "color": "white"}},
            customdata=drawn.select(plain_col("nama"), f"{ukuran}_respon", f"{ukuran}_target").rows(),
            hovertemplate="<b>%{customdata[0]}</b><br>%{z:.2f} %<br>"
            "%{customdata[1]:,} / %{customdata[2]:,}<extra></extra>",
            colorbar={"title": {"text": "%"}, "ticksuffix": " %", "thickness": 12},
        )
    )
    figure.update_layout(
        map={
            "style": "white-bg",
            "center": {"lon": (lons[0] + lons[1]) / 2, "lat": (lats[0] + lats[1]) / 2},
            "zoom": _zoom(lons, lats),
        }
    )
    return _layout(figure, bahasa, height=460, margin={"l": 0, "r": 0, "t": 10, "b": 0})


def _bounds(geojson: dict, codes: set[str]) -> tuple[tuple[float, float], tuple[float, float]]:
    lons: list[float] = []
    lats: list[float] = []

    def walk(coordinates) -> None:
        if isinstance(coordinates[0], (int, float)):
            lons.append(coordinates[0])
            lats.append(coordinates[1])
        else:
            for part in coordinates:
                walk(part)

    for feature in geojson["features"]:
        if feature["id"] in codes:
            walk(feature["geometry"]["coordinates"])
    return (min(lons), max(lons)), (min(lats), max(lats))


def _zoom(lons: tuple[float, float], lats: tuple[float, float]) -> float:
    span = max(lons[1] - lons[0], (lats[1] - lats[0]) * 1.6, 0.01)
    return max(0.0, min(14.0, math.log2(360 / span) - 0.6))


# ---- kecamatan, desa and data pages (issue 4) ----------------------------------------------------

# white for a day without a response, so a quiet village shows as a gap rather than as pale blue
WARNA_PEMBANDING = ["#6baed6", "#7b6fb0", "#8c8c8c"]
SKALA_HARIAN = [[0.0, "#ffffff"], [1e-6, "#deebf7"], [0.35, "#6baed6"], [0.7, "#2171b5"], [1.0, "#08306b"]]


@cache
def load_geojson_bagian(path: Path, awalan: str) -> dict | None:
    """The features of a boundary file whose id starts with `awalan` ('33.16.05.': the villages of Cepu).

    The figure carries its GeoJSON to the browser on every rerun: one kecamatan's villages are a sixteenth
    of the kabupaten's 0.9 MB, and plotly validates and serialises that much less.
    """
    geojson = load_geojson(path)
    if geojson is None:
        return None
    return {**geojson, "features": [f for f in geojson["features"] if str(f["id"]).startswith(awalan)]}


def heatmap_desa(
    harian_desa: pl.DataFrame, ukuran: str, mulai: date, selesai: date, sampai: date, bahasa: str = "id"
) -> go.Figure:
    """Village × day heatmap of daily new responses, one row per village (alphabetical, top to bottom).

    `harian_desa` is a harian_desa frame (kode, nama, tanggal, kk_baru, penduduk_baru); days after `sampai`
    are not drawn, so the heatmap ends on the as-of day like the other charts.
    """
    kolom = f"{ukuran}_baru"
    shown = harian_desa.filter(pl.col("tanggal") <= sampai)
    if shown.is_empty():
        return empty(i18n.t("belum_ada_respon", bahasa), bahasa)
    days = sorted(shown["tanggal"].unique())
    villages = shown.select("kode", "nama").unique().sort("nama", "kode")
    # two villages of one name would share a row: a category axis merges equal labels
    repeated = villages.filter(pl.col("nama").is_duplicated())["kode"].to_list()
    labels = [plain(f"{nama} ({kode[-4:]})" if kode in repeated else nama) for kode, nama in villages.iter_rows()]
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
            colorbar={
                "title": {"text": i18n.t(f"baru_{ukuran}", bahasa), "side": "right"},
                "thickness": 12,
                # whole households and persons: no 2,5 on the scale of a quiet kecamatan
                "tickformat": ",d",
                "dtick": 1 if (shown[kolom].max() or 0) <= 8 else None,
            },
            hovertemplate="<b>%{y}</b><br>%{x|%d/%m}: %{z:,}<extra></extra>",
        )
    )
    _date_axis(figure, mulai, selesai, bahasa)
    figure.update_xaxes(showgrid=False)
    figure.update_yaxes(autorange="reversed", showgrid=False, ticksuffix=" ")
    return _layout(
        figure,
        bahasa,
        height=max(260, 90 + 22 * len(labels)),
        title=i18n.t("judul_heatmap", bahasa),
        margin={"l": 10, "r": 10, "t": 40, "b": 30},
    )


def kurva_banding(
    harian: pl.DataFrame,
    nama: str,
    pembanding: dict[str, pl.DataFrame],
    ukuran: str,
    target_persen: float,
    mulai: date,
    selesai: date,
    sampai: date,
    bahasa: str = "id",
) -> go.Figure:
    """kurva_kumulatif of one area named `nama`, with the areas it is compared with (name → kurva_harian frame)."""
    figure = kurva_kumulatif(harian, ukuran, target_persen, mulai, selesai, sampai, bahasa, pembanding)
    figure.update_traces(name=plain(nama), selector={"name": i18n.t("capaian", bahasa)})
    # fixed colours: plotly's default cycle would draw the kabupaten red, the colour of "behind" elsewhere
    for name, colour in zip(pembanding, WARNA_PEMBANDING, strict=False):
        figure.update_traces(line_color=colour, selector={"name": name})
    return figure


def respon_clean(harian: pl.DataFrame, mulai: date, selesai: date, sampai: date, bahasa: str = "id") -> go.Figure:
    """Responding and clean households over time (cumulative): how far BPS's checks trail the responses."""
    shown = harian.filter(pl.col("tanggal") <= sampai)
    if shown.is_empty() or not shown["kk_respon"].max():
        return empty(i18n.t("belum_ada_respon", bahasa), bahasa)
    figure = go.Figure()
    # clean households are a subset of the responding ones: the green area sits inside the blue one
    for kolom, warna, isi in (("kk_respon", BIRU, "rgba(31,95,168,0.12)"), ("kk_clean", HIJAU, "rgba(46,125,50,0.25)")):
        figure.add_trace(
            go.Scatter(
                x=shown["tanggal"],
                y=shown[kolom],
                mode="lines",
                name=i18n.t(kolom, bahasa),
                line={"color": warna, "width": 2.5},
                fill="tozeroy",
                fillcolor=isi,
                hovertemplate="%{x|%d/%m}: %{y:,}<extra></extra>",
            )
        )
    _date_axis(figure, mulai, selesai, bahasa)
    figure.update_yaxes(title=i18n.t("rumah_tangga", bahasa), rangemode="tozero")
    return _layout(figure, bahasa, height=320, title=i18n.t("judul_respon_clean", bahasa))


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
    for kolom, warna in (("clean", HIJAU), ("respon", "#9ecae1"), ("belum", "#e9edf1")):
        figure.add_trace(
            go.Bar(
                x=segments[kolom],
                y=segments["nama"],
                orientation="h",
                name=i18n.t(f"segmen_{kolom}", bahasa),
                marker_color=warna,
                text=[i18n.angka(v, bahasa) for v in segments[kolom]],
                textposition="inside",
                insidetextanchor="middle",
                hovertemplate="%{y}: %{x:,}<extra>" + i18n.t(f"segmen_{kolom}", bahasa) + "</extra>",
            )
        )
    figure.update_xaxes(rangemode="tozero", tickformat=",d")
    figure.update_yaxes(showticklabels=shown.height > 1)
    return _layout(
        figure,
        bahasa,
        barmode="stack",
        height=max(220, 160 + 34 * shown.height),
        title=i18n.t("judul_sisa_target", bahasa),
        legend={"orientation": "h", "yanchor": "top", "y": -0.25, "x": 0, "traceorder": "normal"},
    )
