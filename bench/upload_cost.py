"""What the operator's upload costs: the dry run on screen, then "Simpan" (sensus.ingest.batches), on a 20 k-row export.

    python -m bench.upload_cost --label before   # figures of the code checked out, kept under that label
    python -m bench.upload_cost --label after    # the other label's figures stay in the file

The store holds targets and one 20 k-row export (the drills' base store); the upload is another 20 k-row
export of which a tenth updates rows already stored. Each run is a fresh Python process on a fresh copy of
the base store; wall time and CPU seconds (user + system, every thread of the process) are taken around each
call alone, so the interpreter's start and imports are not counted. Runs alternate nothing: one label is one
checkout, so the two labels' figures come from two invocations on the same machine (its load is recorded).
"""

import argparse
import json
import resource
import shutil
import statistics
import time
from pathlib import Path

import polars as pl

from bench import common
from harness import drills, synthetic

ROWS = 20_000


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def upload(export: str, store: str) -> dict:
    """One upload as the page runs it: dry run, then the import that records who and what undo needs."""
    from sensus.ingest import batches

    figures = {}
    for name, call in (
        ("dry_run", lambda: batches.dry_run(Path(export), Path(store))),
        ("simpan", lambda: batches.ingest_submissions(Path(export), Path(store), "bench")),
    ):
        wall, cpu = time.perf_counter(), _cpu()
        call()
        figures[f"{name}_s"] = round(time.perf_counter() - wall, 3)
        figures[f"{name}_cpu_s"] = round(_cpu() - cpu, 3)
    return figures


def prepare(folder: Path) -> tuple[Path, Path]:
    base = drills.base_store(folder / "base", rows=ROWS)
    fresh = synthetic.synthetic_export(drills.villages(), ROWS, seed=4, id_prefix="B")
    # a tenth of the upload updates stored rows (a later export is a snapshot): same ids, other sizes
    stored = synthetic.synthetic_export(drills.villages(), ROWS // 10, seed=3, id_prefix="A").with_columns(
        jumlah_art=((pl.col("jumlah_art").cast(pl.Int64) % 8) + 1).cast(pl.String)
    )
    export = synthetic.write_export(pl.concat([fresh.head(ROWS - ROWS // 10), stored]), folder / "unggah.csv")
    return base, export


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--label", required=True)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    # the child imports this module by name: `upload` run as __main__ would not be found there
    from bench.upload_cost import upload as measured

    folder = common.scratch("upload")
    base, export = prepare(folder)
    runs = []
    for run in range(args.runs):
        copy = folder / f"run{run}"
        shutil.copytree(base.parent, copy)
        runs.append(common.in_child(measured, str(export), str(copy / base.name)))
        shutil.rmtree(copy)
    shutil.rmtree(folder)
    keys = ("dry_run_s", "dry_run_cpu_s", "simpan_s", "simpan_cpu_s")
    medians = {k: round(statistics.median(r[k] for r in runs), 3) for k in keys}
    path = common.RESULTS / "upload_cost.json"
    previous = json.loads(path.read_text()) if path.exists() else {}
    labels = {**previous.get("labels", {}), args.label: {"machine": common.machine(), "median": medians, "runs": runs}}
    rows = [[label, *(v["median"][k] for k in keys), v["machine"]["git"]] for label, v in labels.items()]
    markdown = (
        f"## Upload cost (`python -m bench.upload_cost`)\n\nA {ROWS:,}-row CSV upload into a store of targets and "
        f"{ROWS:,} submissions; median of {args.runs} fresh processes, seconds of wall time and of CPU.\n\n"
        + common.table_md(["label", "dry run s", "dry run CPU s", "simpan s", "simpan CPU s", "git"], rows)
    )
    common.save("upload_cost", {"labels": labels}, markdown)


if __name__ == "__main__":
    main()
