"""Map builders: readable colour scales, names, a flat colour bar, a map that fills its panel, light geometry."""

import itertools
import math
from datetime import date

import plotly.graph_objects as go
import polars as pl
import pytest

from sensus.app.charts import maps
from sensus.core import config

CFG = config.read()
DAY = date(2020, 2, 21)


def capaian(level: str, low: float, high: float) -> pl.DataFrame:
    """Every area of a boundary file with rates spread evenly from `low` to `high` percent."""
    features = maps.load_batas(getattr(CFG, f"peta_{level}"))["features"]
    n = len(features)
    rates = [low + (high - low) * i / (n - 1) for i in range(n)]
    return pl.DataFrame(
        {
            "kode": [f["id"] for f in features],
            "nama": [f["properties"]["nama"] for f in features],
            "penduduk_target": [10_000] * n,
            "penduduk_respon": [round(100 * r) for r in rates],
            "persen_penduduk": rates,
        }
    )


@pytest.fixture(scope="module")
def kecamatan() -> pl.DataFrame:
    # 21 Feb on the demo: rates from 0.4 to 2.3 %
    return capaian("kecamatan", 0.4, 2.3)


def choropleth(figure: go.Figure):
    return next(t for t in figure.data if t.type == "choroplethmap")


def test_the_colour_scale_is_fitted_to_the_rates_not_fixed_at_25(kecamatan):
    figure = maps.peta(kecamatan, maps.load_batas_tampil(CFG.peta_kecamatan), "penduduk")
    trace = choropleth(figure)
    assert (trace.zmin, trace.zmax) == (0.0, 2.5)


@pytest.mark.parametrize("value, expected", [(2.3, 2.5), (12.6, 20.0), (0.04, 0.05), (5.0, 5.0), (0.0, 1.0)])
def test_nice_max(value, expected):
    assert maps.nice_max(value) == pytest.approx(expected)


def test_gap_mode_diverges_around_zero_at_the_target_path(kecamatan):
    figure = maps.peta(
        kecamatan, maps.load_batas_tampil(CFG.peta_kecamatan), "penduduk", mode="jalur", jalur_persen=3.0
    )
    trace = choropleth(figure)
    assert list(trace.z) == pytest.approx([r - 3.0 for r in kecamatan["persen_penduduk"]])
    assert trace.zmid == 0 and trace.zmin == -trace.zmax and trace.zmax == 5.0
    assert "poin" in trace.hovertemplate and "+.2f" in trace.hovertemplate
    with pytest.raises(ValueError, match="jalur_persen"):
        maps.peta(kecamatan, maps.load_batas_tampil(CFG.peta_kecamatan), "penduduk", mode="jalur")


def test_seven_day_mode_colours_the_change(kecamatan):
    week_ago = kecamatan.with_columns(persen_penduduk=pl.col("persen_penduduk") / 2)
    frame = maps.tambah_naik_7(kecamatan, week_ago, "penduduk")
    assert frame["naik_7_hari"].to_list() == pytest.approx((kecamatan["persen_penduduk"] / 2).to_list())
    trace = choropleth(maps.peta(frame, maps.load_batas_tampil(CFG.peta_kecamatan), "penduduk", "en", mode="naik_7"))
    assert list(trace.z) == pytest.approx(frame["naik_7_hari"].to_list())
    assert trace.zmin == 0 and trace.zmax == 2.0  # max 1.15 → 2
    assert trace.colorbar.title.text == "Change in the last 7 days (pp)"


def numbered(figure: go.Figure):
    return next(t for t in figure.data if t.type == "scattermap" and t.name == "nomor")


def areas(level: str) -> list[tuple[str, pl.DataFrame, dict]]:
    """The kabupaten's kecamatan map, and each kecamatan's village map, as the pages draw them."""
    if level == "kecamatan":
        return [("33.16", capaian("kecamatan", 0.4, 2.3), maps.load_batas_tampil(CFG.peta_kecamatan))]
    desa = capaian("desa", 0.1, 12.6)
    return [
        (kec, desa.filter(pl.col("kode").str.starts_with(kec + ".")), maps.load_batas_tampil(CFG.peta_desa, kec + "."))
        for kec in sorted({kode[:8] for kode in desa["kode"]})
    ]


EVERY_MAP = [("kecamatan", None)] + [("desa", f"33.16.{n:02d}") for n in range(1, 17)]


@pytest.mark.parametrize("mode", maps.MODE)
@pytest.mark.parametrize("level", ["kecamatan", "desa"])
def test_every_area_has_a_numbered_marker_and_a_list_entry_in_every_mode(level, mode):
    """Names collide on a phone-wide map and MapLibre drops the colliding ones (Cepu, Pengkoljagong, Kedungtuban
    in the 7-day mode): every area gets a number at its label point and an entry number → name in the list."""
    for _, frame, geojson in areas(level):
        frame = frame.with_columns(naik_7_hari=pl.col("persen_penduduk") / 3)
        figure = maps.peta(frame, geojson, "penduduk", mode=mode, jalur_persen=3.0)
        markers = numbered(figure)
        listed = maps.daftar_figur(figure)
        names = dict(zip(frame["kode"], frame["nama"], strict=True))
        numbers = maps.nomor_peta(frame["kode"])
        assert sorted(markers.customdata[i][-1] for i in range(len(markers.text))) == sorted(frame["kode"])
        assert [int(n) for n in markers.text] == sorted(numbers.values())
        assert [(n, name) for n, name, _ in listed] == [(numbers[k], names[k]) for k in sorted(names)]
        assert all(value != "–" for _, _, value in listed)
        # the page's list names each one
        text = maps.markdown_daftar(listed)
        assert all(f"**{numbers[k]}**\u00a0{names[k]}".replace(" ", "\u00a0") in text for k in names)
        assert " " not in text.replace(" · ", "")  # no line break inside an entry


def test_the_named_examples_are_numbered_and_listed():
    kecamatan = areas("kecamatan")[0][1]
    for mode in maps.MODE:
        frame = kecamatan.with_columns(naik_7_hari=pl.lit(0.5))
        listed = maps.daftar_figur(
            maps.peta(frame, maps.load_batas_tampil(CFG.peta_kecamatan), "penduduk", mode=mode, jalur_persen=2.0)
        )
        assert {"Cepu", "Kedungtuban"} <= {name for _, name, _ in listed}
    villages = {
        name
        for level in ["desa"]
        for _, frame, geojson in areas(level)
        for _, name, _ in maps.daftar_figur(maps.peta(frame, geojson, "penduduk"))
    }
    assert {"Pengkoljagong", "Cabean", "Ngroto", "Ngelo", "Balun"} <= villages


@pytest.mark.parametrize("level", ["kecamatan", "desa"])
def test_no_two_numbers_overlap_at_the_map_zoom(level):
    """Two numbers whose boxes overlap lose one to MapLibre's collision check (Jejeruk's 18 beside 11 in Blora
    Kota): at the figure's zoom (the same on a phone and a wide screen) every pair lies a box apart on one axis."""
    for _, frame, geojson in areas(level):
        figure = maps.peta(frame, geojson, "penduduk")
        zoom = figure.layout.map.zoom
        markers = numbered(figure)
        points = [maps._pixels(lon, lat, zoom) for lon, lat in zip(markers.lon, markers.lat, strict=True)]
        for (x1, y1), (x2, y2) in itertools.combinations(points, 2):
            assert abs(x1 - x2) >= maps.KOTAK_LEBAR - 0.01 or abs(y1 - y2) >= maps.KOTAK_TINGGI - 0.01


@pytest.mark.parametrize("level", ["kecamatan", "desa"])
def test_every_map_fits_a_phone_wide_panel(level):
    """The zoom fits the areas into LEBAR pixels (a 390 px phone's map panel) and the map's height: no area cut
    off on a phone, and on a wider screen the browser keeps the zoom."""
    for _, frame, geojson in areas(level):
        figure = maps.peta(frame, geojson, "penduduk")
        (west, east), (south, north) = maps._bounds(geojson, set(frame["kode"]))
        (x0, y0), (x1, y1) = (
            maps._pixels(west, north, figure.layout.map.zoom),
            maps._pixels(east, south, figure.layout.map.zoom),
        )
        assert x1 - x0 <= maps.LEBAR and y1 - y0 <= figure.layout.height - maps.RUANG_SKALA
        assert maps.LEBAR <= 358  # a 390 px screen less Streamlit's 16 px padding each side
        assert figure.layout.width is None  # the figure takes its panel's width


def test_villages_of_the_kabupaten_are_named_on_hover_and_in_the_list():
    desa = capaian("desa", 0.1, 12.6)
    figure = maps.peta(desa, maps.load_batas_tampil(CFG.peta_desa), "penduduk")
    assert not [t for t in figure.data if t.type == "scattermap"]  # 295 numbers would be unreadable
    trace = choropleth(figure)
    assert [row[0] for row in trace.customdata] == desa["nama"].to_list()
    assert "customdata[0]" in trace.hovertemplate
    listed = maps.daftar_peta(desa, "penduduk")
    assert listed.height == 295 and listed["nilai"].is_sorted(descending=True)


def test_a_name_from_a_file_is_not_rendered_as_html(kecamatan):
    hostile = kecamatan.with_columns(nama=pl.lit("<b>x</b>"))
    figure = maps.peta(hostile, maps.load_batas_tampil(CFG.peta_kecamatan), "penduduk")
    assert choropleth(figure).customdata[0][0] == "&lt;b&gt;x&lt;/b&gt;"
    assert all("<" not in str(data[0]) for data in numbered(figure).customdata)
    # the list below the map shows the name as written, not as markup
    assert maps.markdown_daftar(maps.daftar_figur(figure)).startswith("**1**\u00a0\\<b\\>x\\</b\\>")


def test_the_colour_bar_lies_flat_below_the_map(kecamatan):
    bar = choropleth(maps.peta(kecamatan, maps.load_batas_tampil(CFG.peta_kecamatan), "penduduk")).colorbar
    assert bar.orientation == "h" and bar.y <= 0 and bar.yanchor == "top"
    assert bar.thickness <= 12


@pytest.mark.parametrize("lebar, tinggi", [(700, 560), (390, 420), (1200, 700)])
def test_the_areas_fill_the_panel(kecamatan, lebar, tinggi):
    """At the chosen zoom the kabupaten spans at least 85 % of the panel's width or of its map height."""
    figure = maps.peta(kecamatan, maps.load_batas_tampil(CFG.peta_kecamatan), "penduduk", lebar=lebar, tinggi=tinggi)
    zoom = figure.layout.map.zoom
    (west, east), (south, north) = maps._bounds(maps.load_batas_tampil(CFG.peta_kecamatan), set(kecamatan["kode"]))
    world = 512 * 2**zoom
    width = world * (east - west) / 360
    height = world * (maps._mercator(north) - maps._mercator(south)) / (2 * math.pi)
    map_height = tinggi - maps.RUANG_SKALA
    assert width <= lebar and height <= map_height
    assert width >= 0.85 * lebar or height >= 0.85 * map_height
    assert figure.layout.height == tinggi


def test_the_screen_geometry_is_light_and_keeps_every_area():
    for level in ("kecamatan", "desa"):
        full_path = getattr(CFG, f"peta_{level}")
        screen_path = maps.path_tampil(full_path)
        assert screen_path == full_path.with_name(f"{level}_tampil.geojson")
        full, screen = maps.load_batas(full_path), maps.load_batas(screen_path)
        assert [f["id"] for f in screen["features"]] == [f["id"] for f in full["features"]]
        # measured: kecamatan 218 → 42 kB, desa 914 → 256 kB
        assert screen_path.stat().st_size < 0.3 * full_path.stat().st_size
        for a, b in zip(full["features"], screen["features"], strict=True):
            assert abs(area(b["geometry"]) - area(a["geometry"])) <= 0.06 * area(a["geometry"]), a["id"]
            for ring in rings(b["geometry"]):
                assert ring[0] == ring[-1] and len(ring) >= 4


@pytest.mark.slow
def test_every_boundary_moves_less_than_the_tolerance():
    """Each full vertex lies within the tolerance (+ rounding) of its area's screen outline, so two neighbours
    part or overlap by at most twice that: 0.0012° ≈ 130 m, about a pixel of the kabupaten map."""
    from scripts.simplify_batas import DESIMAL_TAMPIL, TOLERANSI

    for level in ("kecamatan", "desa"):
        full = maps.load_batas(getattr(CFG, f"peta_{level}"))
        screen = maps.load_batas(maps.path_tampil(getattr(CFG, f"peta_{level}")))
        limit = TOLERANSI[level] + 10**-DESIMAL_TAMPIL
        for a, b in zip(full["features"], screen["features"], strict=True):
            segments = [seg for ring in rings(b["geometry"]) for seg in itertools.pairwise(ring)]
            worst = max(min(distance(p, seg) for seg in segments) for r in rings(a["geometry"]) for p in r)
            assert worst <= limit, (a["id"], worst)


def distance(p, segment) -> float:
    (x, y), ((x1, y1), (x2, y2)) = p, segment
    dx, dy = x2 - x1, y2 - y1
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - x1 - t * dx, y - y1 - t * dy)


def test_the_village_map_on_screen_geometry_is_under_two_fifths_of_the_full_geometry_payload():
    desa = capaian("desa", 0.1, 12.6)
    before = len(maps.peta(desa, maps.load_batas(CFG.peta_desa), "penduduk").to_json())
    after = len(maps.peta(desa, maps.load_batas_tampil(CFG.peta_desa), "penduduk").to_json())
    assert after < 0.4 * before


def test_the_picture_carries_title_date_names_and_the_demo_label(kecamatan):
    figure = maps.peta(kecamatan, maps.load_batas_tampil(CFG.peta_kecamatan), "penduduk")
    image = maps.figur_png(figure, "Capaian penduduk", DAY, "id", is_demo=True)
    assert "Capaian penduduk" in image.layout.title.text and "21 Februari 2020" in image.layout.title.text
    notes = {a.name: a.text for a in image.layout.annotations}
    assert notes["simulasi"] == "DATA SIMULASI"
    # the numbered map and, beside it, every number with its name
    assert all(f"<b>{n}</b>  {name}" in notes["daftar"] for n, name, _ in maps.daftar_figur(figure))
    assert len(maps.daftar_figur(figure)) == kecamatan.height
    plain = maps.figur_png(figure, "Response rate", DAY, "en", is_demo=False)
    assert [a.name for a in plain.layout.annotations] == ["daftar"] and "21 February 2020" in plain.layout.title.text
    # a map of more areas than can be numbered names every one on the picture
    desa = capaian("desa", 0.1, 12.6)
    village_image = maps.figur_png(maps.peta(desa, maps.load_batas_tampil(CFG.peta_desa), "penduduk"), "x", DAY)
    assert sum(len(t.text) for t in village_image.data if t.type == "scattermap") == 295


@pytest.mark.slow
def test_the_png_is_rendered(kecamatan):
    figure = maps.peta(kecamatan, maps.load_batas_tampil(CFG.peta_kecamatan), "penduduk")
    png = maps.png_peta(figure, "Capaian", DAY, "id", is_demo=True, lebar=600, tinggi=600)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == 600 and int.from_bytes(png[20:24], "big") == 600


def rings(geometry: dict) -> list:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [r for polygon in geometry["coordinates"] for r in polygon]


def area(geometry: dict) -> float:
    """Shoelace area in square degrees; holes (clockwise in RFC 7946) subtract."""
    total = 0.0
    for ring in rings(geometry):
        total += sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2
    return abs(total)
