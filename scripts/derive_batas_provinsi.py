"""Derive the boundary maps of every kabupaten/kota of a province from cahyadsn/wilayah_boundaries (MIT, Cahya DSN).

Input: the province's upstream folder as ../shared/data/wilayah_boundaries_33 holds it (see data/NOTICE.md):
kel/wilayah_boundaries_kel_PP.KK.sql, one file of village rows per kabupaten/kota. Each row is
(kode, nama, lat, lng, path); `path` is JSON [lat, lng] pairs, latitude FIRST; depth 3 a Polygon, 4 a MultiPolygon.
Any province works the same way when someone supplies its folder.

Output, in data/batas/ (the steps that made the Blora files, for every kabupaten/kota):
- KK.KK/desa.geojson: the villages as given, RFC 7946 winding (outer rings anticlockwise), names from the
  reference areas (data/wilayah_indonesia.parquet), geodesic area and a label point inside the area, rounded to 6
  and then to 5 decimals;
- KK.KK/kecamatan.geojson: each kecamatan the union of its villages. The gaps the union leaves between villages
  (holes covered by no village) are filled; a hole that other areas' villages cover (an enclave) stays;
- KK.KK/desa_tampil.geojson, kecamatan_tampil.geojson: the screen versions, simplified by simplify_batas.simplify
  with Blora's tolerances scaled to the kabupaten's width, so a map of any size loses the same fraction of a pixel
  (Blora's own files come out as data/batas_*.geojson are today);
- PP/kabupaten.geojson, kabupaten_tampil.geojson: the province map, each kabupaten/kota merged from its villages
  in the same way (so its borders meet the kecamatan maps);
- PP/laporan.md and PP/masalah.csv: per kabupaten/kota the villages and boundaries counted, and every village
  without a boundary, boundary without a reference village, invalid polygon or differing name.

Usage: python scripts/derive_batas_provinsi.py [UPSTREAM_DIR] [--out DIR] [--kabupaten 33.16 ...]
(default ../shared/data/wilayah_boundaries_33 and data/batas)
"""

import argparse
import csv
import io
import itertools
import json
import math
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))  # run as a file: make `scripts` importable, as the tests import it
from scripts import simplify_batas  # noqa: E402

WILAYAH = ROOT / "data" / "wilayah_indonesia.parquet"
OUT = ROOT / "data" / "batas"
# simplify_batas.TOLERANSI was chosen for Blora's maps, 0.53203° across in its files (111.09787–111.6299 E): the
# same tolerance per degree of width loses the same fraction of a pixel on a map of any kabupaten
LEBAR_BLORA = 0.53203
TOLERANSI_KABUPATEN = 0.0008  # the province map at Blora's kecamatan tolerance per degree of width
ROW = re.compile(
    r"\('((?:[^'\\]|\\.|'')*)','((?:[^'\\]|\\.|'')*)',(-?[\d.eE+-]+),(-?[\d.eE+-]+),'(\[[-\d.,\[\]eE+\s]*\])'\)"
)
KEL_FILE = re.compile(r"wilayah_boundaries_kel_(\d{2})\.(\d{2})\.sql")

# authalic sphere of WGS84: the area of a polygon on it, with latitudes made authalic, is its area on the ellipsoid
_A, _F = 6_378_137.0, 1 / 298.257223563
_E2 = _F * (2 - _F)
_E = math.sqrt(_E2)


def _q(phi: float) -> float:
    s = math.sin(phi)
    return (1 - _E2) * (s / (1 - _E2 * s * s) - math.log((1 - _E * s) / (1 + _E * s)) / (2 * _E))


_QP = _q(math.pi / 2)
_R2 = _A * _A * _QP / 2


@dataclass
class Kabupaten:
    kode: str
    nama: str
    villages: dict[str, shapely.Geometry] = field(default_factory=dict)  # kode_desa → geometry as given
    masalah: list[tuple[str, str, str]] = field(default_factory=list)  # (kode, nama, masalah)


def _ring_area_m2(ring) -> float:
    # the sine of the authalic latitude is q(latitude) / q(90°)
    points = [(math.radians(x), _q(math.radians(y)) / _QP) for x, y in ring]
    total = sum((lon2 - lon1) * (2 + s1 + s2) for (lon1, s1), (lon2, s2) in itertools.pairwise(points))
    return abs(total) * _R2 / 2


def luas_km2(geometry: shapely.Geometry, digits: int) -> float:
    """Area on the WGS84 ellipsoid in km², rounded as Blora's files: 3 decimals for a village, 2 above."""
    polygons = geometry.geoms if geometry.geom_type == "MultiPolygon" else [geometry]
    m2 = sum(_ring_area_m2(p.exterior.coords) - sum(_ring_area_m2(h.coords) for h in p.interiors) for p in polygons)
    return round(m2 / 1e6, digits)


def _swap(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [coordinates[1], coordinates[0]]
    return [_swap(part) for part in coordinates]


def _depth(coordinates) -> int:
    depth = 0
    while isinstance(coordinates, list) and coordinates:
        depth, coordinates = depth + 1, coordinates[0]
    return depth


def parse_sql(text: str) -> list[tuple[str, str, shapely.Geometry | None]]:
    """(kode, nama, geometry) of each INSERT row; geometry None when `path` is not a polygon or multipolygon."""
    rows = []
    for match in ROW.finditer(text):
        kode, nama, _lat, _lng, path = match.groups()
        coordinates = _swap(json.loads(path)) if path.strip("[] ") else []
        depth = _depth(coordinates)
        if depth == 3:
            geometry = Polygon(coordinates[0], coordinates[1:])
        elif depth == 4:
            geometry = MultiPolygon([Polygon(p[0], p[1:]) for p in coordinates])
        else:
            geometry = None
        rows.append((kode, nama.replace("''", "'").replace("\\'", "'"), geometry))
    return rows


def oriented(geometry: shapely.Geometry) -> shapely.Geometry:
    """RFC 7946: outer rings anticlockwise, holes clockwise; a MultiPolygon stays one even with one part."""
    if geometry.geom_type == "Polygon":
        return orient(geometry, 1.0)
    return MultiPolygon([orient(p, 1.0) for p in geometry.geoms])


def _rounded6(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], 6), round(coordinates[1], 6)]
    return [_rounded6(part) for part in coordinates]


def feature(kode: str, properties: dict, geometry: shapely.Geometry, area_digits: int = 2) -> dict:
    """One analysis feature as data/batas_*.geojson holds it: 6 decimals (as the shared Blora files), then 5."""
    label = geometry.representative_point()  # a point inside the area, where its name is drawn
    geometry = oriented(geometry)
    return {
        "type": "Feature",
        "id": kode,
        "properties": {
            "kode": kode,
            **properties,
            "luas_km2": luas_km2(geometry, area_digits),
            "label_lat": round(label.y, 6),
            "label_lon": round(label.x, 6),
        },
        "geometry": rewound(
            {
                "type": geometry.geom_type,
                "coordinates": simplify_batas.rounded(_rounded6(mapping(geometry)["coordinates"])),
            }
        ),
    }


def _signed_area(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


def rewound(geometry: dict) -> dict:
    """`geometry` after rounding: a sliver ring rounding flipped is turned back (RFC 7946), one it flattened
    dropped (a hole, or a part of a MultiPolygon that has others)."""
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    out = []
    for polygon in polygons:
        rings = []
        for i, ring in enumerate(polygon):
            area = _signed_area(ring)
            if area == 0 and (i > 0 or len(polygons) > 1):
                continue
            rings.append(ring[::-1] if (area < 0) == (i == 0) and area != 0 else ring)
        if rings and (_signed_area(rings[0]) > 0 or len(polygons) == 1):
            out.append(rings)
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": out[0]}
    return {"type": "MultiPolygon", "coordinates": out or polygons[:1]}


def _polygons(geometry: shapely.Geometry) -> list[Polygon]:
    if geometry.geom_type == "Polygon":
        return [geometry]
    if geometry.geom_type in ("MultiPolygon", "GeometryCollection"):
        return [p for part in geometry.geoms for p in _polygons(part)]
    return []


def merged(parts: list[shapely.Geometry], others_in: Callable[[Polygon], list[shapely.Geometry]]):
    """The union of `parts` with its gaps filled: a hole stays only when other areas' villages cover most of it
    (`others_in(hole)` gives the ones that reach into it)."""
    union = shapely.union_all([shapely.make_valid(p) for p in parts])
    polygons = []
    for polygon in _polygons(union):
        kept = []
        for ring in polygon.interiors:
            hole = Polygon(ring)
            near = others_in(hole)
            covered = shapely.union_all(near).intersection(hole).area if near else 0.0
            if covered > 0.5 * hole.area:
                kept.append(ring)
        polygons.append(Polygon(polygon.exterior, kept))
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _normal(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def read_kabupaten(path: Path, reference: pl.DataFrame, kode_kab: str) -> Kabupaten:
    """The villages of one upstream file, checked against the reference villages of its kabupaten/kota."""
    wilayah = reference.filter(pl.col("kode_kab") == kode_kab)
    nama_kab = wilayah["nama_kab"][0] if wilayah.height else kode_kab
    kab = Kabupaten(kode_kab, nama_kab)
    names = dict(zip(wilayah["kode_desa"], wilayah["nama_desa"], strict=True))
    for kode, nama, geometry in parse_sql(path.read_text(encoding="utf-8")):
        if kode in kab.villages:
            kab.masalah.append((kode, nama, "kode ganda di sumber: baris pertama dipakai"))
        elif geometry is None or geometry.is_empty:
            kab.masalah.append((kode, nama, "batas kosong di sumber"))
        elif kode not in names:
            kab.masalah.append((kode, nama, "batas tanpa desa/kelurahan rujukan: tidak dipakai"))
        else:
            kab.villages[kode] = geometry
            if not geometry.is_valid:
                reason = shapely.is_valid_reason(geometry)
                kab.masalah.append((kode, nama, f"poligon tidak valid ({reason}): dipakai apa adanya"))
            if _normal(nama) != _normal(names[kode]):
                kab.masalah.append((kode, nama, f"nama di sumber berbeda dari rujukan {names[kode]!r}"))
    for kode, nama in names.items():
        if kode not in kab.villages:
            kab.masalah.append((kode, nama, "desa/kelurahan tanpa batas"))
    return kab


def tolerance(collection: dict, per_degree: float) -> float:
    """`per_degree` (a tolerance chosen for Blora's width) scaled to this collection's width."""
    xs, ys = [], []
    for f in collection["features"]:
        for ring in simplify_batas._rings(f["geometry"]):
            xs += [x for x, _ in ring]
            ys += [y for _, y in ring]
    width = round(max(max(xs) - min(xs), max(ys) - min(ys)), 5)
    return per_degree * (width / LEBAR_BLORA)


def write(collection: dict, target: Path, per_degree: float) -> int:
    """The analysis file and its screen version (simplify_batas.simplify); the bytes of both."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(collection, separators=(",", ":")))
    screen = simplify_batas.simplify(collection, tolerance(collection, per_degree))
    for f in screen["features"]:
        f["geometry"] = rewound(f["geometry"])
    screen_path = target.with_name(f"{target.stem}_tampil{target.suffix}")
    screen_path.write_text(json.dumps(screen, separators=(",", ":")))
    return target.stat().st_size + screen_path.stat().st_size


def derive(upstream: Path, out: Path, only: set[str] | None = None, wilayah: Path = WILAYAH) -> list[Kabupaten]:
    reference = pl.read_parquet(wilayah)
    files = sorted((f"{m[1]}.{m[2]}", p) for p in (upstream / "kel").glob("*.sql") if (m := KEL_FILE.fullmatch(p.name)))
    if not files:
        raise SystemExit(f"{upstream}: no kel/wilayah_boundaries_kel_PP.KK.sql files")
    kode_prov = files[0][0][:2]
    reference = reference.filter(pl.col("kode_prov") == kode_prov)
    all_kab = [read_kabupaten(path, reference, kode) for kode, path in files if only is None or kode in only]
    for kode in sorted(set(reference["kode_kab"]) - {k for k, _ in files}):
        if only is None or kode in only:
            nama = reference.filter(pl.col("kode_kab") == kode)["nama_kab"][0]
            all_kab.append(Kabupaten(kode, nama, masalah=[(kode, nama, "kabupaten/kota tanpa berkas batas desa")]))
    # every village of the province, to tell an enclave (another area's villages inside) from a gap
    codes = [kode for kab in all_kab for kode in kab.villages]
    geometries = [g for kab in all_kab for g in kab.villages.values()]
    tree = shapely.STRtree(geometries)

    def outside(prefix: str) -> Callable[[Polygon], list[shapely.Geometry]]:
        return lambda hole: [
            geometries[i] for i in tree.query(hole, predicate="intersects") if not codes[i].startswith(prefix)
        ]

    kec_names = dict(zip(reference["kode_kec"], reference["nama_kec"], strict=False))
    ukuran = {}
    for kab in all_kab:
        if not kab.villages:
            continue
        rows = reference.filter(pl.col("kode_desa").is_in(list(kab.villages)))
        desa = [
            feature(
                r["kode_desa"], {"nama": r["nama_desa"], "kode_kec": r["kode_kec"]}, kab.villages[r["kode_desa"]], 3
            )
            for r in rows.sort("kode_desa").iter_rows(named=True)
        ]
        kecamatan = []
        for kode_kec in sorted({k[:8] for k in kab.villages}):
            inside = [g for k, g in kab.villages.items() if k.startswith(kode_kec + ".")]
            kecamatan.append(feature(kode_kec, {"nama": kec_names[kode_kec]}, merged(inside, outside(kode_kec + "."))))
        folder = out / kab.kode
        ukuran[kab.kode] = write(
            {"type": "FeatureCollection", "features": kecamatan},
            folder / "kecamatan.geojson",
            simplify_batas.TOLERANSI["kecamatan"],
        ) + write(
            {"type": "FeatureCollection", "features": desa}, folder / "desa.geojson", simplify_batas.TOLERANSI["desa"]
        )
    if only is None:
        kabupaten = []
        for kab in all_kab:
            if kab.villages:
                area = merged(list(kab.villages.values()), outside(kab.kode + "."))
                kabupaten.append(feature(kab.kode, {"nama": kab.nama}, area))
        write(
            {"type": "FeatureCollection", "features": sorted(kabupaten, key=lambda f: f["id"])},
            out / kode_prov / "kabupaten.geojson",
            TOLERANSI_KABUPATEN,
        )
        write_report(out / kode_prov, sorted(all_kab, key=lambda k: k.kode), reference, ukuran)
    return all_kab


def write_report(folder: Path, all_kab: list[Kabupaten], reference: pl.DataFrame, ukuran: dict[str, int]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["kode_kab", "kode", "nama", "masalah"])
    for kab in all_kab:
        writer.writerows((kab.kode, *row) for row in sorted(kab.masalah))
    (folder / "masalah.csv").write_text(buffer.getvalue(), encoding="utf-8")
    lines = [
        f"# Batas wilayah provinsi {folder.name}: laporan derivasi",
        "",
        "Dibuat oleh `scripts/derive_batas_provinsi.py` dari cahyadsn/wilayah_boundaries (MIT); setiap masalah per",
        "desa/kelurahan ada di `masalah.csv`.",
        "",
        "| kode | nama | desa/kel. rujukan | dengan batas | tanpa batas | batas tanpa rujukan | poligon tidak valid "
        "| nama berbeda | berkas (kB) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kab in all_kab:
        count = {
            key: sum(1 for _, _, m in kab.masalah if m.startswith(key))
            for key in ("desa/kelurahan tanpa batas", "batas tanpa", "poligon tidak valid", "nama di sumber")
        }
        total = reference.filter(pl.col("kode_kab") == kab.kode).height
        lines.append(
            f"| {kab.kode} | {kab.nama} | {total} | {len(kab.villages)} | {count['desa/kelurahan tanpa batas']} "
            f"| {count['batas tanpa']} | {count['poligon tidak valid']} | {count['nama di sumber']} "
            f"| {ukuran.get(kab.kode, 0) / 1e3:.0f} |"
        )
    (folder / "laporan.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "upstream", nargs="?", type=Path, default=ROOT.parent / "shared" / "data" / "wilayah_boundaries_33"
    )
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--kabupaten", nargs="*", help="only these kabupaten/kota (no province map, no report)")
    args = parser.parse_args()
    done = derive(args.upstream, args.out, set(args.kabupaten) if args.kabupaten else None)
    for kab in done:
        print(f"{kab.kode} {kab.nama}: {len(kab.villages)} desa/kelurahan with boundaries, {len(kab.masalah)} notes")


if __name__ == "__main__":
    main()
