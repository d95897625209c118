"""Choropleth maps, offline: our own GeoJSON on a blank white-bg map, no tiles, no CDN."""

import json
import math
from functools import cache
from pathlib import Path

import plotly.graph_objects as go
import polars as pl

from sensus.app.charts.base import empty
from sensus.app.charts.base import layout as _layout
from sensus.core import i18n

# fixed across days and areas so maps and bars compare over time
SKALA_WARNA = [[0.0, "#f7fbff"], [0.25, "#c6dbef"], [0.5, "#6baed6"], [0.75, "#2171b5"], [1.0, "#08306b"]]


@cache
def load_geojson(path: Path) -> dict | None:
    """A boundary file, or None when it is missing (the tables still show every area)."""
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def load_geojson_part(path: Path, awalan: str) -> dict | None:
    """The features of a boundary file whose id starts with `awalan` ('33.16.05.': the villages of Cepu).

    The figure carries its GeoJSON to the browser on every rerun: one kecamatan's villages are a sixteenth
    of the kabupaten's 0.9 MB, and plotly validates and serialises that much less.
    """
    geojson = load_geojson(path)
    if geojson is None:
        return None
    return {**geojson, "features": [f for f in geojson["features"] if str(f["id"]).startswith(awalan)]}


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
            customdata=drawn.select("nama", f"{ukuran}_respon", f"{ukuran}_target").rows(),
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
