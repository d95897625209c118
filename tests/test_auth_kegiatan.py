"""Planners correct and delete events; each change is in the store and in the audit log."""

from datetime import date

import pytest

from sensus.auth import audit
from sensus.core import config
from sensus.core.scope import KABUPATEN
from sensus.ingest import importer, kegiatan_edit
from sensus.ingest.kegiatan import Kegiatan
from sensus.store import database
from tests import fixtures

CFG = config.read()

pytestmark = pytest.mark.slow  # every test renders pages with AppTest


@pytest.fixture
def store(tmp_path):
    exports = fixtures.write_exports(tmp_path / "exports")
    path = tmp_path / "sensus.duckdb"
    importer.ingest_events(exports["events"], path, cfg=CFG)
    return path


def events(path):
    con = database.connect_reader(path)
    try:
        return con.sql("select kegiatan_id, tanggal, jenis, kode, keterangan from kegiatan order by 1").fetchall()
    finally:
        con.close()


def test_an_event_is_corrected_and_the_change_audited(store):
    first = events(store)[0][0]
    kegiatan_edit.update_kegiatan(
        first,
        Kegiatan(date(2020, 2, 21), "sosialisasi", "33.16.05", "Dipindah"),
        "rencana",
        store,
        scope=KABUPATEN,
        cfg=CFG,
    )
    assert events(store)[0] == (first, date(2020, 2, 21), "sosialisasi", "33.16.05", "Dipindah")
    log = audit.read(store)
    assert log.row(0, named=True)["aksi"] == "kegiatan_ubah" and log.row(0, named=True)["pengguna"] == "rencana"
    con = database.connect_reader(store)
    assert con.sql("select aksi from audit").fetchall() == [("kegiatan_ubah",)]  # folded into the store


def test_an_event_is_deleted_and_a_second_delete_says_it_is_gone(store):
    before = events(store)
    kegiatan_edit.delete_kegiatan(before[0][0], "rencana", store, scope=KABUPATEN, cfg=CFG)
    assert events(store) == before[1:]
    with pytest.raises(kegiatan_edit.KegiatanMissing):
        kegiatan_edit.delete_kegiatan(before[0][0], "rencana", store, scope=KABUPATEN, cfg=CFG)
    assert audit.read(store)["aksi"].to_list() == ["kegiatan_hapus"]


def test_a_correction_with_bad_values_changes_nothing(store):
    before = events(store)
    with pytest.raises(ValueError):
        kegiatan_edit.update_kegiatan(
            before[0][0], Kegiatan(date(2020, 2, 21), "rakor", "99.99", " "), "rencana", store, scope=KABUPATEN, cfg=CFG
        )
    assert events(store) == before


def test_only_a_planner_gets_the_event_forms_and_deletes_through_the_page(monkeypatch, fixture_store, tmp_path):
    import shutil

    from tests.apptest import open_dashboard, open_tab

    path = tmp_path / "sensus.duckdb"
    shutil.copyfile(fixture_store[0], path)
    shutil.copyfile(fixture_store[0].with_suffix(".salt"), path.with_suffix(".salt"))
    reader = open_tab(open_dashboard(monkeypatch, path, page="sosialisasi", role="pimpinan"), 3)
    assert reader.dataframe and not [b for b in reader.button if b.label in ("Simpan kegiatan", "Hapus kegiatan")]
    planner = open_tab(open_dashboard(monkeypatch, path, page="sosialisasi", role="perencana"), 3)
    before = events(path)
    next(b for b in planner.button if b.label == "Hapus kegiatan").click()
    planner.run()
    assert not planner.exception
    assert len(events(path)) == len(before) - 1
    assert audit.read(path).row(0, named=True)["aksi"] == "kegiatan_hapus"
