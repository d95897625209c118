"""The stores the benchmarks read: the Blora demo, and a national synthetic store of every village in Indonesia.

    python -m bench.stores demo          # /tmp/pantau-bench/demo/sensus.duckdb via `python -m sensus demo`
    python -m bench.stores national      # /tmp/pantau-bench/national/sensus.duckdb, 10 M submissions
    python -m bench.stores national --rows 2000000 --files 2

How the national store is built (the import path is the real one, only the reference areas differ):
1. `sensus.store.database.open_writer` opens a fresh store path; inside the block the schema exists and the
   configured region's villages have just been loaded. The block deletes the `desa` and `kecamatan` rows and inserts
   all 83,762 villages / 7,277 kecamatan of idn-area-data 3.1.2 (fetched with `npm pack`; its CSVs
   carry bare double quotes, so they are read with quote_char=None), plus a synthetic target per
   village. The writer then publishes that version like any other.
2. Synthetic exports (bench.common.synthetic_export: same columns as a real export, personal columns
   included) over all villages are imported with `sensus.ingest.importer.load_submissions`, file by file.
   Validation accepts any code present in `desa`, so national codes load; every figure is computed
   by the same SQL as the region's. Later writers see a non-empty `desa` and leave it alone.
The exports and the import figures of each file are kept beside the store (exports/, build.json).
"""

import argparse
import dataclasses
import json
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

from bench import common
from harness.synthetic import synthetic_targets
from sensus.core import config, wilayah_indonesia
from sensus.core.config import Config

DEMO = common.WORK / "demo" / "sensus.duckdb"
NATIONAL = common.WORK / "national" / "sensus.duckdb"
BLORA_SYNTH = common.WORK / "blora-synth" / "sensus.duckdb"
BLORA = "33.16"  # the region the benchmarks' figures were measured on


def build_demo(path: Path = DEMO) -> dict:
    """The Blora demo through the CLI, as a user would; returns its build time."""
    if path.exists():
        return json.loads(path.with_name("build.json").read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "sensus", "--store", str(path), "demo"], cwd=common.ROOT, check=True, capture_output=True
    )
    info = {"build_s": round(time.perf_counter() - started, 1)}
    path.with_name("build.json").write_text(json.dumps(info))
    return info


def build_with_areas(
    path: Path,
    villages: pl.DataFrame,
    rows: int,
    files: int,
    seed: int,
    file_format: str = "csv",
    *,
    cfg: Config | None = None,
) -> dict:
    """A store over `villages` (kode_desa, nama_desa, jenis, kode_kec, nama_kec) with `rows` submissions, written
    under `cfg` (default: the configured one), whose region the store records."""
    from sensus.ingest import importer
    from sensus.store import database

    if path.exists() and path.with_name("build.json").exists():
        return json.loads(path.with_name("build.json").read_text())
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(f"{path.name}*"):
        old.unlink()
    cfg = cfg or config.read()
    targets = synthetic_targets(villages, seed)
    started = time.perf_counter()
    with database.open_writer(path, cfg) as w:
        areas = villages
        kecamatan = villages.select("kode_kec", "nama_kec").unique("kode_kec").sort("kode_kec")
        w.con.execute("delete from desa")
        w.con.execute("delete from kecamatan")
        w.con.register("kecamatan_frame", kecamatan)
        w.con.register("desa_frame", areas.select("kode_desa", "nama_desa", "jenis", "kode_kec"))
        w.con.register("target_frame", targets)
        w.con.execute("insert into kecamatan select kode_kec, nama_kec from kecamatan_frame")
        w.con.execute("insert into desa select kode_desa, nama_desa, jenis, kode_kec from desa_frame")
        w.con.execute("delete from target")
        w.con.execute("insert into target select kode_desa, penduduk, kk, sumber from target_frame")
    imports = []
    per_file = rows // files
    codes = villages["kode_desa"].to_list()
    for number in range(files):
        table = common.synthetic_export(codes, per_file, seed=seed + number, id_prefix=f"N{number}-")
        export = common.write_export(table, path.parent / "exports" / f"ekspor_{number + 1}.{file_format}")
        del table
        began = time.perf_counter()
        summary = importer.load_submissions(export, path, cfg=cfg)
        imports.append(
            {
                "file": export.name,
                "rows": summary.baris_dibaca,
                "seconds": round(time.perf_counter() - began, 1),
                "store_mb_after": round(path.stat().st_size / 1e6),
            }
        )
        print(f"  {export.name}: {imports[-1]}", file=sys.stderr)
    info = {
        "villages": villages.height,
        "kecamatan": villages["kode_kec"].n_unique(),
        "submissions": rows,
        "files": files,
        "build_s": round(time.perf_counter() - started, 1),
        "imports": imports,
        "store_mb": round(path.stat().st_size / 1e6),
    }
    path.with_name("build.json").write_text(json.dumps(info, indent=2))
    return info


def build_national(path: Path = NATIONAL, rows: int = 10_000_000, files: int = 4) -> dict:
    return build_with_areas(path, common.national_villages(), rows, files, seed=100)


def build_blora_synth(path: Path = BLORA_SYNTH, rows: int = 280_000) -> dict:
    """Blora's 295 villages with synthetic exports of the demo's size: a stand-in while no demo exists."""
    blora = dataclasses.replace(config.read(), wilayah=wilayah_indonesia.kabupaten(BLORA))
    return build_with_areas(path, common.region_villages(BLORA), rows, 2, seed=200, cfg=blora)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("which", choices=("demo", "national", "blora-synth"))
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--files", type=int, default=4)
    args = parser.parse_args()
    if args.which == "demo":
        print(build_demo())
    elif args.which == "national":
        print(json.dumps(build_national(rows=args.rows, files=args.files), indent=2))
    else:
        print(build_blora_synth())


if __name__ == "__main__":
    main()
