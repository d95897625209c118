"""Import speed: sensus.ingest.importer.load_submissions against a bare DuckDB load of the same file, in the same run.

    python -m bench.import_speed                 # 1 M rows CSV + Parquet, 100 k XLSX, 10 M CSV (peak memory)
    python -m bench.import_speed --quick         # 200 k rows, no 10 M run

Each measurement runs in its own fresh Python process (so the peak RSS is that import's alone) into a
fresh store file. The bare load is `create table t as select * from read_csv(...)` / `read_parquet(...)`
into a fresh DuckDB file; for XLSX, where DuckDB has no built-in reader, it is fastexcel → polars →
`create table`. The import does everything a real one does: sha256 of the file, copy of the store,
reading, validation, no_kk hashing, dedupe, rejected rows, the marts rebuilt, checkpoint, fsync, publish.
"""

import argparse
import statistics

from bench import common
from sensus.core import config

BARE = """
import duckdb, time
from pathlib import Path
def main(path, db):
    started = time.perf_counter()
    con = duckdb.connect(db)
    if path.endswith('.csv'):
        con.execute(f"create table t as select * from read_csv('{path}')")
    elif path.endswith('.parquet'):
        con.execute(f"create table t as select * from read_parquet('{path}')")
    else:
        import polars as pl
        frame = pl.read_excel(path)
        con.execute("create table t as select * from frame")
    con.execute('checkpoint')
    con.close()
    return {'seconds': time.perf_counter() - started}
"""

INGEST = """
import time
from pathlib import Path
from sensus.core import config
from sensus.core.progress import Progress
from sensus.ingest import importer
def main(path, store):
    stages = []
    started = time.perf_counter()
    def draw(stage, percent):
        if percent is None:
            stages.append((stage, time.perf_counter() - started))
    summary = importer.load_submissions(Path(path), Path(store), progress=Progress(draw), cfg=config.read())
    total = time.perf_counter() - started
    stages.append(('publish done', total))
    steps = {name: round(stages[i + 1][1] - at, 3) for i, (name, at) in enumerate(stages[:-1])}
    steps['marts + checkpoint + publish'] = steps.pop('memperbarui ringkasan', None)
    return {'seconds': total, 'steps': steps, 'baris_dibaca': summary.baris_dibaca,
            'submisi_baru': summary.submisi_baru, 'ditolak': summary.ditolak, 'duplikat': summary.duplikat}
"""


def measure(path, runs: int) -> dict:
    folder = common.scratch("import")
    bare, ingested = [], []
    for run in range(runs):
        # alternate, so drift of the machine (page cache, other load) hits both alike
        bare.append(common.child(BARE, str(path), str(folder / f"bare{run}.duckdb")))
        ingested.append(common.child(INGEST, str(path), str(folder / f"store{run}.duckdb")))
        for leftover in folder.iterdir():
            if leftover.is_file():
                leftover.unlink()
    rows = ingested[0]["baris_dibaca"]
    bare_s = statistics.median(r["seconds"] for r in bare)
    ingest_s = statistics.median(r["seconds"] for r in ingested)
    return {
        "file": path.name,
        "bytes": path.stat().st_size,
        "rows": rows,
        "runs": runs,
        "bare_s": round(bare_s, 2),
        "ingest_s": round(ingest_s, 2),
        "bare_rows_per_s": round(rows / bare_s),
        "ingest_rows_per_s": round(rows / ingest_s),
        "ratio": round(ingest_s / bare_s, 2),
        # CPU seconds (all threads) move less than wall time when other work shares the 2 cores
        "bare_cpu_s": statistics.median(r["cpu_s"] for r in bare),
        "ingest_cpu_s": statistics.median(r["cpu_s"] for r in ingested),
        "cpu_ratio": round(
            statistics.median(r["cpu_s"] for r in ingested) / statistics.median(r["cpu_s"] for r in bare), 2
        ),
        "bare_peak_rss_mib": max(r["peak_rss_mib"] for r in bare),
        "ingest_peak_rss_mib": max(r["peak_rss_mib"] for r in ingested),
        "ingest_steps": ingested[len(ingested) // 2]["steps"],
        "ingest_summary": {k: ingested[0][k] for k in ("submisi_baru", "ditolak", "duplikat")},
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--big-rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.quick:
        args.rows, args.xlsx_rows, args.big_rows, args.runs = 200_000, 20_000, 0, 1
    cfg = config.read()
    villages = common.region_villages(cfg.kode_kab)["kode_desa"].to_list()
    folder = common.WORK / "exports"
    table = common.synthetic_export(villages, args.rows, seed=1)
    csv = common.write_export(table, folder / f"ekspor_{args.rows}.csv")
    parquet = common.write_export(table, folder / f"ekspor_{args.rows}.parquet")
    xlsx = common.write_export(table.head(args.xlsx_rows), folder / f"ekspor_{args.xlsx_rows}.xlsx")
    del table
    results = [measure(csv, args.runs), measure(parquet, args.runs), measure(xlsx, args.runs)]
    if args.big_rows:
        big = common.synthetic_export(villages, args.big_rows, seed=10)
        big_csv = common.write_export(big, folder / f"ekspor_{args.big_rows}.csv")
        del big
        results.append(measure(big_csv, 1))
    rows = [
        [
            r["file"],
            f"{r['rows']:,}",
            f"{r['bytes'] / 1e6:,.0f} MB",
            f"{r['bare_s']} s ({r['bare_rows_per_s']:,}/s)",
            f"{r['ingest_s']} s ({r['ingest_rows_per_s']:,}/s)",
            f"**{r['ratio']}×** (target ≤ 1.5×)",
            f"{r['bare_cpu_s']} / {r['ingest_cpu_s']} ({r['cpu_ratio']}×)",
            f"{r['bare_peak_rss_mib']:,.0f} / {r['ingest_peak_rss_mib']:,.0f}",
        ]
        for r in results
    ]
    steps = [[r["file"], ", ".join(f"{k} {v} s" for k, v in r["ingest_steps"].items())] for r in results]
    markdown = "\n\n".join(
        [
            "## Import speed (`python -m bench.import_speed`)",
            f"Synthetic exports over the {len(villages)} villages of {cfg.nama_kab} "
            "(9 columns: the contract's 6 plus nama, nik, alamat; "
            "3 % repeat households, codes half dotted). Median of "
            f"{args.runs} alternating runs, each in a fresh process into a fresh file.",
            common.table_md(
                [
                    "file",
                    "rows",
                    "size",
                    "bare DuckDB load",
                    "load_submissions",
                    "ratio",
                    "CPU s bare / ingest",
                    "peak RSS MiB bare / ingest",
                ],
                rows,
            ),
            "Where the import's time goes (median run):",
            common.table_md(["file", "stages"], steps),
        ]
    )
    common.save("import_speed", {"results": results}, markdown)


if __name__ == "__main__":
    main()
