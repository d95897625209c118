"""Shared parts of the benchmarks: the machine, timing, child processes and result files.

Every benchmark writes its figures to bench/results/<name>.json and a markdown section to
bench/results/<name>.md; `python -m bench.results` assembles them into bench/RESULTS.md.
"""

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

# the synthetic exports live in the harness, shared with the tests' drills
from harness.synthetic import (  # noqa: F401 - re-exported for the benchmarks
    region_villages,
    synthetic_export,
    synthetic_targets,
    write_export,
)
from sensus.core.paths import ROOT

RESULTS = ROOT / "bench" / "results"
WORK = Path(os.environ.get("PANTAU_BENCH_DIR", "/tmp/pantau-bench"))
IDN_AREA_VERSION = "3.1.2"


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    import duckdb
    import streamlit

    return {
        "nproc": os.cpu_count(),
        "ram_gib": round(mem_kb / 2**20, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "polars": pl.__version__,
        "streamlit": streamlit.__version__,
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        # the machine is shared with other sessions' tests: the load when the figures were taken
        "loadavg_1_5_15": os.getloadavg(),
        "git": _git_state(),
    }


def cpu_speed_s(loops: int = 10_000_000) -> float:
    """Seconds one core takes for a fixed pure-Python loop, best of 3. This machine's host is shared: the same loop
    took up to 1.7× as long from one hour to the next (2026-12-06), so figures taken apart carry it to be compared."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for number in range(loops):
            total += number
        best = min(best, time.perf_counter() - started)
    return round(best, 2)


def _git_state() -> str:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True)
    changed = [line for line in dirty.stdout.splitlines() if not line[3:].startswith("bench/")]
    return f"{head.stdout.strip()}" + (f" + {len(changed)} uncommitted paths (other sessions' work)" if changed else "")


def percentiles(samples_s: list[float]) -> dict[str, float]:
    """p50 / p95 / max in milliseconds."""
    ordered = sorted(samples_s)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
        "n": len(ordered),
    }


def timed(fn: Callable[[], object], repeat: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return samples


def child(code: str, *args: str, env: dict | None = None, timeout: float = 3600) -> dict:
    """Run `code` in a fresh Python; it prints one JSON line last. Adds the child's peak RSS (MiB)."""
    wrapper = (
        "import json, resource, sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from bench.common import peak_rss_mib\n" + code + "\n_r = main(*sys.argv[1:])\n"
        "_r['peak_rss_mib'] = peak_rss_mib()\n"
        "_u = resource.getrusage(resource.RUSAGE_SELF)\n"
        "_r['cpu_s'] = round(_u.ru_utime + _u.ru_stime, 2)\n"
        "print(json.dumps(_r, default=str))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def in_child(function: Callable[..., dict], *args: str, env: dict | None = None, timeout: float = 3600) -> dict:
    """Run a module-level `function(*args)` in a fresh Python (`python -m bench.child`); its dict, plus the
    child's peak RSS (MiB) and CPU seconds. Prefer this to `child`: the code stays a real function."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.child", f"{function.__module__}:{function.__qualname__}", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def peak_rss_mib(pid: int | str = "self") -> float:
    """VmHWM of a process: its own peak RSS. (ru_maxrss of a child carries its parent's peak over
    the fork + exec, so it overstates a small child started by a big parent.)"""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def rss_mib(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


# ---- reference areas -------------------------------------------------------------------------


def idn_area_package() -> Path:
    """The unpacked npm package idn-area-data (all of Indonesia), fetched once with `npm pack`."""
    folder = WORK / f"idn-area-data-{IDN_AREA_VERSION}"
    package = folder / "package"
    if (package / "data" / "villages.csv").is_file():
        return package
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "pack", f"idn-area-data@{IDN_AREA_VERSION}"], cwd=folder, check=True, capture_output=True)
    with tarfile.open(folder / f"idn-area-data-{IDN_AREA_VERSION}.tgz") as archive:
        archive.extractall(folder, filter="data")
    return package


def national_villages() -> pl.DataFrame:
    """kode_desa, nama_desa, jenis, kode_kec, nama_kec for every village of Indonesia (≈ 83,700)."""
    package = idn_area_package()

    def read(name: str) -> pl.DataFrame:
        # names such as Soka"an carry a bare double quote: the files are not quoted CSV
        return pl.read_csv(package / "data" / name, infer_schema=False, quote_char=None)

    districts = read("districts.csv")
    return (
        read("villages.csv")
        .join(districts, left_on="district_code", right_on="code", suffix="_kec")
        .select(
            kode_desa=pl.col("code"),
            nama_desa=pl.col("name"),
            jenis=pl.when(pl.col("code").str.slice(9, 1) == "1").then(pl.lit("kelurahan")).otherwise(pl.lit("desa")),
            kode_kec=pl.col("district_code"),
            nama_kec=pl.col("name_kec"),
        )
        .sort("kode_desa")
    )


# ---- results ---------------------------------------------------------------------------------


def save(name: str, figures: dict, markdown: str) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {"machine": machine(), **figures}
    (RESULTS / f"{name}.json").write_text(json.dumps(payload, indent=2, default=str) + "\n")
    (RESULTS / f"{name}.md").write_text(markdown.rstrip() + "\n")
    print(markdown)


def scratch(name: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix=f"{name}-", dir=_work()))
    return folder


def _work() -> Path:
    WORK.mkdir(parents=True, exist_ok=True)
    return WORK


def table_md(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)
