"""What the operator's upload costs: the dry run on screen, then "Simpan" (sensus.ingest.batches), on a 20 k-row export.

    python -m bench.upload_cost                          # this checkout alone, labelled "after"
    git archive 97ea1f2 | tar -x -C /tmp/pantau-before   # an older checkout to compare with (no .git needed)
    python -m bench.upload_cost --before /tmp/pantau-before

The store holds targets and one 20 k-row export (the drills' base store, built by each checkout's own code, so
each store has the bookkeeping its code writes); the upload is another 20 k-row export of which a tenth updates
rows already stored. Each measurement is a fresh Python process on a fresh copy of its base store; with
--before the two checkouts alternate run by run, so the shared machine's load hits both alike. Wall time and
CPU seconds (user + system, every thread of the process) are taken around each call alone, not the
interpreter's start and imports. A checkout without this file gets it copied in (it only calls public functions).
"""

import argparse
import inspect
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import polars as pl

from bench import common
from harness import drills, synthetic

ROWS = 20_000


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _configured(function) -> dict:
    """The keyword that gives `function` the configuration: this checkout's batches take the Config (cfg=), an
    older checkout's read their settings themselves."""
    if "cfg" not in inspect.signature(function).parameters:
        return {}
    from sensus.core import config

    return {"cfg": config.read()}


def upload(export: str, store: str, later: str) -> dict:
    """One upload as the page runs it: dry run, then the import that records who and what undo needs; then a later
    upload carrying the same ids with other values, and the undo of the first under it (every row replayed)."""
    from sensus.ingest import batches
    from sensus.store import database

    def last_batch() -> int:
        con = database.connect_reader(Path(store))
        try:
            return con.sql("select max(impor_id) from impor where jenis = 'submisi'").fetchall()[0][0]
        finally:
            con.close()

    cfg = _configured(batches.ingest_submissions)
    figures = {}
    first = {}
    for name, call in (
        ("dry_run", lambda: batches.dry_run(Path(export), Path(store), **cfg)),
        ("simpan", lambda: batches.ingest_submissions(Path(export), Path(store), "bench", **cfg)),
        (
            "simpan_lagi",
            lambda: (
                first.setdefault("id", last_batch())
                and batches.ingest_submissions(Path(later), Path(store), "bench", **cfg)
            ),
        ),
        ("batal_di_bawah", lambda: batches.undo(first["id"], "bench", Path(store), **cfg)),
    ):
        wall, cpu = time.perf_counter(), _cpu()
        call()
        figures[f"{name}_s"] = round(time.perf_counter() - wall, 3)
        figures[f"{name}_cpu_s"] = round(_cpu() - cpu, 3)
    return figures


def build_base(folder: str) -> dict:
    """The base store, built by the checkout this process runs."""
    drills.base_store(Path(folder), rows=ROWS)
    return {}


def export_file(folder: Path) -> Path:
    fresh = synthetic.synthetic_export(drills.villages(), ROWS, seed=4, id_prefix="B")
    # a tenth of the upload updates stored rows (a later export is a snapshot): same ids, other sizes
    stored = synthetic.synthetic_export(drills.villages(), ROWS // 10, seed=3, id_prefix="A").with_columns(
        jumlah_art=((pl.col("jumlah_art").cast(pl.Int64) % 8) + 1).cast(pl.String)
    )
    upload = pl.concat([fresh.head(ROWS - ROWS // 10), stored])
    synthetic.write_export(
        upload.with_columns(jumlah_art=((pl.col("jumlah_art").cast(pl.Int64) % 7) + 2).cast(pl.String)),
        folder / "unggah_lagi.csv",
    )
    return synthetic.write_export(upload, folder / "unggah.csv")


def child(root: Path, function: str, *args: str) -> dict:
    """`bench.upload_cost:function(*args)` in a fresh Python inside checkout `root`."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.child", f"bench.upload_cost:{function}", *args],
        capture_output=True,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        timeout=3600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def git_of(root: Path) -> str:
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True)
    return done.stdout.strip() or root.name


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, help="an older checkout to measure alternately, labelled before")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    checkouts = {"after": common.ROOT}
    if args.before:
        shutil.copyfile(Path(__file__), args.before / "bench" / "upload_cost.py")
        checkouts = {"before": args.before.resolve(), **checkouts}
    folder = common.scratch("upload")
    export = export_file(folder)
    bases = {}
    for label, root in checkouts.items():
        child(root, "build_base", str(folder / f"base_{label}"))
        bases[label] = folder / f"base_{label}" / "sensus.duckdb"
    runs: dict[str, list[dict]] = {label: [] for label in checkouts}
    for run in range(args.runs):
        for label, root in checkouts.items():
            copy = folder / f"run_{label}_{run}"
            shutil.copytree(bases[label].parent, copy)
            runs[label].append(
                child(root, "upload", str(export), str(copy / "sensus.duckdb"), str(folder / "unggah_lagi.csv"))
            )
            shutil.rmtree(copy)
    shutil.rmtree(folder)
    keys = ("dry_run_s", "dry_run_cpu_s", "simpan_s", "simpan_cpu_s", "batal_di_bawah_s", "batal_di_bawah_cpu_s")
    labels = {
        label: {
            "git": git_of(root),
            "median": {k: round(statistics.median(r[k] for r in runs[label]), 3) for k in keys},
            "runs": runs[label],
        }
        for label, root in checkouts.items()
    }
    rows = [[label, *(v["median"][k] for k in keys), v["git"]] for label, v in labels.items()]
    markdown = (
        f"## Upload cost (`python -m bench.upload_cost`)\n\nA {ROWS:,}-row CSV upload into a store of targets and "
        f"{ROWS:,} submissions; median of {args.runs} fresh processes per checkout, alternating; seconds of wall "
        "time and of CPU (all threads). Undo under a later: the upload undone after a second upload carrying the "
        "same ids with other values (every row replayed).\n\n"
        + common.table_md(
            ["label", "dry run s", "dry run CPU s", "simpan s", "simpan CPU s", "undo under a later s", "CPU s", "git"],
            rows,
        )
    )
    common.save("upload_cost", {"labels": labels}, markdown)


if __name__ == "__main__":
    main()
