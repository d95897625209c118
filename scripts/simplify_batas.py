"""Simplify boundary GeoJSON for the screen, the same way for every kabupaten/kota (scripts/derive_batas_provinsi.py).

A map sends its GeoJSON to the browser on every render, so every vertex counts. Each ring is cut into arcs where the
neighbour sharing its border changes, every arc is simplified with Douglas–Peucker, and an arc two areas share
vertex for vertex is simplified once, so both get the same points. The source's neighbours do not always share
vertices; there each side is simplified on its own, and no vertex moves more than the tolerance, so neighbours part
or overlap by at most twice it. Coordinates are rounded to 4 decimals (about 11 m).
"""

import itertools
import math

KEEP_TAMPIL = {"nama", "label_lat", "label_lon"}
# degrees; 0.0006° is about 65 m, under a pixel of the kabupaten's 55 km on a map 700 px wide
TOLERANSI = {"kecamatan": 0.0008, "desa": 0.0006}
DESIMAL_TAMPIL = 4


def rounded(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], 5), round(coordinates[1], 5)]
    return [rounded(part) for part in coordinates]


def _rings(geometry: dict) -> list[list]:
    if geometry["type"] == "Polygon":
        return list(geometry["coordinates"])
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def _douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """The points of an open arc that stay within `tolerance` of it (both ends always kept)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length2 = dx * dx + dy * dy
        worst, index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            # to the segment, not the line through it: a spike past either end must count in full
            t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length2))
            distance = math.hypot(x - x1 - t * dx, y - y1 - t * dy)
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def simplify(collection: dict, tolerance: float) -> dict:
    """The collection with every shared border simplified once (see the module's docstring)."""
    owners: dict[tuple[float, float], set[str]] = {}
    for feature in collection["features"]:
        for ring in _rings(feature["geometry"]):
            for x, y in ring:
                owners.setdefault((x, y), set()).add(feature["id"])
    arcs: dict[tuple, list] = {}

    def simplify_arc(arc: list[tuple[float, float]]) -> list[tuple[float, float]]:
        # the same border walked either way round gives the same points
        forward = arc[0] < arc[-1] or (arc[0] == arc[-1] and arc[1] < arc[-2])
        key = tuple(arc if forward else arc[::-1])
        if key not in arcs:
            arcs[key] = _douglas_peucker(list(key), tolerance)
        return arcs[key] if forward else arcs[key][::-1]

    def simplify_ring(ring: list) -> list:
        points = [(x, y) for x, y in ring[:-1]]
        n = len(points)
        # shared borders are not always vertex for vertex: a vertex of one area only does not cut an arc,
        # a change of the neighbour sharing it does
        shared = [owners[p] if len(owners[p]) > 1 else None for p in points]
        known = [s for s in shared if s is not None]
        previous = known[-1] if known else None
        junction = []
        for here in shared:
            junction.append(here is not None and (len(here) > 2 or here != previous))
            previous = here if here is not None else previous
        if not any(junction):
            # a ring that touches nothing else (or one neighbour all round): cut it at its two far ends
            junction[0] = junction[n // 2] = True
        start = junction.index(True)
        rotated = points[start:] + points[:start]
        marks = junction[start:] + junction[:start]
        cuts = [i for i, is_cut in enumerate(marks) if is_cut] + [n]
        out: list[tuple[float, float]] = []
        for a, b in itertools.pairwise(cuts):
            arc = simplify_arc(rotated[a : b + 1] if b < n else [*rotated[a:], rotated[0]])
            out += arc[:-1]
        out.append(out[0])
        rounded_ring = []
        for x, y in out:
            point = [round(x, DESIMAL_TAMPIL), round(y, DESIMAL_TAMPIL)]
            if not rounded_ring or rounded_ring[-1] != point:
                rounded_ring.append(point)
        # a ring needs 4 positions; a tiny one keeps its original shape
        return rounded_ring if len(rounded_ring) >= 4 else [list(p) for p in ring]

    features = []
    for feature in collection["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            coordinates = [simplify_ring(ring) for ring in geometry["coordinates"]]
        else:
            coordinates = [[simplify_ring(ring) for ring in polygon] for polygon in geometry["coordinates"]]
        features.append(
            {
                "type": "Feature",
                "id": feature["id"],
                "properties": {k: v for k, v in feature["properties"].items() if k in KEEP_TAMPIL},
                "geometry": {"type": geometry["type"], "coordinates": coordinates},
            }
        )
    return {"type": "FeatureCollection", "features": features}
