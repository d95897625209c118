"""Store invariants after imports, and the incremental marts against a rebuild from every submission."""

from datetime import date
from pathlib import Path

import duckdb
import pytest

from sensus.core import config
from sensus.ingest import importer
from sensus.ingest.sources import ImportRefused
from sensus.store import database
from tests.helpers.imports import BATCHES, marts_rebuilt, row, write_csv

CFG = config.read()


def invariants(store_path: Path) -> list:
    """Every broken rule of the whole store."""
    waktu_min, waktu_max = database.plausible_instants(CFG.impor)
    con = duckdb.connect()
    con.execute("attach $p as store (read_only)", {"p": str(store_path)})
    con.execute("use store")
    for name in ("rumah_tangga_tersentuh", "kontribusi_lama", "kontribusi_baru"):
        con.execute(f"create temp table {name} (kode_desa varchar, rumah_tangga varchar)")
    params = {"waktu_min": waktu_min, "waktu_max": waktu_max, "semua": True, "impor_id": 0}
    try:
        return con.sql(database.sql_text("ingest/invariants"), params=params).fetchall()
    finally:
        con.close()


def test_incremental_marts_equal_a_rebuild_and_invariants_hold(tmp_path):
    store_path = tmp_path / "sensus.duckdb"
    for number, rows in enumerate(BATCHES):
        importer.load_submissions(write_csv(tmp_path / f"batch_{number}.csv", rows), store_path, cfg=CFG)
        stored, fresh = marts_rebuilt(store_path)
        assert stored == fresh, f"after batch {number}"
        assert invariants(store_path) == []
    # the marts were not rebuilt whole: the batches touched only their households' rows
    assert len(stored[1]) == 295 * CFG.jumlah_hari


def test_targets_and_events_leave_the_submission_marts_alone(tmp_path):
    store_path = tmp_path / "sensus.duckdb"
    importer.load_submissions(write_csv(tmp_path / "a.csv", BATCHES[0]), store_path, cfg=CFG)
    con = duckdb.connect(str(store_path))
    # a marker the next writer would wipe if it rebuilt the marts
    con.execute("update capaian_harian_desa set kk_baru = kk_baru + 1000 where tanggal = date '2020-03-31'")
    con.close()
    targets = tmp_path / "t.csv"
    targets.write_text("kode_desa,penduduk,kk\n3316051014,2400,690\n", encoding="utf-8")
    importer.ingest_targets(targets, store_path, cfg=CFG)
    events = tmp_path / "k.csv"
    events.write_text("tanggal,jenis,kode,keterangan\n2020-02-20,rakor,33.16.01,Rakor\n", encoding="utf-8")
    importer.ingest_events(events, store_path, cfg=CFG)
    con = database.connect_reader(store_path)
    try:
        marked = con.sql("select min(kk_baru) from capaian_harian_desa where tanggal = date '2020-03-31'").fetchall()
    finally:
        con.close()
    assert marked == [(1000,)]


@pytest.mark.parametrize(
    ("table", "value"),
    [("submisi", "waktu_submit = 'infinity'"), ("submisi", "jumlah_art = 0"), ("target", "penduduk = -1")],
)
def test_an_import_into_a_store_breaking_an_invariant_is_refused(tmp_path, table, value):
    """The whole-store check (run whenever the marts are rebuilt: here a changed window): a store holding a
    value no reader survives is not published again. Between rebuilds each import checks what it touched."""
    store_path = tmp_path / "sensus.duckdb"
    importer.load_submissions(write_csv(tmp_path / "a.csv", BATCHES[0]), store_path, cfg=CFG)
    targets = tmp_path / "t.csv"
    targets.write_text("kode_desa,penduduk,kk\n3316051014,2400,690\n", encoding="utf-8")
    importer.ingest_targets(targets, store_path, cfg=CFG)
    con = duckdb.connect(str(store_path))
    # skema stays current, so no migration repairs the value first: only the invariant can catch it
    con.execute(f"update {table} set {value}")
    con.execute("delete from meta where kunci = 'jendela_marts'")
    con.close()
    before = store_path.read_bytes()
    with pytest.raises(ImportRefused) as refused:
        importer.load_submissions(write_csv(tmp_path / "b.csv", [row("J1")]), store_path, cfg=CFG)
    assert refused.value.code == "invarian_dilanggar"
    assert store_path.read_bytes() == before


def test_undo_bookkeeping_keeps_replaced_rows_with_their_batch(tmp_path):
    store_path = tmp_path / "sensus.duckdb"
    importer.load_submissions(write_csv(tmp_path / "a.csv", BATCHES[0]), store_path, cfg=CFG)
    importer.load_submissions(write_csv(tmp_path / "b.csv", BATCHES[1]), store_path, cfg=CFG)
    con = database.connect_reader(store_path)
    try:
        replaced = con.sql(
            "select impor_id, id_submisi, jumlah_art, tanggal from batch_sebelum order by id_submisi"
        ).fetchall()
        carried = con.sql("select impor_id, id_submisi from batch_submisi where impor_id = 2 order by 2").fetchall()
        current = con.sql("select id_submisi, impor_pertama, impor_terakhir from submisi order by 1").fetchall()
    finally:
        con.close()
    assert replaced == [(2, "I2", 5, date(2020, 2, 25)), (2, "I3", 2, date(2020, 3, 2))]
    assert carried == [(2, "I2"), (2, "I3"), (2, "I6")]
    assert ("I2", 1, 2) in current and ("I6", 2, 2) in current and ("I1", 1, 1) in current


def test_one_import_can_be_undone_with_the_marts_updated_for_its_households(tmp_path):
    """Undoing batch 2 through its bookkeeping puts back the rows it replaced, drops the rows it brought, and
    recomputes the marts for the touched households only: they equal a rebuild and the marts before batch 2."""
    from sensus.ingest import batches

    store_path = tmp_path / "sensus.duckdb"
    importer.load_submissions(write_csv(tmp_path / "a.csv", BATCHES[0]), store_path, cfg=CFG)
    before = marts_rebuilt(store_path)[0]
    importer.load_submissions(write_csv(tmp_path / "b.csv", BATCHES[1]), store_path, cfg=CFG)
    assert marts_rebuilt(store_path)[0] != before
    batches.undo(2, "uji", store_path, cfg=CFG)
    stored, fresh = marts_rebuilt(store_path)
    assert stored == fresh
    assert stored == before
