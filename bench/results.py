"""Assemble bench/RESULTS.md from the sections the benchmarks wrote to bench/results/.

    python -m bench.results

The summary and recommendations at the top of RESULTS.md live in bench/results/_summary.md
(written by hand after reading the figures); every figure below it comes from a benchmark run.
"""

import json
import re
import sys

from bench import common

ORDER = (
    "import_speed",
    "import_memory",
    "write_cost",
    "write_cost_national",
    "import_findings",
    "queries",
    "queries_blora",
    "queries_blora-full",
    "queries_national",
    "pages",
    "drills",
    "load_summary",
    "load_open_tab",
    "load",
    "load_replicas",
    "province",
    "province_demo",
    "province_postgres",
    "replicas",
    "lockout_replicas",
    "replica_groups",
    "load_province_33",
    "load_province_34",
)


def main() -> None:
    sections, machines = [], []
    names = sorted(p.stem for p in common.RESULTS.glob("*.md") if not p.stem.startswith("_"))
    names.sort(key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER) + sum(map(ord, n)))
    for name in names:
        measured = common.RESULTS / f"{name}.json"
        if not measured.exists():
            # a hand-written reading of the sections after it (e.g. load_summary.md): no figures of its own
            sections.append((common.RESULTS / f"{name}.md").read_text().strip())
            continue
        figures = json.loads(measured.read_text())
        m = figures["machine"]
        prefix = name.split("_")[0]
        # rerun_33.74: the same benchmark for another region, a section of its own (not a part of rerun)
        is_region = re.search(r"_\d{2}\.\d{2}$", name) is not None
        whole = prefix if prefix != name and prefix in names and name not in ORDER and not is_region else None
        if whole is not None:
            # a part re-run on its own (`--only`): the whole run's section already holds that part, so one of the
            # two is stale; a page shows each benchmark once, so the older one goes
            newer = m["date"] > json.loads((common.RESULTS / f"{whole}.json").read_text())["machine"]["date"]
            print(f"{name}: {'newer' if newer else 'older'} than {whole}; delete the stale one", file=sys.stderr)
            if not newer:
                continue
        measured = figures.get("measured")
        if measured:  # sections measured one by one, each with its own machine state
            for part, when in measured.items():
                machines.append(f"- `{name}` / {part}: {when['date']}, {_load(when)}, code {when.get('git', '?')}")
        else:
            machines.append(f"- `{name}`: {m['date']}, {_load(m)}, code {m.get('git', '?')}")
        sections.append((common.RESULTS / f"{name}.md").read_text().strip())
    m = common.machine()
    header = [
        "# Benchmark results",
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gib']} GiB RAM; Python {m['python']}, "
        f"DuckDB {m['duckdb']}, polars {m['polars']}, Streamlit {m['streamlit']}. "
        "Regenerate with the commands named in each section, then `python -m bench.results`.",
        "When each section was measured (the machine is shared with other sessions' test runs; the load average "
        "says how busy it was):\n\n" + "\n".join(machines),
    ]
    summary = common.RESULTS / "_summary.md"
    if summary.exists():
        header.append(summary.read_text().strip())
    (common.ROOT / "bench" / "RESULTS.md").write_text("\n\n".join(header + sections) + "\n")
    print(common.ROOT / "bench" / "RESULTS.md")


def _load(m: dict) -> str:
    return "load average " + ", ".join(f"{x:.1f}" for x in m.get("loadavg_1_5_15") or ())


if __name__ == "__main__":
    main()
