"""The server runs every session's script on a thread of its own: what the pages call must stay live when several
run at once. Four viewers on the overview froze the whole server (bench/load.py found it): a Python callback inside
a polars plan (the table cells' rounding) ran on polars' worker threads, and one of them held the GIL while it
waited for the pool. The callbacks now run in the calling thread (sensus.core.frames)."""

import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from sensus.core import frames

pytestmark = pytest.mark.slow  # servers or command-line subprocesses

ROOT = Path(__file__).resolve().parent.parent
# every way polars takes a Python function into a plan or a rayon worker
CALLBACKS = re.compile(
    r"\.(map_elements|map_batches|map_rows|map_groups|rolling_map|cumulative_eval)\("
    r"|\bpl\.(fold|reduce|cum_fold|cum_reduce)\("
)


def test_no_python_callback_inside_a_polars_plan():
    """Anywhere the server can reach (uploads import in the server too): a callback found here names its file."""
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in [*ROOT.glob("sensus/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "dashboard.py"]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if CALLBACKS.search(line)
    ]
    assert found == []


# four sessions' threads formatting the overview's table at once, as four viewers did; the GIL was held by a parked
# polars worker, so a hung run cannot even be timed out from inside: it runs in a child with a bound on its life
CONCURRENT_TABLES = """
import faulthandler, random, threading
# a hang prints every thread's stack (faulthandler needs no GIL) before the parent's bound ends it
faulthandler.dump_traceback_later(200, exit=True)
import polars as pl
from sensus.app import tables

rng = random.Random(1)
frame = pl.DataFrame({
    "nama": [f"Desa {n}" for n in range(295)],
    "respon": [rng.randrange(10**6) for _ in range(295)],
    "persen": [rng.random() * 100 for _ in range(295)],
    "naik": [rng.uniform(-5, 5) for _ in range(295)],
})
formats = {"respon": "angka", "persen": "persen", "naik": "poin"}

def session(rounds):
    for _ in range(rounds):
        tables.cell_texts(frame, formats, "id")
        frame.to_pandas()

threads = [threading.Thread(target=session, args=(300,)) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("selesai")
"""


def test_four_sessions_formatting_tables_at_once_all_finish():
    # a bound on a hang, not a timing: the 1,200 formats take about 5 s on this machine
    done = subprocess.run(
        [sys.executable, "-c", CONCURRENT_TABLES], cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("selesai")


def test_map_distinct_calls_the_function_once_per_distinct_value():
    calls = []

    def shout(text):
        calls.append(text)
        return text.upper()

    column = pl.Series("kata", ["a", "b", None, "a", "b", "a"])
    shouted = frames.map_distinct(column, shout, pl.String)
    assert shouted.to_list() == ["A", "B", None, "A", "B", "A"]
    assert shouted.name == "kata"
    assert sorted(calls) == ["a", "b"]
