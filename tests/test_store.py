"""The store under concurrent readers, a killed import, and its own invariants (dbt-style checks)."""

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from sensus.store import database
from tests import fixtures

# each check returns the rows that break an invariant: none is the pass
MART_CHECKS = {
    "one row per id_submisi": "select id_submisi from submisi group by 1 having count(*) > 1",
    "one row per household": "select rumah_tangga from rumah_tangga group by 1 having count(*) > 1",
    "every desa has its kecamatan": "select kode_desa from desa where kode_kec not in (select kode_kec from kecamatan)",
    "no response day outside the window": (
        "select * from rumah_tangga where tanggal_respon not between date '2020-02-15' and date '2020-03-31'"
    ),
    "households never exceed submissions": (
        "select 1 where (select count(*) from rumah_tangga) > (select count(*) from submisi)"
    ),
    "cumulative never falls": """
        select * from (select kode_desa, tanggal, kk_respon,
            lag(kk_respon) over (partition by kode_desa order by tanggal) as before from capaian_harian_desa)
        where kk_respon < before""",
    "last day equals the household mart": """
        select 1 where (select sum(kk_respon) from capaian_harian_desa where tanggal = date '2020-03-31')
            <> (select count(*) from rumah_tangga)""",
    "clean households are responding households": "select * from capaian_harian_desa where kk_clean > kk_respon",
    "no personal column in any table": """
        select table_name, column_name from information_schema.columns
        where column_name in ('nama', 'nik', 'no_kk', 'alamat')""",
}


@pytest.mark.parametrize("name", MART_CHECKS)
def test_store_invariants(fixture_store, name):
    con = database.connect_reader(fixture_store[0])
    assert con.sql(MART_CHECKS[name]).fetchall() == []


def _snapshot(store_path: Path) -> tuple:
    con = database.connect_reader(store_path)
    try:
        return (
            con.sql("select nilai from meta where kunci = 'versi'").fetchall(),
            con.sql("select * from submisi order by id_submisi").fetchall(),
            con.sql("select impor_id, berkas, sha256 from impor order by impor_id").fetchall(),
            con.sql("select count(*) from baris_ditolak").fetchall(),
        )
    finally:
        con.close()


def _reader_loop(store_path: str, ready, stop, queue) -> None:
    """Read (version, submissions, sum of new rows over imports) in one connection, until told to stop."""
    observed, errors = set(), 0
    ready.release()
    while not stop.is_set():
        try:
            con = database.connect_reader(Path(store_path))
            row = con.sql(
                """select (select nilai from meta where kunci = 'versi'), (select count(*) from submisi),
                    (select coalesce(sum(submisi_baru), 0) from impor where jenis = 'submisi')"""
            ).fetchall()[0]
            con.close()
            observed.add(row)
        except Exception:  # noqa: BLE001 - a reader error is exactly what this test counts
            errors += 1
    queue.put((observed, errors))


def test_imports_while_readers_query(tmp_path):
    from sensus.ingest import importer

    exports = fixtures.write_exports(tmp_path / "exports")
    store_path = tmp_path / "sensus.duckdb"
    importer.ingest_targets(exports["targets"], store_path)
    context = multiprocessing.get_context("spawn")
    queue, stop, ready = context.Queue(), context.Event(), context.Semaphore(0)
    readers = [context.Process(target=_reader_loop, args=(str(store_path), ready, stop, queue)) for _ in range(4)]
    for reader in readers:
        reader.start()
    for _ in readers:  # every reader is reading before the first import starts
        assert ready.acquire(timeout=120)
    whole_states = {_snapshot(store_path)[0][0][0]: 0}
    for name in ("export_1", "export_2"):
        importer.ingest_submissions(exports[name], store_path)
        con = database.connect_reader(store_path)
        version = con.sql("select nilai from meta where kunci = 'versi'").fetchall()[0][0]
        whole_states[version] = con.sql("select count(*) from submisi").fetchall()[0][0]
        con.close()
        time.sleep(0.5)
    stop.set()
    results = [queue.get(timeout=120) for _ in readers]
    for reader in readers:
        reader.join(timeout=30)
    assert sum(errors for _, errors in results) == 0
    seen = set().union(*(observed for observed, _ in results))
    assert len({version for version, _, _ in seen}) >= 2, "readers should have seen more than one version"
    for version, submissions, new_rows in seen:
        # every state a reader saw is a whole import: its submissions equal what the imports added
        assert submissions == new_rows
        assert whole_states[version] == submissions


def _big_export(path: Path, rows: int) -> None:
    rng = random.Random(5)
    desa = fixtures.DESA
    pl.DataFrame(
        {
            "id_submisi": [f"B{i:07d}" for i in range(rows)],
            "kode_desa": [rng.choice(desa) for _ in range(rows)],
            "waktu_submit": [f"2020-03-{rng.randint(1, 28):02d} {rng.randint(0, 23):02d}:10:00" for _ in range(rows)],
            "jumlah_art": [str(rng.randint(1, 8)) for _ in range(rows)],
            "no_kk": [f"3316{rng.randrange(10**11, 10**12):012d}" for _ in range(rows)],
        }
    ).write_csv(path)


@pytest.mark.parametrize("run", range(5))
def test_killed_import_leaves_the_store_as_it_was(tmp_path_factory, run):
    folder = tmp_path_factory.mktemp(f"kill{run}")
    store_path = folder / "sensus.duckdb"
    exports = fixtures.build_store(folder / "exports", store_path)
    big = folder / "besar.csv"
    _big_export(big, 300_000)
    before = _snapshot(store_path)
    command = [sys.executable, "-m", "sensus", "--store", str(store_path), "ingest", str(big)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(random.Random(run).uniform(0.3, 2.0))
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    after_kill = _snapshot(store_path)
    assert after_kill == before or after_kill[2][-1][1] == big.name  # the old state, or the whole import
    # running it again completes it (or finds it already complete)
    rerun = subprocess.run(command, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    final = _snapshot(store_path)
    assert final[2][-1][1] == big.name
    assert len(final[1]) == len(before[1]) + 300_000
    assert not list(folder.glob(".sensus.duckdb.tmp-*")), "the next writer removes a killed writer's copy"
    del exports
