"""Drills at full size: the store under concurrent readers, kill -9, hostile files and a scan for personal data.

    python -m bench.drills                       # the large forms: 20 readers on a 2 M-row import, 50 kills, …
    python -m bench.drills --only crash --kills 50

The mechanics live in harness/drills.py, which tests/test_drills.py runs in their short form in CI; this
module runs the large forms and reports them. Each drill's result is kept in bench/results/drills.json with
the machine and commit it was measured on, so `--only X` re-runs one drill and keeps the others' records.
"""

import argparse
import json
import shutil
import subprocess
import time
from pathlib import Path

from bench import common
from harness import drills
from sensus.core import config
from sensus.core.config import Config


def hostile(folder: Path, cfg: Config, duplicate_rows: int = 1_000_000, columns: int = 5_000) -> dict:
    """Each hostile file imported into a copy of a base store: its outcome, and whether stored data survived."""
    from sensus.app import exports
    from sensus.ingest import importer
    from sensus.ingest.sources import ImportRefused
    from sensus.store import database

    base = drills.base_store(folder / "base", rows=2_000, cfg=cfg)
    outcomes = {}
    for name, path in drills.hostile_cases(folder / "files", duplicate_rows, columns).items():
        work = folder / f"case{len(outcomes)}"
        shutil.copytree(base.parent, work)
        store_path = work / base.name
        before = drills.state(store_path)
        began = time.perf_counter()
        try:
            summary = importer.load_submissions(path, store_path, cfg=cfg)
            outcome = {
                "loaded": True,
                "baris_dibaca": summary.baris_dibaca,
                "submisi_baru": summary.submisi_baru,
                "duplikat": summary.duplikat,
                "ditolak": dict(summary.alasan_ditolak),
                "kolom_dibuang": len(summary.kolom_dibuang),
            }
        except ImportRefused as refused:
            from sensus.core import i18n

            outcome = {
                "loaded": False,
                "code": refused.code,
                "message": i18n.t(refused.code, "en", berkas=refused.berkas, **refused.detail)[:160],
            }
        except Exception as error:  # noqa: BLE001 - an unexpected exception is a finding, not a crash of the drill
            outcome = {"loaded": False, "unexpected": f"{type(error).__name__}: {str(error)[:200]}"}
        outcome["seconds"] = round(time.perf_counter() - began, 2)
        after = drills.state(store_path)
        # nothing stored before may be lost; a refused file changes nothing at all
        con = database.connect_reader(store_path)
        kept = con.sql("select count(*) from submisi where id_submisi like 'A%'").fetchall()[0][0]
        if "formula" in name:
            text = exports.csv_bytes(con.sql("select * from submisi").pl()).decode()
            text += exports.csv_bytes(con.sql("select * from baris_ditolak").pl()).decode()
            cells = [c for line in text.splitlines()[1:] for c in line.split(",")]
            outcome["formula_cells_in_exports"] = [c for c in cells if c[:1] in ("=", "+", "@") or c.startswith("-2")]
            outcome["formula_ids_stored_as_given"] = sorted(
                r[0] for r in con.sql("select id_submisi from submisi where id_submisi not like 'A%'").fetchall()
            )
        con.close()
        outcome["earlier_data_kept"] = kept == before["submisi"][0] or kept == 2_000
        outcome["store_unchanged"] = after == before
        outcome["ok"] = ("unexpected" not in outcome) and (outcome["loaded"] or after == before)
        outcomes[name] = outcome
        shutil.rmtree(work)
    outcomes["file that grows while it is read"] = drills.growing_file(folder / "growing", base, cfg=cfg)
    outcomes["disk full (20 MB tmpfs)"] = drills.disk_full(folder / "diskfull", base, cfg=cfg)
    return outcomes


def big_file(folder: Path, cfg: Config, gigabytes: float = 2.0) -> dict:
    """A ~2 GB export through the CLI: time, peak memory, outcome."""
    rows = int(gigabytes * 1e9 / 117)
    export = folder / "besar_2gb.csv"
    folder.mkdir(parents=True, exist_ok=True)
    # written in parts so the generator itself stays small
    with open(export, "wb") as handle:
        part = 2_000_000
        for n, start in enumerate(range(0, rows, part)):
            table = common.synthetic_export(
                drills.villages(cfg.kode_kab), min(part, rows - start), 500 + n, id_prefix=f"B{n:02d}-"
            )
            handle.write(table.write_csv(include_header=n == 0).encode())
    store_path = drills.base_store(folder / "store", rows=2_000, cfg=cfg)
    began = time.perf_counter()
    proc = subprocess.Popen(
        drills.cli_import(store_path, export),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=drills.cli_env(cfg),
    )
    peak = 0.0
    while proc.poll() is None:
        try:
            peak = max(peak, common.peak_rss_mib(proc.pid))
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.2)
    out, err = proc.communicate()
    return {
        "bytes": export.stat().st_size,
        "rows": rows,
        "exit_status": proc.returncode,
        "seconds": round(time.perf_counter() - began, 1),
        "peak_rss_mib": peak,
        "summary_first_line": out.strip().splitlines()[0][:200] if out.strip() else err.strip()[-300:],
        "ok": proc.returncode == 0,
    }


# ---- runner ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=("reading", "crash", "hostile", "growing", "personal", "big"))
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--duplicate-rows", type=int, default=10_000_000)
    args = parser.parse_args()
    cfg = config.read()
    runs = {
        "reading": (
            "import while reading",
            lambda f: drills.import_while_reading(f, args.readers, args.rows, cfg=cfg),
        ),
        "crash": ("kill -9", lambda f: drills.crash(f, args.kills, rows=1_000_000, cfg=cfg)),
        "hostile": ("hostile files", lambda f: hostile(f, cfg, duplicate_rows=args.duplicate_rows)),
        "big": ("2 GB file", lambda f: big_file(f, cfg)),
        "personal": ("personal data", lambda f: drills.personal_data(f, rows=500_000, cfg=cfg)),
    }
    previous = common.RESULTS / "drills.json"
    record = json.loads(previous.read_text()) if previous.exists() else {}
    results, measured = record.get("results", {}), record.get("measured", {})
    for name in results:
        # a record from before drills were stamped one by one: the whole file's machine is theirs
        measured.setdefault(name, {k: record["machine"].get(k) for k in ("date", "git", "loadavg_1_5_15")})
    folder = common.scratch("drills")
    machine = common.machine()
    for key, (name, run) in runs.items():
        if args.only in (None, key):
            results[name] = run(folder / key)
            measured[name] = {
                "date": machine["date"],
                "git": machine["git"],
                "loadavg_1_5_15": machine["loadavg_1_5_15"],
            }
            print(results[name], flush=True)
    if args.only == "growing":
        # one hostile case on its own: it replaces that case in the hostile files' record, with its own stamp
        case = "file that grows while it is read"
        base = drills.base_store(folder / "base", rows=2_000, cfg=cfg)
        results.setdefault("hostile files", {})[case] = drills.growing_file(folder / "growing", base, cfg=cfg)
        measured[f"hostile files: {case}"] = {
            "date": machine["date"],
            "git": machine["git"],
            "loadavg_1_5_15": machine["loadavg_1_5_15"],
        }
        print(results["hostile files"][case], flush=True)
    lines = ["## Drills (`python -m bench.drills`)"]
    for name, result in results.items():
        when = measured.get(name, {})
        stamp = f"Measured {when['date']}, code {when['git']}." if when else ""
        for part, again in measured.items():
            if part.startswith(f"{name}: "):
                stamp += f" `{part.split(': ', 1)[1]}` re-run on its own {again['date']}, code {again['git']}."
        stamp = f"{stamp.strip()}\n\n" if stamp else ""
        lines.append(f"### {name}\n\n{stamp}```\n{_pretty(result)}\n```")
    common.save("drills", {"results": results, "measured": measured}, "\n\n".join(lines))
    shutil.rmtree(folder, ignore_errors=True)


def _pretty(value, indent: int = 0) -> str:
    pad = "  " * indent
    if isinstance(value, dict):
        return "\n".join(
            f"{pad}{k}:\n{_pretty(v, indent + 1)}" if isinstance(v, dict) else f"{pad}{k}: {v}"
            for k, v in value.items()
        )
    return f"{pad}{value}"


if __name__ == "__main__":
    main()
