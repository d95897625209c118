"""Property: after any sequence of imports and undos, the store is what the batches still standing alone would make.

Checked three ways against the independent counter (tests/independent.py, no store code): the figures of every
village as of several days; every stored row's values; every row's first and last import (impor_pertama,
impor_terakhir) replayed from the files. And the incremental marts equal a rebuild from every submission.
The exports overlap on purpose: updates, rows the same as stored, a submission changing household or leaving
the window, a placeholder no_kk, households shared across files.
"""

import shutil
from datetime import date
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sensus.core import config
from sensus.ingest import batches
from sensus.store import database
from tests import independent
from tests.helpers.imports import BATCHES, KK, KNOWN_DESA, desa_figures, marts_rebuilt, row, write_csv

pytestmark = pytest.mark.slow  # a property test with many examples

CFG = config.read()
EXPORTS = [
    *BATCHES,
    # the same as batch 2 for I2 (a row the same as stored, or an update when batch 2 is gone), I3 clean again,
    # a new submission of the first household
    [
        row("I2", no_kk=KK, waktu_submit="2020-02-18 08:00", kode_desa="3316012002", jumlah_art="6"),
        row("I3", kode_desa="3316012001", status="clean"),
        row("I7", no_kk=KK, waktu_submit="2020-03-10 09:00", jumlah_art="4", status="clean"),
    ],
    # every id again with other values, and one of its own
    [
        row("I1", no_kk=KK, waktu_submit="2020-02-21 08:00", jumlah_art="3"),
        row("I2", no_kk="3316050101010002", waktu_submit="2020-03-01 08:00"),
        row("I4", waktu_submit="2020-03-20 08:00", status="clean"),
        row("I5", no_kk="0000000000000000", jumlah_art="7"),
        row("I6", kode_desa="3316051013", jumlah_art="8"),
        row("I8", kode_desa="3316012001"),
    ],
]
DAYS = (date(2020, 2, 20), date(2020, 3, 2), CFG.selesai)
SETTINGS = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
steps = st.lists(
    st.tuples(st.sampled_from(["impor", "batal"]), st.integers(0, len(EXPORTS) - 1)), min_size=1, max_size=7
)
COUNTER = iter(range(10**9))


def template(folder: Path) -> tuple[Path, list[Path]]:
    store = folder / "template" / "sensus.duckdb"
    files = [folder / f"ekspor_{n}.csv" for n in range(len(EXPORTS))]
    if not store.exists():
        targets = folder / "target.csv"
        targets.write_text("kode_desa,penduduk,kk\n3316051014,2400,690\n3316012001,1200,340\n", encoding="utf-8")
        batches.ingest("target", targets, store, "uji", cfg=CFG)
        for path, rows in zip(files, EXPORTS, strict=True):
            write_csv(path, rows)
    return store, files


def replayed(standing: list[tuple[int, Path]]) -> dict[str, tuple[int, int]]:
    """id_submisi → (impor_pertama, impor_terakhir) if only the standing batches had been imported, in order."""
    values = ("kode_desa", "waktu", "jumlah_art", "household", "clean")
    state: dict[str, tuple[tuple, int, int]] = {}
    for impor_id, path in standing:
        for r in independent.valid_submissions([path], KNOWN_DESA).iter_rows(named=True):
            now = tuple(r[c] for c in values)
            before = state.get(r["id_submisi"])
            if before is None:
                state[r["id_submisi"]] = (now, impor_id, impor_id)
            elif before[0] != now:
                state[r["id_submisi"]] = (now, before[1], impor_id)
    return {id_submisi: (first, last) for id_submisi, (_, first, last) in state.items()}


def stored(store: Path) -> pl.DataFrame:
    con = database.connect_reader(store)
    try:
        return con.sql(
            "select id_submisi, tanggal, jumlah_art::bigint as jumlah_art, status = 'clean' as clean,"
            " impor_pertama, impor_terakhir from submisi order by id_submisi"
        ).pl()
    finally:
        con.close()


@SETTINGS
@given(plan=steps)
# an update undone under a later batch that carried the same value: the later batch's row takes over
@example(plan=[("impor", 0), ("impor", 1), ("impor", 3), ("batal", 1)])
# undoing a batch whose row was the same as stored leaves that row as it was
@example(plan=[("impor", 1), ("impor", 3), ("batal", 1)])
# an earlier batch undone, then a later one: the later one's "before" rows were corrected by the first undo
@example(plan=[("impor", 0), ("impor", 1), ("impor", 3), ("batal", 0), ("batal", 1)])
# a household's rows across three batches, the middle and then the first undone; a file back after its undo
@example(plan=[("impor", 0), ("impor", 2), ("impor", 4), ("batal", 1), ("batal", 0), ("impor", 0)])
@example(plan=[("impor", 4), ("impor", 1), ("impor", 3), ("batal", 0), ("impor", 4), ("batal", 1)])
def test_imports_and_undos_leave_what_the_standing_batches_alone_would(tmp_path_factory, plan):
    folder = tmp_path_factory.getbasetemp() / "undo_property"
    folder.mkdir(exist_ok=True)
    base, files = template(folder)
    store = folder / f"s{next(COUNTER)}" / "sensus.duckdb"
    shutil.copytree(base.parent, store.parent)
    standing: list[tuple[int, int]] = []  # (impor_id, export number), in import order
    for action, number in plan:
        if action == "impor":
            summary = batches.ingest("submisi", files[number], store, "uji", cfg=CFG)
            # a file standing is not imported twice; an undone one may come back
            assert summary.sudah_diimpor == any(n == number for _, n in standing)
            if not summary.sudah_diimpor:
                standing.append((summary.impor_id, number))
        elif standing:
            impor_id, _ = standing.pop(number % len(standing))
            batches.undo(impor_id, "uji", store, cfg=CFG)

    paths = [files[n] for _, n in standing]
    expected = independent.valid_submissions(paths, KNOWN_DESA)
    for day in DAYS:
        assert desa_figures(store, day) == independent.counts_as_of(expected, day, CFG.mulai, CFG.selesai), day
    rows = stored(store)
    if expected.is_empty():
        assert rows.is_empty()
    else:
        assert (
            rows.select("id_submisi", "tanggal", "jumlah_art", "clean").rows()
            == expected.sort("id_submisi").select("id_submisi", "tanggal", "jumlah_art", "clean").rows()
        )
    history = replayed([(impor_id, files[n]) for impor_id, n in standing])
    assert {r[0]: (r[1], r[2]) for r in rows.select("id_submisi", "impor_pertama", "impor_terakhir").rows()} == history
    marts, rebuilt = marts_rebuilt(store)
    assert marts == rebuilt
    shutil.rmtree(store.parent)
