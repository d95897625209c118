"""The boundary maps of the 35 kabupaten/kota of Jawa Tengah (data/batas/, scripts/derive_batas_provinsi.py).

Every test reads the committed files, except the last, which re-runs the script on Blora's upstream file."""

import csv
import itertools
import json
from functools import cache
from pathlib import Path

import polars as pl
import pytest
import shapely
from shapely.geometry import Point, Polygon, shape

from scripts import derive_batas_provinsi, simplify_batas
from sensus.core.paths import ROOT

BATAS = ROOT / "data" / "batas"
REFERENCE = pl.read_parquet(ROOT / "data" / "wilayah_indonesia.parquet").filter(pl.col("kode_prov") == "33")
KABUPATEN = sorted(REFERENCE["kode_kab"].unique())
SHARED = ROOT.parent / "shared" / "data"
# the committed coordinates have 5 decimals: overlay on that grid changes nothing and keeps GEOS robust
GRID = 1e-5


@cache
def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def missing_villages() -> set[str]:
    with open(BATAS / "33" / "masalah.csv", encoding="utf-8", newline="") as handle:
        return {row["kode"] for row in csv.DictReader(handle) if row["masalah"] == "desa/kelurahan tanpa batas"}


def valid(geometry: dict) -> shapely.Geometry:
    """A committed geometry for overlay: rounding to 5 decimals leaves some rings touching themselves."""
    return shapely.set_precision(shapely.make_valid(shape(geometry), method="structure", keep_collapsed=False), GRID)


def polygons(geometry: dict) -> list[list]:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def signed_area(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


@pytest.mark.slow
def test_jawa_tengah_has_35_kabupaten_and_kota_each_with_its_four_maps():
    assert len(KABUPATEN) == 35
    assert sorted(p.name for p in BATAS.iterdir() if p.is_dir() and p.name != "33") == KABUPATEN
    for kode in KABUPATEN:
        for name in ("kecamatan", "desa", "kecamatan_tampil", "desa_tampil"):
            collection = load(BATAS / kode / f"{name}.geojson")
            assert collection["type"] == "FeatureCollection" and collection["features"], (kode, name)


@pytest.mark.parametrize("kode", KABUPATEN)
def test_villages_and_kecamatan_carry_the_reference_codes_and_names(kode):
    wilayah = REFERENCE.filter(pl.col("kode_kab") == kode)
    desa = load(BATAS / kode / "desa.geojson")["features"]
    expected = wilayah.filter(~pl.col("kode_desa").is_in(list(missing_villages())))
    assert [f["id"] for f in desa] == expected["kode_desa"].to_list()
    assert [(f["properties"]["nama"], f["properties"]["kode_kec"]) for f in desa] == expected.select(
        "nama_desa", "kode_kec"
    ).rows()
    kecamatan = load(BATAS / kode / "kecamatan.geojson")["features"]
    expected_kec = expected.unique("kode_kec").sort("kode_kec")
    assert [(f["id"], f["properties"]["nama"]) for f in kecamatan] == expected_kec.select("kode_kec", "nama_kec").rows()
    for level in ("desa", "kecamatan"):
        screen = load(BATAS / kode / f"{level}_tampil.geojson")["features"]
        full = load(BATAS / kode / f"{level}.geojson")["features"]
        assert [f["id"] for f in screen] == [f["id"] for f in full]


def test_the_report_names_every_village_without_a_boundary_and_nothing_else():
    drawn = {f["id"] for kode in KABUPATEN for f in load(BATAS / kode / "desa.geojson")["features"]}
    assert missing_villages() == set(REFERENCE["kode_desa"]) - drawn
    assert missing_villages()  # two villages of the reference have no upstream boundary: listed, not dropped
    report = (BATAS / "33" / "laporan.md").read_text(encoding="utf-8")
    for kode in KABUPATEN:
        total = REFERENCE.filter(pl.col("kode_kab") == kode).height
        count = len(load(BATAS / kode / "desa.geojson")["features"])
        nama = REFERENCE.filter(pl.col("kode_kab") == kode)["nama_kab"][0]
        assert f"| {kode} | {nama} | {total} | {count} | {total - count} |" in report


@pytest.mark.parametrize("name", ["desa", "kecamatan", "desa_tampil", "kecamatan_tampil"])
def test_every_ring_follows_rfc_7946_winding_and_is_closed(name):
    paths = [BATAS / kode / f"{name}.geojson" for kode in KABUPATEN]
    paths += [BATAS / "33" / f"kabupaten{name.removeprefix('desa').removeprefix('kecamatan')}.geojson"]
    for path in paths:
        for f in load(path)["features"]:
            for polygon in polygons(f["geometry"]):
                for i, ring in enumerate(polygon):
                    assert ring[0] == ring[-1] and len(ring) >= 4, (path.parent.name, f["id"])
                    # the outer ring anticlockwise, holes clockwise
                    assert (signed_area(ring) > 0) == (i == 0), (path.parent.name, f["id"], i)


@pytest.mark.parametrize("kode", KABUPATEN)
def test_each_kecamatan_is_the_union_of_its_villages(kode):
    """Every village lies in its own kecamatan and in no other (its label point, a point inside it), and the
    kecamatan's area is its villages' (the gaps filled and the overlaps merged move it by a fraction of a percent)."""
    kecamatan = {f["id"]: f for f in load(BATAS / kode / "kecamatan.geojson")["features"]}
    areas = {kode_kec: shape(f["geometry"]) for kode_kec, f in kecamatan.items()}
    shapely.prepare(list(areas.values()))
    desa = load(BATAS / kode / "desa.geojson")["features"]
    for f in desa:
        x, y = f["properties"]["label_lon"], f["properties"]["label_lat"]
        inside = {kode_kec for kode_kec, area in areas.items() if area.dwithin(Point(x, y), GRID)}
        assert inside == {f["properties"]["kode_kec"]}, f["id"]
    for kode_kec, f in kecamatan.items():
        total = sum(v["properties"]["luas_km2"] for v in desa if v["properties"]["kode_kec"] == kode_kec)
        assert abs(f["properties"]["luas_km2"] - total) <= 0.005 * total, kode_kec


def test_a_hole_left_in_a_kecamatan_or_kabupaten_is_an_enclave_of_another_area():
    villages = {f["id"]: f["geometry"] for kode in KABUPATEN for f in load(BATAS / kode / "desa.geojson")["features"]}
    codes, tree = list(villages), shapely.STRtree([shape(g) for g in villages.values()])
    paths = [BATAS / kode / "kecamatan.geojson" for kode in KABUPATEN] + [BATAS / "33" / "kabupaten.geojson"]
    holes = 0
    for path in paths:
        for f in load(path)["features"]:
            for polygon in polygons(f["geometry"]):
                for ring in polygon[1:]:
                    hole = Polygon(ring)
                    others = [
                        valid(villages[codes[i]]) for i in tree.query(hole) if not codes[i].startswith(f["id"] + ".")
                    ]
                    covered = shapely.union_all(others, grid_size=GRID).intersection(hole, grid_size=GRID).area
                    assert covered > 0.45 * hole.area, f["id"]
                    holes += 1
    assert holes  # Kota Magelang in Kabupaten Magelang, Kota Salatiga in Kabupaten Semarang, and others
    kabupaten = {f["id"]: shape(f["geometry"]) for f in load(BATAS / "33" / "kabupaten.geojson")["features"]}
    for kota, around in (("33.71", "33.08"), ("33.73", "33.22")):
        inside = kabupaten[kota].representative_point()
        assert kabupaten[around].convex_hull.contains(inside) and not kabupaten[around].contains(inside)


def test_blora_kecamatan_have_no_holes_as_when_first_derived():
    for f in load(BATAS / "33.16" / "kecamatan.geojson")["features"]:
        assert f["geometry"]["type"] == "Polygon" and len(f["geometry"]["coordinates"]) == 1, f["id"]


def test_the_province_map_has_the_35_kabupaten_and_kota_by_their_reference_names():
    for name in ("kabupaten", "kabupaten_tampil"):
        features = load(BATAS / "33" / f"{name}.geojson")["features"]
        assert [f["id"] for f in features] == KABUPATEN
        names = dict(REFERENCE.unique("kode_kab").select("kode_kab", "nama_kab").rows())
        assert all(f["properties"]["nama"] == names[f["id"]] for f in features)
    for f in load(BATAS / "33" / "kabupaten.geojson")["features"]:
        kecamatan = load(BATAS / f["id"] / "kecamatan.geojson")["features"]
        total = sum(k["properties"]["luas_km2"] for k in kecamatan)
        assert abs(f["properties"]["luas_km2"] - total) <= 0.005 * total, f["id"]


@pytest.mark.parametrize("kode", KABUPATEN)
def test_the_screen_maps_stay_within_the_tolerance_and_are_smaller(kode):
    """Each full vertex lies within the kabupaten's tolerance (+ the screen rounding) of its screen outline."""
    for level in ("kecamatan", "desa"):
        full = load(BATAS / kode / f"{level}.geojson")
        screen = load(BATAS / kode / f"{level}_tampil.geojson")
        limit = (
            derive_batas_provinsi.tolerance(full, simplify_batas.TOLERANSI[level]) + 10**-simplify_batas.DESIMAL_TAMPIL
        )
        for a, b in zip(full["features"], screen["features"], strict=True):
            worst = shapely.hausdorff_distance(shape(a["geometry"]).boundary, shape(b["geometry"]).boundary)
            assert worst <= limit, (a["id"], worst, limit)
        full_size = (BATAS / kode / f"{level}.geojson").stat().st_size
        screen_size = (BATAS / kode / f"{level}_tampil.geojson").stat().st_size
        assert screen_size <= 0.9 * full_size and screen_size < 350_000, (level, screen_size)


@pytest.mark.slow
def test_the_script_rederives_blora_from_its_upstream_file(tmp_path):
    """The one test that reads ../shared/data: Blora's villages re-derived equal the committed files."""
    done = derive_batas_provinsi.derive(SHARED / "wilayah_boundaries_33", tmp_path, only={"33.16"})
    assert [(k.kode, len(k.villages), k.masalah) for k in done] == [("33.16", 295, [])]
    for level in ("kecamatan", "desa", "kecamatan_tampil", "desa_tampil"):
        assert (tmp_path / "33.16" / f"{level}.geojson").read_bytes() == (
            BATAS / "33.16" / f"{level}.geojson"
        ).read_bytes()


def _square(x0: float, y0: float, size: float) -> list:
    """A closed ring, clockwise on purpose (the script must turn it round), as (lon, lat) pairs."""
    return [[x0, y0], [x0, y0 + size], [x0 + size, y0 + size], [x0 + size, y0], [x0, y0]]


def _sql_row(kode: str, nama: str, rings: list) -> str:
    lat_first = [[[y, x] for x, y in ring] for ring in rings]  # upstream order: latitude first
    return f"\t('{kode}','{nama}',5.55,95.3,'{json.dumps(lat_first)}')"


def test_the_script_takes_another_provinces_upstream_folder(tmp_path):
    """Aceh (11), with the upstream layout and three villages of Kota Banda Aceh: A has two holes, one a gap no
    village covers, one filled by C of the next kecamatan; B sits beside A; a fourth code is no reference village."""
    x, y = 95.30, 5.55
    a = [_square(x, y, 0.02), _square(x + 0.005, y + 0.005, 0.003)[::-1], _square(x + 0.012, y + 0.012, 0.004)[::-1]]
    rows = [
        _sql_row("11.71.01.2001", "Kampung Baru", a),
        _sql_row("11.71.01.2002", "Neusu Jaya", [_square(x + 0.02, y, 0.02)]),
        _sql_row("11.71.02.2001", "Mulia", [_square(x + 0.012, y + 0.012, 0.004)]),
        _sql_row("11.71.01.2999", "Tidak''ada", [_square(x + 0.04, y, 0.01)]),
    ]
    (tmp_path / "up" / "kel").mkdir(parents=True)
    sql = "INSERT INTO wilayah_boundaries(kode,nama,lat,lng,path) VALUES\n" + ",\n".join(rows) + ";\n"
    (tmp_path / "up" / "kel" / "wilayah_boundaries_kel_11.71.sql").write_text(sql, encoding="utf-8")
    derive_batas_provinsi.derive(tmp_path / "up", tmp_path / "out")

    desa = json.loads((tmp_path / "out" / "11.71" / "desa.geojson").read_text())["features"]
    assert [(f["id"], f["properties"]["nama"]) for f in desa] == [
        ("11.71.01.2001", "Kampung Baru"),
        ("11.71.01.2002", "Neusu Jaya"),
        ("11.71.02.2001", "Mulia"),
    ]
    assert desa[1]["geometry"]["coordinates"][0][0] == [95.32, 5.55]  # longitude first
    kecamatan = {f["id"]: f["geometry"] for f in load(tmp_path / "out" / "11.71" / "kecamatan.geojson")["features"]}
    assert kecamatan["11.71.01"]["type"] == "Polygon"
    outer, *holes = kecamatan["11.71.01"]["coordinates"]
    both = Polygon(_square(x, y, 0.02)).union(Polygon(_square(x + 0.02, y, 0.02)))
    assert Polygon(outer).symmetric_difference(both).area < 1e-12
    # the gap filled, the enclave kept
    assert (
        len(holes) == 1
        and Polygon(holes[0]).symmetric_difference(Polygon(_square(x + 0.012, y + 0.012, 0.004))).area < 1e-12
    )
    for f in desa + load(tmp_path / "out" / "11.71" / "kecamatan.geojson")["features"]:
        for polygon in polygons(f["geometry"]):
            assert [signed_area(ring) > 0 for ring in polygon] == [True] + [False] * (len(polygon) - 1)
    province = json.loads((tmp_path / "out" / "11" / "kabupaten.geojson").read_text())["features"]
    assert [(f["id"], f["properties"]["nama"], len(f["geometry"]["coordinates"])) for f in province] == [
        ("11.71", "Kota Banda Aceh", 1)  # C fills A's hole: the kota has none
    ]
    with open(tmp_path / "out" / "11" / "masalah.csv", encoding="utf-8", newline="") as handle:
        notes = {(row["kode"], row["masalah"]) for row in csv.DictReader(handle)}
    assert ("11.71.01.2999", "batas tanpa desa/kelurahan rujukan: tidak dipakai") in notes
    banda_aceh = pl.read_parquet(ROOT / "data" / "wilayah_indonesia.parquet").filter(pl.col("kode_kab") == "11.71")
    drawn = {"11.71.01.2001", "11.71.01.2002", "11.71.02.2001"}
    assert {k for k, m in notes if m == "desa/kelurahan tanpa batas"} == set(banda_aceh["kode_desa"]) - drawn
    aceh = pl.read_parquet(ROOT / "data" / "wilayah_indonesia.parquet").filter(pl.col("kode_prov") == "11")
    assert {k for k, m in notes if m == "kabupaten/kota tanpa berkas batas desa"} == set(aceh["kode_kab"]) - {"11.71"}
