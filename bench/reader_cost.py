"""What the dialect reader and the bounded rejects cost: the 1 M-row import against an older checkout, the same export
in Excel's Indonesian dialect and through the reader's own parse, and a file of 1 M rejected rows.

    git archive 5ab5db8 | tar -x -C /tmp/pantau-before        # the code before the dialect reader
    python -m bench.reader_cost --before /tmp/pantau-before [--runs 3]

Each import runs in a fresh Python into a fresh copy of no store (targets are not needed for speed), alternating
this checkout and the older one so that the machine's drift (other work on the 2 cores) hits both alike; wall and
CPU seconds and peak RSS (VmHWM) of each. The 1 M-rejected-row file is one bad village code per line.
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from bench import common
from sensus.core import config

INGEST = """
import json, resource, sys, time
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from sensus.ingest import importer
# this checkout loads with the Config; an older one had a loader that read its settings itself
if hasattr(importer, 'load_submissions'):
    from sensus.core import config
    load = lambda path, store: importer.load_submissions(path, store, cfg=config.read())
else:
    load = importer.ingest_submissions
started = time.perf_counter()
summary = load(Path(sys.argv[2]), Path(sys.argv[3]))
seconds = time.perf_counter() - started
from sensus.store import database
con = database.connect_reader(Path(sys.argv[3]))
kept = con.sql("select count(*) from baris_ditolak").fetchall()[0][0]
con.close()
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]
print(json.dumps({'seconds': round(seconds, 2), 'cpu_s': round(usage.ru_utime + usage.ru_stime, 2),
    'peak_rss_mib': round(int(peak) / 1024), 'baris_dibaca': summary.baris_dibaca, 'ditolak': summary.ditolak,
    'ditolak_disimpan': kept}))
"""


def ingest(code_root: Path, path: Path, folder: Path) -> dict:
    store = folder / "sensus.duckdb"
    done = subprocess.run(
        [sys.executable, "-c", INGEST, str(code_root), str(path), str(store)],
        capture_output=True,
        text=True,
        cwd=code_root,
        timeout=3600,
    )
    for leftover in folder.iterdir():
        if leftover.is_file():
            leftover.unlink()
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def excel_dialect(source: Path, target: Path) -> Path:
    """The same export as Excel writes it in an Indonesian locale: BOM, `;`, CRLF."""
    import polars as pl

    frame = pl.read_csv(source, infer_schema=False)
    target.write_bytes(b"\xef\xbb\xbf" + frame.write_csv(separator=";", line_terminator="\r\n").encode("utf-8"))
    return target


def with_line_break(source: Path, target: Path) -> Path:
    """The export with one line break inside a quoted cell near the end: the reader's own parse reads it all."""
    data = source.read_bytes()
    last = data.rstrip(b"\n").rfind(b"\n")
    row = data[last + 1 :].rstrip(b"\n").split(b",")
    row[-1] = b'"Jl. Mawar\nRT 02"'
    target.write_bytes(data[: last + 1] + b",".join(row) + b"\n")
    return target


def rejected_million(target: Path) -> Path:
    header = b"id_submisi,kode_desa,waktu_submit,jumlah_art,no_kk,status,nama\n"
    body = b"".join(b"X%d,3316999999,2020-03-02 08:00:00,2,,respon,Siti\n" % i for i in range(1_000_000))
    target.write_bytes(header + body)
    return target


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", type=Path, required=True, help="an older checkout (git archive … | tar -x)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    here = common.ROOT
    villages = common.region_villages(config.read().kode_kab)["kode_desa"].to_list()
    folder = common.WORK / "exports"
    plain = folder / "ekspor_1000000.csv"
    if not plain.exists():
        common.write_export(common.synthetic_export(villages, 1_000_000, seed=1), plain)
    work = common.scratch("reader")
    runs: dict[str, list[dict]] = {"before": [], "after": []}
    for _ in range(args.runs):
        runs["before"].append(ingest(args.before, plain, work))
        runs["after"].append(ingest(here, plain, work))
    excel = excel_dialect(plain, folder / "ekspor_1000000_excel_id.csv")
    broken = with_line_break(plain, folder / "ekspor_1000000_enter.csv")
    bad = rejected_million(folder / "ditolak_1000000.csv")
    single = {
        "excel_id": ingest(here, excel, work),
        "line_break_parse": ingest(here, broken, work),
        "rejected_before": ingest(args.before, bad, work),
        "rejected_after": ingest(here, bad, work),
    }

    def median(name: str, key: str) -> float:
        return statistics.median(r[key] for r in runs[name])

    rows = [
        [
            name,
            f"{median(name, 'seconds')} s",
            f"{median(name, 'cpu_s')} s",
            f"{max(r['peak_rss_mib'] for r in runs[name]):,}",
            ", ".join(str(r["seconds"]) for r in runs[name]),
        ]
        for name in ("before", "after")
    ]
    growth = round(100 * (median("after", "seconds") / median("before", "seconds") - 1), 1)
    cpu_growth = round(100 * (median("after", "cpu_s") / median("before", "cpu_s") - 1), 1)
    others = [
        [name, r["baris_dibaca"], f"{r['seconds']} s", f"{r['cpu_s']} s", f"{r['peak_rss_mib']:,}", kept]
        for name, r in single.items()
        for kept in [r["ditolak_disimpan"]]
    ]
    markdown = "\n\n".join(
        [
            "## Reader cost: the dialect reader and bounded rejects (`python -m bench.reader_cost --before …`)",
            f"The 1 M-row CSV of `import_speed` (117 MB), imported by the code before the dialect reader "
            f"(`{args.before.name}`) and by this checkout, alternating, {args.runs} runs each, each in a fresh "
            "process into a fresh store.",
            common.table_md(["code", "wall (median)", "CPU (median)", "peak RSS MiB", "wall of each run"], rows),
            f"Wall time {growth:+} %, CPU {cpu_growth:+} % (bound: +10 %).",
            "One run each: the same export as Excel writes it in an Indonesian locale (BOM, `;`, CRLF: DuckDB's "
            "reader, fast path), with one line break in a quoted cell (the reader's own parse, line by line), and a "
            "file of 1,000,000 rejected rows (before: every one stored; after: the first 1,000 and the counts).",
            common.table_md(["file", "rows", "wall", "CPU", "peak RSS MiB", "rejected lines stored"], others),
        ]
    )
    common.save("reader_cost", {"runs": runs, "single": single, "growth_pct": growth}, markdown)


if __name__ == "__main__":
    main()
