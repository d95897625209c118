"""The demo of other regions: how long simulating and building each takes, and how big it is.

    python -m bench.regions                      # Blora, Kota Semarang, Cilacap, Kota Banda Aceh
    python -m bench.regions 33.74 11.71          # some regions only

For each region: the simulation alone (in this process, seed 2020, the configured window) and the whole
`python -m sensus demo` (simulation and import through the command line, in a fresh store with the region in
PANTAU_KABUPATEN), with the villages, the rows of the exports and the store's size.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from bench import common

REGIONS = ("33.16", "33.74", "33.01", "11.71")


def measure(kode: str) -> dict:
    from sensus.core import config, wilayah_indonesia
    from sensus.demo import simulate

    cfg = config.read(environ={"PANTAU_KABUPATEN": kode})
    villages = wilayah_indonesia.wilayah(kode)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        _, _, exports = simulate.simulate(villages, Path(folder), seed=2020, region=cfg.wilayah, window=cfg.window)
        simulate_s = time.perf_counter() - started
        final = pl.read_csv(exports[-1], infer_schema=False).height  # the last file is the full snapshot
        store = Path(folder) / "demo.duckdb"
        env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")} | {"PANTAU_KABUPATEN": kode}
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "sensus", "--store", str(store), "demo"],
            cwd=common.ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        build_s = time.perf_counter() - started
        size_mib = store.stat().st_size / 2**20
    return {
        "kode": kode,
        "nama": cfg.nama_kab,
        "desa_kelurahan": villages.height,
        "baris_ekspor_akhir": final,
        "simulasi_s": round(simulate_s, 2),
        "demo_s": round(build_s, 2),
        "penyimpanan_mib": round(size_mib, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("regions", nargs="*", default=REGIONS)
    args = parser.parse_args()
    rows = [measure(kode) for kode in args.regions]
    header = list(rows[0])
    markdown = "## Demo per region\n\n" + common.table_md(header, [[row[k] for k in header] for row in rows])
    common.save("regions", {"regions": rows}, markdown)


if __name__ == "__main__":
    main()
