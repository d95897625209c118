"""Assemble bench/RESULTS.md from the sections the benchmarks wrote to bench/results/.

    python -m bench.results

The summary and recommendations at the top of RESULTS.md live in bench/results/_summary.md
(written by hand after reading the figures); every figure below it comes from a benchmark run.
"""

import json

from bench import common

ORDER = (
    "import_speed",
    "queries",
    "queries_blora",
    "queries_blora-full",
    "queries_national",
    "pages",
    "drills",
    "load_summary",
    "load",
    "load_random_dates",
    "load_replicas",
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
        machines.append(
            f"- `{name}`: {m['date']}, load average {', '.join(f'{x:.1f}' for x in m.get('loadavg_1_5_15', ()))}, "
            f"code {m.get('git', '?')}"
        )
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


if __name__ == "__main__":
    main()
