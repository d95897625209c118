"""Write cost follows the batch: a 1,000-row delta into a big store ÷ the same delta into a store of targets only.

    python -m bench.write_cost                   # 1 M-row store of the configured region (Blora by default)
    python -m bench.write_cost --rows 200000     # smaller, for a quick look
    python -m bench.write_cost --store PATH      # an existing big store (e.g. bench.stores' 10 M national one)

Each delta import runs in a fresh Python process into a fresh copy of the base store, alternating small and
big so drift of the shared machine hits both alike. Besides the whole import, the copy of the store file
(the writer publishes a copied draft with os.replace) is timed alone: what the copy costs at that size.
"""

import argparse
import shutil
import statistics
import time
from pathlib import Path

import duckdb

from bench import common
from sensus.core import config
from sensus.core.config import Config

DELTA = """
import time
from pathlib import Path
from sensus.core import config
from sensus.ingest import importer
def main(path, store):
    cfg = config.read()
    started = time.perf_counter()
    summary = importer.load_submissions(Path(path), Path(store), cfg=cfg)
    return {'seconds': time.perf_counter() - started, 'submisi_baru': summary.submisi_baru}
"""


def targets_file(folder: Path, villages: list[str]) -> Path:
    path = folder / "target.csv"
    lines = ["kode_desa,penduduk,kk,sumber"] + [f"{kode},5000,1400,sintetis" for kode in villages]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def build(folder: Path, rows: int, cfg: Config) -> tuple[Path, Path, float]:
    """(targets-only store, big store, seconds the big import took), over the villages of the region of `cfg`."""
    from sensus.ingest import importer

    villages = common.region_villages(cfg.kode_kab)["kode_desa"].to_list()
    small = folder / "targets_only" / "sensus.duckdb"
    if not small.exists():
        importer.ingest_targets(targets_file(folder, villages), small, cfg=cfg)
    big = folder / f"store_{rows}" / "sensus.duckdb"
    seconds = 0.0
    if not big.exists():
        shutil.copytree(small.parent, big.parent, dirs_exist_ok=True)
        export = common.write_export(common.synthetic_export(villages, rows, seed=3), folder / f"base_{rows}.csv")
        started = time.perf_counter()
        importer.load_submissions(export, big, cfg=cfg)
        seconds = time.perf_counter() - started
        export.unlink()
    return small, big, seconds


def copy_store(base: Path, target: Path) -> float:
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    shutil.copyfile(base, target)
    elapsed = time.perf_counter() - started
    salt = base.with_suffix(".salt")
    if salt.exists():
        shutil.copyfile(salt, target.with_suffix(".salt"))
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--delta", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", type=Path, help="an existing big store instead of building one")
    args = parser.parse_args()
    folder = common.WORK / "write_cost"
    folder.mkdir(parents=True, exist_ok=True)
    cfg = config.read()
    small, big, build_s = build(folder, args.rows, cfg)
    if args.store:
        big = args.store
    villages = common.region_villages(cfg.kode_kab)["kode_desa"].to_list()
    delta = common.write_export(
        common.synthetic_export(villages, args.delta, seed=77, id_prefix="D"), folder / "delta.csv"
    )
    small_s, big_s, copy_s = [], [], []
    for _run in range(args.runs):
        scratch = common.scratch("write_cost")
        for base, into in ((small, small_s), (big, big_s)):
            target = scratch / base.parent.name / "sensus.duckdb"
            seconds = copy_store(base, target)
            if base == big:
                copy_s.append(seconds)
            into.append(common.child(DELTA, str(delta), str(target)))
        shutil.rmtree(scratch)
    figures = {
        "big_store": str(big),
        "big_store_bytes": big.stat().st_size,
        "big_rows": args.rows,
        "big_build_import_s": round(build_s, 2),
        "delta_rows": args.delta,
        "small_s": round(statistics.median(r["seconds"] for r in small_s), 3),
        "big_s": round(statistics.median(r["seconds"] for r in big_s), 3),
        "copy_big_s": round(statistics.median(copy_s), 3),
        "big_peak_rss_mib": max(r["peak_rss_mib"] for r in big_s),
    }
    figures["ratio"] = round(figures["big_s"] / figures["small_s"], 2)
    # the store's own count, not --rows: --store may hold any number (the national one holds 10 M)
    reader = duckdb.connect(str(big), read_only=True)
    figures["big_rows"] = reader.sql("select count(*) from submisi").fetchall()[0][0]
    reader.close()
    # the targets: ≤ 1.5× into a Blora-size store, ≤ 2× into the national one
    target = 2.0 if figures["big_rows"] >= 5_000_000 else 1.5
    markdown = "\n\n".join(
        [
            "## Write cost (`python -m bench.write_cost" + (f" --store {big}" if args.store else "") + "`)",
            f"A {args.delta:,}-row delta export into a store of {figures['big_rows']:,} submissions ÷ the same "
            f"delta into a store holding only targets; median of {args.runs} alternating runs, each a fresh process.",
            common.table_md(
                ["big store", "delta into targets-only", "delta into big", "ratio", "copy of the big file alone"],
                [
                    [
                        f"{figures['big_store_bytes'] / 1e6:,.0f} MB",
                        f"{figures['small_s']} s",
                        f"{figures['big_s']} s",
                        f"**{figures['ratio']}×** (target ≤ {target}×)",
                        f"{figures['copy_big_s']} s",
                    ]
                ],
            ),
        ]
    )
    common.save("write_cost_national" if figures["big_rows"] >= 5_000_000 else "write_cost", figures, markdown)


if __name__ == "__main__":
    main()
