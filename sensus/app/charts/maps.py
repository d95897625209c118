"""Map builders: choropleths people can read, offline (our own GeoJSON on a blank white-bg map, no tiles).

- three modes: the response rate, the gap to the target path (points above or below it today) and the change
  in the last 7 days (points); the colour scale is fitted to the values drawn (a "nice" upper end), the gap
  diverges around 0 (red below the path, blue above);
- every area carries a numbered marker (a white disc with its number, numbered in code order so a number stays
  with its area in every mode and on every day) and `daftar_peta`/`teks_daftar` give the list number → name →
  value shown below the map: full names collide on a phone-wide map and MapLibre drops a colliding label; a
  circle is never dropped, and the markers are nudged apart (`pisahkan`) so two numbers never overlap;
- the colour bar lies flat below the map, and the zoom fits the areas to the narrowest panel the map is shown
  in (a phone's, LEBAR): plotly's `map.fitbounds` ignores choroplethmap traces, and the browser keeps the zoom
  when the panel is wider, so a zoom fitted to a phone shows every area at both widths, with the same spacing
  of the numbers the collision check measured;
- `png_peta` makes a PNG with a title, the date, the numbered map, the list of names beside it and, on a demo
  store, the "simulasi" label.

Display geometry comes from the boundary files' lighter *_tampil.geojson versions (scripts/derive_batas_provinsi.py):
the map sends it to the browser on every render. A region without boundaries gets `batang_tanpa_peta` instead.
"""

import json
import math
from datetime import date
from functools import cache
from pathlib import Path

import plotly.graph_objects as go
import polars as pl

from sensus.app.charts.base import (
    ABU,
    FONT,
    KOTAK_SIMULASI,
    MERAH,
    empty,
    escape,
    label_simulasi,
    room_for_bar_text,
)
from sensus.app.charts.base import layout as _layout
from sensus.core import i18n

MODE = ("persen", "jalur", "naik_7")
SKALA_KEY = {"persen": "peta_skala_persen", "jalur": "peta_skala_jalur", "naik_7": "peta_skala_naik_7"}
SKALA_PERSEN = [[0.0, "#f7fbff"], [0.2, "#c6dbef"], [0.45, "#6baed6"], [0.7, "#2171b5"], [1.0, "#08306b"]]
SKALA_NAIK = [[0.0, "#fcfbfd"], [0.3, "#dadaeb"], [0.6, "#9e9ac8"], [1.0, "#54278f"]]
# red below the target path, white on it, blue above
SKALA_JALUR = [[0.0, "#b2182b"], [0.3, "#ef8a62"], [0.5, "#f7f7f7"], [0.7, "#67a9cf"], [1.0, "#2166ac"]]
MAKS_LABEL = 40  # more areas than this crowd the map with numbers: hover and the list carry them
# the map panel's width on a phone (390 px screen less the page's padding and a margin): the zoom is fitted to it
LEBAR = 340
TINGGI_MAKS = 560  # a tall kecamatan's map stops growing here; its zoom then fits the height
TINGGI_MIN = 260
MARKER = 19  # px: the disc behind a number
BAGIAN_PETA_PNG = 0.64  # of a picture's width: the map; the list of names takes the rest
# px: the box MapLibre keeps free round a number (two digits at 11 px, the glyphs' buffer and padding); two
# numbers whose boxes overlap lose one of them, so the numbers are set at least this far apart on one axis
KOTAK_LEBAR = 26
KOTAK_TINGGI = 20
PIKSEL_UBIN = 512  # MapLibre's tile size: the world is 512 × 2^zoom pixels wide
TEPI = 0.92  # leave a little margin round the areas


@cache
def load_batas(path: Path) -> dict | None:
    """A boundary file, or None when it is missing (the tables still show every area)."""
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def path_tampil(path: Path) -> Path:
    """The screen version of a boundary file (desa.geojson → desa_tampil.geojson) when it exists."""
    screen = path.with_name(f"{path.stem}_tampil{path.suffix}")
    return screen if screen.is_file() else path


@cache
def load_batas_tampil(path: Path, awalan: str = "") -> dict | None:
    """The screen geometry of `path`, only the features whose id starts with `awalan` ('33.16.05.')."""
    geojson = load_batas(path_tampil(path))
    if geojson is None or not awalan:
        return geojson
    return {**geojson, "features": [f for f in geojson["features"] if str(f["id"]).startswith(awalan)]}


def nice_max(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k at or above `value` (a colour bar ending on a round number)."""
    if value <= 0 or math.isnan(value):
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return float(next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value - 1e-12))


def tambah_naik_7(kini: pl.DataFrame, minggu_lalu: pl.DataFrame, ukuran: str) -> pl.DataFrame:
    """`kini` (capaian) with naik_7_hari: its rate minus the rate 7 days earlier (`minggu_lalu`), in points."""
    kolom = f"persen_{ukuran}"
    before = minggu_lalu.select("kode", pl.col(kolom).alias("_lalu"))
    return (
        kini.join(before, on="kode", how="left")
        .with_columns(naik_7_hari=pl.col(kolom) - pl.col("_lalu").fill_null(0.0))
        .drop("_lalu")
    )


def nilai_peta(capaian: pl.DataFrame, ukuran: str, mode: str, jalur_persen: float | None = None) -> pl.Series:
    """The value each area is coloured by in `mode`."""
    kolom = f"persen_{ukuran}"
    if mode == "persen":
        return capaian[kolom]
    if mode == "jalur":
        if jalur_persen is None:
            raise ValueError("the gap to the target path needs jalur_persen")
        return capaian[kolom] - jalur_persen
    if mode == "naik_7":
        if "naik_7_hari" not in capaian.columns:
            raise ValueError("the 7-day change needs a naik_7_hari column (tambah_naik_7)")
        return capaian["naik_7_hari"]
    raise ValueError(f"unknown map mode {mode!r}; one of {', '.join(MODE)}")


def skala(values: pl.Series, mode: str) -> dict:
    """Colour scale settings fitted to `values`: colorscale, zmin, zmax (and zmid for the gap)."""
    finite = values.drop_nulls().drop_nans()
    if mode == "jalur":
        reach = nice_max(max(abs(finite.min() or 0.0), abs(finite.max() or 0.0), 0.1))
        return {"colorscale": SKALA_JALUR, "zmin": -reach, "zmax": reach, "zmid": 0.0}
    top = nice_max(max(finite.max() or 0.0, 0.1))
    return {"colorscale": SKALA_PERSEN if mode == "persen" else SKALA_NAIK, "zmin": 0.0, "zmax": top}


def peta(
    capaian: pl.DataFrame,
    geojson: dict | None,
    ukuran: str,
    bahasa: str = "id",
    mode: str = "persen",
    jalur_persen: float | None = None,
    lebar: int = LEBAR,
    tinggi: int | None = None,
    label: bool | None = None,
) -> go.Figure:
    """Choropleth of `capaian` (kode, nama, persen_<ukuran>, <ukuran>_respon, <ukuran>_target[, naik_7_hari]).

    `label`: numbered markers on the areas (default: when at most MAKS_LABEL areas are drawn). `lebar` is the
    panel width the zoom is fitted to; `tinggi` the figure's height (default: the areas' shape at that width).
    """
    if geojson is None:
        return empty(i18n.t("peta_tidak_ada", bahasa), bahasa)
    known = {feature["id"] for feature in geojson["features"]}
    drawn = capaian.filter(pl.col("kode").is_in(list(known)))
    if drawn.is_empty():
        return empty(i18n.t("peta_tidak_ada", bahasa), bahasa)
    values = nilai_peta(drawn, ukuran, mode, jalur_persen)
    scale = skala(values, mode)
    unit = i18n.tanda_persen(bahasa) if mode == "persen" else ""
    value_format = "%{z:.2f}" + unit if mode == "persen" else "%{z:+.2f} " + i18n.t("peta_poin", bahasa)
    figure = go.Figure(
        go.Choroplethmap(
            geojson=geojson,
            locations=drawn["kode"],
            meta={"mode": mode},
            z=values.fill_null(0.0),
            featureidkey="id",
            **scale,
            # fully opaque: the default lets the names beneath show through faded
            marker={"line": {"width": 0.6, "color": "white"}, "opacity": 1},
            customdata=drawn.select(
                pl.col("nama").str.replace_all("<", "&lt;", literal=True).str.replace_all(">", "&gt;", literal=True),
                f"{ukuran}_respon",
                f"{ukuran}_target",
            ).rows(),
            hovertemplate="<b>%{customdata[0]}</b><br>" + value_format + "<br>"
            "%{customdata[1]:,} / %{customdata[2]:,}<extra></extra>",
            colorbar={
                "orientation": "h",
                "x": 0.5,
                "xanchor": "center",
                "y": 0,
                "yanchor": "top",
                "len": 0.7,
                "thickness": 10,
                "title": {"text": i18n.t(SKALA_KEY[mode], bahasa), "side": "top"},
                "ticksuffix": unit,
                "outlinewidth": 0,
            },
        )
    )
    lons, lats = _bounds(geojson, set(drawn["kode"]))
    if tinggi is None:
        tinggi = tinggi_peta(lons, lats, lebar)
    zoom = fit_zoom(lons, lats, lebar, tinggi - RUANG_SKALA)
    if label if label is not None else drawn.height <= MAKS_LABEL:
        _add_numbers(figure, geojson, drawn, zoom, bahasa)
    figure.update_layout(
        map={
            "style": "white-bg",
            "center": {"lon": (lons[0] + lons[1]) / 2, "lat": (lats[0] + lats[1]) / 2},
            "zoom": zoom,
        },
        showlegend=False,
    )
    return _layout(figure, bahasa, height=tinggi, margin={"l": 0, "r": 0, "t": 0, "b": RUANG_SKALA})


RUANG_SKALA = 64  # pixels below the map for the flat colour bar and its title


def batang_tanpa_peta(
    capaian: pl.DataFrame,
    ukuran: str,
    bahasa: str = "id",
    mode: str = "persen",
    jalur_persen: float | None = None,
    tinggi_per_baris: int = 24,
) -> go.Figure:
    """What a map panel shows for a region without published boundaries: the same areas, ranked by the value the
    map would colour them by (`mode`), as horizontal bars in the map's colours. Each bar carries its area's code
    as the last item of its customdata, so a click opens the area as a click on the map does."""
    values = nilai_peta(capaian, ukuran, mode, jalur_persen)
    ranked = capaian.with_columns(_nilai=values).filter(pl.col("_nilai").is_not_null()).sort("_nilai")
    if ranked.is_empty():
        return empty(i18n.t("tidak_ada_target", bahasa), bahasa)
    scale = skala(ranked["_nilai"], mode)
    figure = go.Figure(
        go.Bar(
            x=ranked["_nilai"],
            y=[escape(name) for name in ranked["nama"]],
            orientation="h",
            meta={"mode": mode},
            marker={
                "color": ranked["_nilai"].to_list(),
                "colorscale": scale["colorscale"],
                "cmin": scale["zmin"],
                "cmax": scale["zmax"],
                "line": {"width": 0.6, "color": ABU},
            },
            text=[teks_nilai(v, mode, bahasa) for v in ranked["_nilai"]],
            textposition="outside",
            # with room_for_bar_text: a value a little wider than its room still shows whole
            cliponaxis=False,
            customdata=ranked.select(f"{ukuran}_respon", f"{ukuran}_target", "kode").rows(),
            hovertemplate="<b>%{y}</b><br>%{text}<br>%{customdata[0]:,} / %{customdata[1]:,}<extra></extra>",
        )
    )
    figure.update_xaxes(title=i18n.t(SKALA_KEY[mode], bahasa), zeroline=True, range=room_for_bar_text(ranked["_nilai"]))
    return _layout(figure, bahasa, height=max(260, 70 + tinggi_per_baris * ranked.height), showlegend=False)


def nomor_peta(kodes) -> dict[str, int]:
    """Each area's number on the map: 1, 2, … in code order (the official order, the same in every mode and day)."""
    return {kode: n for n, kode in enumerate(sorted(kodes), start=1)}


def teks_nilai(value: float | None, mode: str, bahasa: str) -> str:
    """A map value as the list beside the map shows it: '12,34 %' for the rate, '+1,23 poin' for a change."""
    if value is None or math.isnan(value):
        return "–"
    if mode == "persen":
        return i18n.persen(value, bahasa, 2)
    return ("+" if value > 0 else "") + i18n.angka(value, bahasa, 2) + " " + i18n.t("peta_poin", bahasa)


def _pixels(lon: float, lat: float, zoom: float) -> tuple[float, float]:
    world = PIKSEL_UBIN * 2**zoom
    return world * lon / 360, -world * _mercator(lat) / (2 * math.pi)


def _lonlat(x: float, y: float, zoom: float) -> tuple[float, float]:
    world = PIKSEL_UBIN * 2**zoom
    return x * 360 / world, math.degrees(2 * math.atan(math.exp(-y * 2 * math.pi / world)) - math.pi / 2)


def pisahkan(
    points: list[tuple[float, float]], zoom: float, lebar: float = KOTAK_LEBAR, tinggi: float = KOTAK_TINGGI
) -> list[tuple[float, float]]:
    """The points (lon, lat) nudged apart until no two numbers' boxes (`lebar` × `tinggi` pixels at `zoom`)
    overlap: MapLibre hides a label whose box overlaps another's (a few small kelurahan of a town lie 12 px
    apart on a phone). A close pair moves apart along the axis that needs the smaller move."""
    xy = [list(_pixels(lon, lat, zoom)) for lon, lat in points]
    for _ in range(500):
        moved = False
        for i in range(len(xy)):
            for j in range(i + 1, len(xy)):
                dx, dy = xy[j][0] - xy[i][0], xy[j][1] - xy[i][1]
                over_x, over_y = lebar - abs(dx), tinggi - abs(dy)
                if over_x <= 0 or over_y <= 0:
                    continue
                axis, over, sign = (0, over_x, dx) if over_x <= over_y else (1, over_y, dy)
                step = (over / 2 + 0.05) * (1 if sign >= 0 else -1)
                xy[i][axis] -= step
                xy[j][axis] += step
                moved = True
        if not moved:
            break
    return [_lonlat(x, y, zoom) for x, y in xy]


def _add_numbers(figure: go.Figure, geojson: dict, drawn: pl.DataFrame, zoom: float, bahasa: str) -> None:
    """A numbered white disc at each area's label point (nudged apart at `zoom`). It takes no hover or click: those
    reach the area beneath, so a tap on a number opens its area. customdata (name, value text, code) feeds the
    list beside the map."""
    choropleth = figure.data[0]
    mode = choropleth.meta["mode"]
    values = dict(zip(choropleth.locations, choropleth.z, strict=True))
    points = {
        f["id"]: (f["properties"].get("label_lon"), f["properties"].get("label_lat")) for f in geojson["features"]
    }
    numbers = nomor_peta(drawn["kode"])
    rows = sorted(drawn.select("kode", "nama").rows(), key=lambda row: numbers[row[0]])
    placed = [row for row in rows if None not in points.get(row[0], (None,))]
    where = pisahkan([points[kode] for kode, _ in placed], zoom)
    figure.add_trace(
        go.Scattermap(
            lon=[lon for lon, _ in where],
            lat=[lat for _, lat in where],
            mode="markers+text",
            text=[str(numbers[kode]) for kode, _ in placed],
            marker={"size": MARKER, "color": "white", "opacity": 0.92},
            textfont={"size": 11, "color": "#1b1f24", "family": FONT, "weight": "bold"},
            textposition="middle center",
            customdata=[[escape(nama), teks_nilai(values.get(kode), mode, bahasa), kode] for kode, nama in placed],
            # the number lets the pointer through: hover and click reach the area beneath (its name, its page)
            hoverinfo="skip",
            showlegend=False,
            name="nomor",
        )
    )


def daftar_figur(figure: go.Figure) -> list[tuple[int, str, str]]:
    """The list beside a map: (number, name, value text) of every numbered marker, in number order; names are
    escaped for plotly (&lt; …), as the figure holds them."""
    numbers = next((t for t in figure.data if t.type == "scattermap" and t.name == "nomor"), None)
    if numbers is None:
        return []
    return [(int(n), data[0], data[1]) for n, data in zip(numbers.text, numbers.customdata, strict=True)]


def markdown_daftar(rows: list[tuple[int, str, str]]) -> str:
    """The list as one markdown paragraph ('**1** Jati 2,31 % · **2** …'): wraps to any width, names as text."""

    def plain(name: str) -> str:
        text = name.replace("&lt;", "<").replace("&gt;", ">")
        # markdown and HTML characters of a name from a file shown as themselves
        return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>~$" else c for c in text)

    # no line break inside an entry: a number stays with its name and value on a phone
    return " · ".join(f"**{n}**\u00a0{plain(name)}\u00a0{value}".replace(" ", "\u00a0") for n, name, value in rows)


def tinggi_peta(lons: tuple[float, float], lats: tuple[float, float], lebar: int = LEBAR) -> int:
    """The figure height at which the areas, fitted to `lebar`, fill the map (between TINGGI_MIN and TINGGI_MAKS)."""
    span_x = max(lons[1] - lons[0], 1e-4) / 360
    span_y = max(_mercator(lats[1]) - _mercator(lats[0]), 1e-6) / (2 * math.pi)
    return int(max(TINGGI_MIN, min(TINGGI_MAKS, lebar * span_y / span_x + 8))) + RUANG_SKALA


def _add_labels(figure: go.Figure, geojson: dict, drawn: pl.DataFrame, size: int) -> None:
    """Names at each area's label point (a picture of more areas than can be numbered): white on the darkest
    fills, dark elsewhere, so every name reads."""
    choropleth = figure.data[0]
    low, high = choropleth.zmin, choropleth.zmax
    z = dict(zip(choropleth.locations, choropleth.z, strict=True))
    points = {
        f["id"]: (f["properties"].get("label_lon"), f["properties"].get("label_lat")) for f in geojson["features"]
    }

    def is_dark(kode: str) -> bool:
        share = (z[kode] - low) / (high - low) if high > low else 0.0
        # the diverging scale is dark at both ends, the sequential ones at the top
        return share > 0.62 or (choropleth.zmid is not None and share < 0.2)

    for dark in (False, True):
        rows = [
            (points[kode], nama)
            for kode, nama in drawn.select("kode", "nama").rows()
            if None not in points.get(kode, (None,)) and is_dark(kode) == dark
        ]
        if not rows:
            continue
        figure.add_trace(
            go.Scattermap(
                lon=[p[0] for p, _ in rows],
                lat=[p[1] for p, _ in rows],
                mode="text",
                text=[escape(nama) for _, nama in rows],
                textfont={"size": size, "color": "white" if dark else "#1b1f24", "family": FONT},
                hoverinfo="skip",
                showlegend=False,
                name="label_gelap" if dark else "label",
            )
        )


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


def _mercator(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def fit_zoom(lons: tuple[float, float], lats: tuple[float, float], lebar: int, tinggi: int) -> float:
    """The largest zoom at which the box fits `lebar` × `tinggi` pixels (Web Mercator, 512 px tiles)."""
    span_x = max(lons[1] - lons[0], 1e-4) / 360
    span_y = max(_mercator(lats[1]) - _mercator(lats[0]), 1e-6) / (2 * math.pi)
    zoom_x = math.log2(lebar * TEPI / (PIKSEL_UBIN * span_x))
    zoom_y = math.log2(max(tinggi, 50) * TEPI / (PIKSEL_UBIN * span_y))
    return max(0.0, min(16.0, zoom_x, zoom_y))


def daftar_peta(
    capaian: pl.DataFrame, ukuran: str, mode: str = "persen", jalur_persen: float | None = None
) -> pl.DataFrame:
    """The map's areas as a list (kode, nama, nilai), highest first: the names the map cannot show."""
    values = nilai_peta(capaian, ukuran, mode, jalur_persen)
    return capaian.select("kode", "nama").with_columns(nilai=values).sort("nilai", descending=True, nulls_last=True)


def figur_png(
    figure: go.Figure,
    judul: str,
    tanggal: date,
    bahasa: str = "id",
    is_demo: bool = False,
    lebar: int = 1000,
    tinggi: int = 1000,
) -> go.Figure:
    """The map laid out for a picture: title, date, the numbered map with the list of names beside it (a picture
    has no hover) and the demo label on a demo store."""
    image = go.Figure(figure)
    choropleth = next((t for t in image.data if t.type == "choroplethmap"), None)
    header = 90
    subtitle = i18n.t("peta_png_per", bahasa, tanggal=i18n.tanggal(tanggal, bahasa, "full"))
    if choropleth is not None:
        geojson = choropleth.geojson
        names = [row[0].replace("&lt;", "<").replace("&gt;", ">") for row in choropleth.customdata]
        drawn = pl.DataFrame({"kode": list(choropleth.locations), "nama": names})
        lons, lats = _bounds(geojson, set(drawn["kode"]))
        rows = daftar_figur(image)
        if not rows and drawn.height > MAKS_LABEL:
            # too many areas for a list beside the map: every name on it, small
            _add_labels(image, geojson, drawn, size=8)
            map_width = lebar
        else:
            map_width = int(lebar * BAGIAN_PETA_PNG)
            zoom = fit_zoom(lons, lats, map_width - 20, tinggi - header - RUANG_SKALA)
            if not rows:
                _add_numbers(image, geojson, drawn, zoom, bahasa)
                rows = daftar_figur(image)
            image.update_layout(map={"domain": {"x": [0, BAGIAN_PETA_PNG], "y": [0, 1]}})
            choropleth.colorbar.update(x=BAGIAN_PETA_PNG / 2, len=BAGIAN_PETA_PNG * 0.9)
            image.add_annotation(
                text="<br>".join(
                    f"<b>{n}</b>  {name}  <span style='color:{ABU}'>{value}</span>" for n, name, value in rows
                ),
                x=BAGIAN_PETA_PNG + 0.02,
                y=1,
                xref="paper",
                yref="paper",
                xanchor="left",
                yanchor="top",
                align="left",
                showarrow=False,
                font={"size": 13 if len(rows) <= 30 else 11, "family": FONT},
                name="daftar",
            )
        image.update_layout(map={"zoom": fit_zoom(lons, lats, map_width - 20, tinggi - header - RUANG_SKALA)})
    image.update_layout(
        width=lebar,
        height=tinggi,
        margin={"l": 10, "r": 10, "t": header, "b": RUANG_SKALA},
        title={
            "text": f"<b>{escape(judul)}</b><br><span style='font-size:14px;color:{ABU}'>{escape(subtitle)}</span>",
            "x": 0.02,
            "xanchor": "left",
            "y": 0.98,
            "yanchor": "top",
        },
        paper_bgcolor="white",
    )
    if is_demo:
        image.add_annotation(
            label_simulasi(
                bahasa,
                x=0.99,
                y=0.99,
                xanchor="right",
                yanchor="top",
                font={"size": 16, "color": MERAH},
                bgcolor="rgba(255,255,255,0.85)",
                **KOTAK_SIMULASI,
            )
        )
    return image


def png_peta(
    figure: go.Figure,
    judul: str,
    tanggal: date,
    bahasa: str = "id",
    is_demo: bool = False,
    lebar: int = 1000,
    tinggi: int = 1000,
) -> bytes:
    """`figur_png` as PNG bytes. Kaleido drives the system's chromium: the first image takes seconds."""
    image = figur_png(figure, judul, tanggal, bahasa, is_demo, lebar, tinggi)
    return image.to_image(format="png", width=lebar, height=tinggi)
