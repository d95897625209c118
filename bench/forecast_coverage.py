"""How honest and how sharp is the forecast's 80 % range? Coverage and width on three demo seeds.

    python -m bench.forecast_coverage [--before CHECKOUT]

For each seed (2020, 7, 11) a demo store is built once (kept under $PANTAU_BENCH_DIR), then the forecast is made
on every day from 1 to 24 Mar for 31 Mar, with the data up to that day only, at kabupaten and kecamatan level.
Coverage: the share of those forecasts whose 80 % range holds the 31 Mar value (the goal: 75–90 %); width:
the median of (high - low) ÷ the 31 Mar value. `--before` measures an older checkout the same way (e.g.
`git archive 5ab5db8 | tar -x -C /tmp/pantau-before`), in a child process that imports its code.
"""

import argparse
import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from bench import common

SEEDS = (2020, 7, 11)
LEVELS = ("kabupaten", "kecamatan", "desa")  # the goal is set for the first two; villages for the record
CUTS = [date(2020, 3, 1) + timedelta(days=k) for k in range(24)]  # 1 … 24 Mar


def store(seed: int) -> Path:
    path = common.WORK / "forecast_coverage" / f"seed{seed}" / "sensus.duckdb"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "sensus", "--store", str(path), "demo", "--seed", str(seed)]
        subprocess.run(command, cwd=common.ROOT, check=True, capture_output=True)
    return path


def measure(paths: dict[int, str], selesai: str, target_persen: float) -> dict:
    """Coverage and median width per seed and level, with the code importable as `sensus` (this or older); the
    window's last day (ISO) and the target come from the caller's configuration."""
    import numpy as np

    from sensus.analysis import forecast
    from sensus.core.scope import KABUPATEN
    from sensus.store import database, reports

    last_day = date.fromisoformat(selesai)
    figures = {}
    for seed, path in paths.items():
        harian = reports.rencana_harian(database.connect_reader(Path(path)), scope=KABUPATEN)
        for level in LEVELS:
            final = forecast.perkiraan(harian, last_day, last_day, target_persen, level)
            reached = dict(zip(final["kode"], final["persen_kini"], strict=True))
            inside, widths = [], []
            for day in CUTS:
                rows = forecast.perkiraan(harian, day, last_day, target_persen, level)
                for kode, low, high in rows.select("kode", "bawah", "atas").rows():
                    value = reached[kode]
                    if not value or low is None:  # a village without a target or without a response
                        continue
                    inside.append(low - 1e-9 <= value <= high + 1e-9)
                    widths.append((high - low) / value)
            figures[f"{seed}/{level}"] = {
                "forecasts": len(inside),
                "coverage_pct": round(100 * float(np.mean(inside)), 1),
                "median_width_pct": round(100 * float(np.median(widths)), 1),
                "width_range_pct": [round(100 * float(min(widths))), round(100 * float(max(widths)))],
            }
    return figures


def _in_checkout(checkout: Path, paths: dict[int, str], selesai: str, target_persen: float) -> dict:
    # the older checkout's `sensus` first on the path; this file's `measure` loaded by its path
    code = (
        "import importlib.util, json, sys; sys.path.insert(0, sys.argv[1]); "
        "spec = importlib.util.spec_from_file_location('coverage', sys.argv[3]); "
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module); "
        "paths = {int(k): v for k, v in json.loads(sys.argv[2]).items()}; "
        "print(json.dumps(module.measure(paths, sys.argv[4], float(sys.argv[5]))))"
    )
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    out = subprocess.run(
        [sys.executable, "-c", code, str(checkout), json.dumps(paths), __file__, selesai, str(target_persen)],
        cwd=checkout,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="an older checkout to measure the same way")
    args = parser.parse_args()
    # here, not at the top: `measure` is also loaded into an older checkout, whose configuration API differs
    from sensus.core import config

    cfg = config.read()
    selesai = cfg.selesai.isoformat()
    paths = {seed: str(store(seed)) for seed in SEEDS}
    runs = {"after": measure(paths, selesai, cfg.target_persen)}
    if args.before:
        runs = {"before": _in_checkout(args.before.resolve(), paths, selesai, cfg.target_persen), **runs}
    rows = []
    for key in runs["after"]:
        seed, level = key.split("/")
        row = [seed, level, runs["after"][key]["forecasts"]]
        for name in runs:
            low, high = runs[name][key]["width_range_pct"]
            row += [
                f"{runs[name][key]['coverage_pct']:.1f} %",
                f"{runs[name][key]['median_width_pct']:.1f} % ({low}–{high} %)",
            ]
        rows.append(row)
    header = ["seed", "level", "forecasts"]
    for name in runs:
        header += [f"coverage {name}", f"median width {name} (min–max)"]
    markdown = "\n\n".join(
        [
            "## Forecast range: coverage and width (`python -m bench.forecast_coverage`)",
            "Demo stores of three seeds; the forecast made on every day from 1 to 24 Mar for 31 Mar, each with the "
            "data up to its day only. Coverage: share of forecasts whose nominal 80 % range holds the 31 Mar value "
            "(goal 75–90 % at kabupaten and kecamatan level; villages with a target and a response, for the "
            "record). Width: median of (high - low) ÷ the 31 Mar value."
            + (f" Before: the checkout `{args.before.name}`." if args.before else ""),
            common.table_md(header, rows),
        ]
    )
    common.save("forecast_coverage", {"runs": runs, "seeds": SEEDS, "cuts": [str(d) for d in CUTS]}, markdown)


if __name__ == "__main__":
    main()
