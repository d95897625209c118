"""What the Data page costs when the store holds many rejected rows (issue 18: 1 M rejected rows took a server from
406 MB to 2.9 GB on one view; 30,000 broke the page).

    python -m bench.data_page_memory [--rows 0,30000,1000000]

The tiny fixture store plus N rejected rows spread over its imports (as many hostile files together would leave
them, whatever the importer keeps per import), written straight into the store. Each N is one fresh Python
process that renders the Data page once as a kabupaten operator (AppTest, through dashboard.py's frame) and
reports its peak RSS (VmHWM) before and after the render, the render's wall time and the rows the rejected-rows
table sent to the browser.
"""

import argparse
import json
import subprocess
import sys
import time

import duckdb

from bench import common

CHILD = r"""
import json, sys, time
from pathlib import Path

def hwm():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024

from _pytest.monkeypatch import MonkeyPatch
from tests.apptest import open_dashboard
import streamlit  # noqa: F401 (the libraries' own memory before the page)

before = hwm()
started = time.perf_counter()
app = open_dashboard(MonkeyPatch(), Path(sys.argv[1]), "data", role="operator")
seconds = time.perf_counter() - started
shown = max((len(f.value) for f in app.dataframe if "nilai" in f.value.columns), default=0)
print(json.dumps({"hwm_before_mib": before, "hwm_after_mib": hwm(), "seconds": seconds, "rows_shown": shown,
                  "exception": [str(e.value)[:200] for e in app.exception]}))
"""


def store_with_rejects(rows: int):
    from tests import fixtures

    folder = common.scratch("data_page_memory")
    store = folder / "sensus.duckdb"
    fixtures.build_store(folder / "exports", store)
    con = duckdb.connect(str(store))
    ids = [row[0] for row in con.sql("select impor_id from impor where jenis = 'submisi' order by 1").fetchall()]
    con.execute(
        """
        insert into baris_ditolak
        select $ids[1 + (i % len($ids))], 'ekspor_' || (i % 40) || '.csv', i + 2, 'kode_desa_tidak_dikenal',
            '33.16.01.9' || lpad((i % 999)::varchar, 3, '0'), 'R' || i, '33.16.01.9999', '2020-03-01 10:00', '2',
            'respon'
        from range($n) as r(i)
        """,
        {"ids": ids, "n": rows},
    )
    con.close()
    return store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", default="0,30000,1000000")
    args = parser.parse_args()
    results = []
    for rows in [int(n) for n in args.rows.split(",")]:
        store = store_with_rejects(rows)
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(store)], cwd=common.ROOT, capture_output=True, text=True, check=True
        )
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        figures |= {"rejected_rows": rows, "process_seconds": time.perf_counter() - started}
        results.append(figures)
        print(figures, file=sys.stderr)
    lines = [
        "## Data page with many rejected rows (`python -m bench.data_page_memory`)",
        "",
        "The tiny fixture store plus N rejected rows over its imports; one fresh process per N renders the Data page "
        "once as a kabupaten operator (AppTest). Peak RSS (VmHWM) before the render (libraries loaded) and after it.",
        "",
        "Before the rows were paged in DuckDB (code b8de533: the whole table fetched into the page, one page of it "
        "sent), the same run gave 30,000 rows: 328 MiB after, 1,000,000 rows: 1,384 MiB after; before any paging "
        "30,000 rows raised StreamlitAPIException (more than 262,144 cells).",
        "",
        "| rejected rows in the store | rows in the table sent | render s | peak RSS MiB before / after | exception |",
        "|---:|---:|---:|---:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['rejected_rows']:,} | {r['rows_shown']:,} | {r['seconds']:.1f} | "
            f"{r['hwm_before_mib']:.0f} / {r['hwm_after_mib']:.0f} | {'; '.join(r['exception']) or '–'} |"
        )
    common.save("data_page_memory", {"results": results}, "\n".join(lines))


if __name__ == "__main__":
    main()
