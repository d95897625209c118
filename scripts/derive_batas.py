"""Derive data/batas_kecamatan.geojson and data/batas_desa.geojson from ../shared/data (MIT, Cahya DSN).

Keeps only the properties the maps use and rounds coordinates to 5 decimals (about 1 m), which
keeps the files small for the browser without moving any boundary visibly.
Usage: python scripts/derive_batas.py [SHARED_DATA_DIR]
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEEP = {"kode", "nama", "kode_kec", "label_lat", "label_lon", "luas_km2"}


def rounded(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], 5), round(coordinates[1], 5)]
    return [rounded(part) for part in coordinates]


def derive(source: Path, target: Path) -> None:
    collection = json.loads(source.read_text(encoding="utf-8"))
    features = [
        {
            "type": "Feature",
            "id": feature["properties"]["kode"],
            "properties": {k: v for k, v in feature["properties"].items() if k in KEEP},
            "geometry": {
                "type": feature["geometry"]["type"],
                "coordinates": rounded(feature["geometry"]["coordinates"]),
            },
        }
        for feature in collection["features"]
    ]
    target.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))
    print(f"{target}: {len(features)} features, {target.stat().st_size / 1e3:.0f} kB")


def main() -> None:
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data"
    derive(shared / "blora_kecamatan.geojson", ROOT / "data" / "batas_kecamatan.geojson")
    derive(shared / "blora_desa.geojson", ROOT / "data" / "batas_desa.geojson")


if __name__ == "__main__":
    main()
