"""What the province demo costs to build from nothing: `sensus.demo.province.ensure` for DI Yogyakarta (34, five
kabupaten/kota) and Jawa Tengah (33, 35), with one worker (in process) and two (worker processes).

    python -m bench.province_demo            # 34 and 33, workers 1 and 2 (≈ 5 min on an idle 2-core machine)
    python -m bench.province_demo --quick    # 34 only

Each run starts from an empty folder holding a copy of pantau.toml (the province and the demo switched on through
the environment, as a deployment does), so every store and published version lands in the scratch folder. Beside
the build time: the stores' and the published folder's sizes, a second `ensure` (nothing to do: what a restart
costs), and `missing()`, the check the dashboard's first-start makes on every page run. The machine is shared with
other sessions: the load average before and after each run is kept with its figures.
"""

import argparse
import os
import shutil
import time
from pathlib import Path

from bench import common
from sensus.core import config, paths
from sensus.demo import province

PROVINCES = {"34": "DI Yogyakarta", "33": "Jawa Tengah"}


def folder_bytes(folder: Path, pattern: str = "*") -> int:
    return sum(path.stat().st_size for path in folder.rglob(pattern) if path.is_file())


def one_run(scratch: Path, kode_prov: str, workers: int) -> dict:
    """ensure() from nothing for province `kode_prov` with `workers`; its time, sizes and the follow-up costs."""
    root = scratch / f"{kode_prov}-w{workers}"
    root.mkdir(parents=True)
    shutil.copyfile(paths.PANTAU_TOML, root / "pantau.toml")
    cfg = config.read(root / "pantau.toml", environ={"PANTAU_PROVINSI": kode_prov, "PANTAU_DEMO": "1"})
    load_before = os.getloadavg()
    started = time.perf_counter()
    result = province.ensure(cfg, progress=lambda _line: None, workers=workers)
    build_s = time.perf_counter() - started
    load_after = os.getloadavg()
    if not result.is_whole:
        raise RuntimeError(f"province {kode_prov}, workers {workers}: failed {result.failed}")
    started = time.perf_counter()
    again = province.ensure(cfg, progress=lambda _line: None, workers=workers)
    second_s = time.perf_counter() - started
    if again != province.EnsureResult():
        raise RuntimeError(f"province {kode_prov}: a second ensure did work: {again}")
    missing_s = common.timed(lambda: province.missing(cfg), repeat=20, warmup=2)
    stores = cfg.for_kabupaten(cfg.daftar_kabupaten[0]).store_path.parent
    figures = {
        "provinsi": kode_prov,
        "kabupaten": len(cfg.daftar_kabupaten),
        "workers": workers,
        "build_s": round(build_s, 1),
        "per_kabupaten_s": round(build_s / len(cfg.daftar_kabupaten), 2),
        "second_ensure_s": round(second_s, 2),
        "missing_ms": common.percentiles(missing_s),
        "stores_mib": round(folder_bytes(stores, "*.duckdb") / 2**20, 1),
        "published_mib": round(folder_bytes(cfg.terbit_path) / 2**20, 2),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in load_after],
    }
    shutil.rmtree(root, ignore_errors=True)
    print(figures, flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="DI Yogyakarta only")
    args = parser.parse_args()
    scratch = common.scratch("province_demo")
    runs = []
    try:
        for kode_prov in ("34",) if args.quick else ("34", "33"):
            for workers in (1, 2):
                runs.append(one_run(scratch, kode_prov, workers))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    figures = {"quick": args.quick, "runs": runs}
    common.save("province_demo" + ("_quick" if args.quick else ""), figures, markdown(figures))


def _load(averages: list[float]) -> str:
    return " / ".join(str(x) for x in averages)


def markdown(f: dict) -> str:
    rows = []
    single = {r["provinsi"]: r["build_s"] for r in f["runs"] if r["workers"] == 1}
    for r in f["runs"]:
        speedup = single[r["provinsi"]] / r["build_s"] if r["workers"] > 1 and r["provinsi"] in single else 1.0
        rows.append(
            [
                f"{r['provinsi']} {PROVINCES.get(r['provinsi'], '')}",
                r["kabupaten"],
                r["workers"],
                r["build_s"],
                r["per_kabupaten_s"],
                f"{speedup:.2f}×",
                r["stores_mib"],
                r["published_mib"],
                r["second_ensure_s"],
                r["missing_ms"]["p50_ms"],
                f"{_load(r['loadavg_before'])} → {_load(r['loadavg_after'])}",
            ]
        )
    table = common.table_md(
        [
            "province",
            "kabupaten/kota",
            "workers",
            "build from nothing, s",
            "s per kabupaten",
            "vs 1 worker",
            "stores, MiB",
            "published, MiB",
            "second ensure, s",
            "missing() p50, ms",
            "load 1/5/15 min before → after",
        ],
        rows,
    )
    return f"""## Province demo build (`python -m bench.province_demo{" --quick" if f["quick"] else ""}`)

`sensus.demo.province.ensure` from an empty folder: every kabupaten/kota's demo store simulated and imported through
the real import path, each published (Parquet version + summary) as soon as it is whole. One worker builds in the
calling process; two run in spawned worker processes. "Second ensure" is a restart with everything built (it
opens every store read-only to compare its version with the published one); `missing()` is the stat-only check the
dashboard's first start makes on every page run. The machine has 2 cores shared with other sessions, so the load
average is part of every figure; the runs are sequential, so "vs 1 worker" compares runs under different loads.

{table}
"""


if __name__ == "__main__":
    main()
