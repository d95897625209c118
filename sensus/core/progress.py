"""Progress of a long import: the stage, and DuckDB's own estimate of the running query's progress."""

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import duckdb

from sensus.core import i18n

Draw = Callable[[str, float | None], None]
# the stages an import reports, with their text keys: the bar speaks the chosen --lang
STAGE = {
    "sha256": "tahap_sha256",
    "membaca berkas": "tahap_membaca_berkas",
    "memperbarui ringkasan": "tahap_memperbarui_ringkasan",
    "memeriksa baris": "tahap_memeriksa_baris",
    "menyimpan": "tahap_menyimpan",
}


class Progress:
    def __init__(self, draw: Draw, bahasa: str = "id"):
        self.draw = draw
        self.bahasa = bahasa
        self.stage = ""

    def step(self, stage: str) -> None:
        self.stage = i18n.t(STAGE[stage], self.bahasa) if stage in STAGE else stage
        self.draw(self.stage, None)

    @contextmanager
    def watching(self, con: duckdb.DuckDBPyConnection, every: float = 0.25) -> Iterator[None]:
        """Poll `con.query_progress()` from a side thread while the block runs its queries."""
        done = threading.Event()

        def poll() -> None:
            while not done.wait(every):
                percent = con.query_progress()
                if percent >= 0:  # -1 while no query runs
                    self.draw(self.stage, percent)

        thread = threading.Thread(target=poll, daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()


def terminal_bar(width: int = 30) -> Draw:
    """Draw `stage [#####     ]  42 %` on stderr, one line rewritten in place."""
    started = time.monotonic()

    def draw(stage: str, percent: float | None) -> None:
        filled = int(width * (percent or 0) / 100)
        bar = "#" * filled + " " * (width - filled)
        shown = f"{percent:5.1f} %" if percent is not None else "      "
        sys.stderr.write(f"\r{stage:<28} [{bar}] {shown}  {time.monotonic() - started:5.1f} s")
        sys.stderr.flush()

    return draw
