"""Dry run, import with its record, and undo of one batch (sensus.ingest.batches), on the tiny fixture exports."""

import hashlib
import threading

import polars as pl
import pytest

from sensus.core import config
from sensus.ingest import batches, importer
from sensus.ingest.sources import ImportRefused
from sensus.store import database
from tests import fixtures

CFG = config.load()
ROWS = "select * exclude (impor_pertama, impor_terakhir) from submisi order by id_submisi"


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    return fixtures.write_exports(tmp_path_factory.mktemp("exports"))


def base_store(folder, exports, salt: str = "ab" * 32):
    """Targets and events, no submissions; every store of a test shares one salt so no_kk hashes compare."""
    path = folder / "sensus.duckdb"
    path.with_suffix(".salt").write_text(salt)
    importer.ingest_targets(exports["targets"], path)
    importer.ingest_events(exports["events"], path)
    return path


def table(path, sql: str = ROWS) -> pl.DataFrame:
    con = database.connect_reader(path)
    try:
        return con.sql(sql).pl()
    finally:
        con.close()


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_dry_run_reports_the_import_and_changes_nothing(tmp_path, exports):
    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "uji")
    before, version = digest(store), database.version_key(store)
    trial = batches.dry_run(exports["export_2"], store)
    assert digest(store) == before and database.version_key(store) == version
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [], "no scratch left behind"
    real = batches.ingest_submissions(exports["export_2"], store, "uji")
    for field in ("baris_dibaca", "submisi_baru", "rumah_tangga_baru", "diperbarui", "sama", "ditolak", "luar_jendela"):
        assert getattr(trial.summary, field) == getattr(real, field), field
    assert trial.summary.diperbarui > 0  # the second export updates rows of the first


def test_a_dry_run_lists_rejected_lines_with_reasons(tmp_path, exports):
    store = base_store(tmp_path, exports)
    trial = batches.dry_run(exports["export_1"], store)
    assert trial.summary.ditolak == 3
    assert trial.ditolak.rows() == [
        (97, "kode_desa_tidak_dikenal", "33.16.99.9999"),
        (98, "waktu_submit_tidak_terbaca", "kemarin"),
        (99, "jumlah_art_bukan_angka", "3 orang"),
    ]
    assert table(store, "select count(*) as n from submisi")["n"][0] == 0


def test_the_history_says_who_imported(tmp_path, exports):
    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "operator-blora")
    oleh = table(store, "select pengguna, is_bisa_batal from impor_oleh")
    assert oleh.rows() == [("operator-blora", True)]


def test_undoing_the_first_of_two_batches_leaves_what_the_second_alone_would(tmp_path, exports):
    (tmp_path / "both").mkdir()
    (tmp_path / "only").mkdir()
    both = base_store(tmp_path / "both", exports)
    batches.ingest_submissions(exports["export_1"], both, "uji")
    batches.ingest_submissions(exports["export_2"], both, "uji")
    only_second = base_store(tmp_path / "only", exports)
    batches.ingest_submissions(exports["export_2"], only_second, "uji")
    assert table(both).height != table(only_second).height  # the first batch added rows of its own

    first = table(both, "select min(impor_id) as i from impor where jenis = 'submisi'")["i"][0]
    batches.undo(first, "uji", both)

    assert table(both).equals(table(only_second))
    mart = "select * from rumah_tangga order by rumah_tangga"
    assert table(both, mart).equals(table(only_second, mart))
    assert table(both, f"select count(*) as n from baris_ditolak where impor_id = {first}")["n"][0] == 0
    # every row left came from the second batch
    assert set(table(both, "select distinct impor_pertama from submisi")["impor_pertama"]) == {first + 1}
    history = table(both, "select impor_id, pengguna from impor_batal")
    assert history.rows() == [(first, "uji")]


def test_undoing_the_last_batch_returns_the_store_to_before_it(tmp_path, exports):
    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "uji")
    rows_before = table(store, "select * from submisi order by id_submisi")
    second = batches.ingest_submissions(exports["export_2"], store, "uji")
    assert second.diperbarui > 0
    last = table(store, "select max(impor_id) as i from impor")["i"][0]
    batches.undo(last, "uji", store)
    assert table(store, "select * from submisi order by id_submisi").equals(rows_before)


def test_both_undone_in_either_order_leave_no_submission(tmp_path, exports):
    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "uji")
    batches.ingest_submissions(exports["export_2"], store, "uji")
    first, second = table(store, "select impor_id from impor where jenis = 'submisi' order by 1")["impor_id"]
    batches.undo(first, "uji", store)
    batches.undo(second, "uji", store)
    assert table(store).is_empty()


def test_an_undone_file_can_be_imported_again(tmp_path, exports):
    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "uji")
    rows = table(store)
    batch = table(store, "select max(impor_id) as i from impor")["i"][0]
    batches.undo(batch, "uji", store)
    again = batches.ingest_submissions(exports["export_1"], store, "uji")
    assert not again.sudah_diimpor
    assert table(store).equals(rows)


def test_undo_is_refused_for_a_batch_not_recorded_or_already_undone(tmp_path, exports):
    store = base_store(tmp_path, exports)
    importer.ingest_submissions(exports["export_1"], store)  # straight through the importer: no record
    batch = table(store, "select max(impor_id) as i from impor")["i"][0]
    with pytest.raises(batches.UndoRefused) as refused:
        batches.undo(batch, "uji", store)
    assert refused.value.code == "batal_tidak_tercatat"
    batches.ingest_submissions(exports["export_2"], store, "uji")
    second = batch + 1
    batches.undo(second, "uji", store)
    with pytest.raises(batches.UndoRefused) as again:
        batches.undo(second, "uji", store)
    assert again.value.code == "batal_sudah"


def test_a_refused_file_changes_nothing(tmp_path, exports):
    store = base_store(tmp_path, exports)
    bad = tmp_path / "tanpa_kolom.csv"
    bad.write_text("id_submisi,kode_desa\nA1,3316012001\n")
    before = digest(store)
    with pytest.raises(ImportRefused):
        batches.dry_run(bad, store)
    with pytest.raises(ImportRefused):
        batches.ingest_submissions(bad, store, "uji")
    assert digest(store) == before


def test_two_uploads_at_once_queue_and_both_land(tmp_path, exports):
    store = base_store(tmp_path, exports)
    errors = []

    def upload(name):
        try:
            batches.ingest_submissions(exports[name], store, name)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=upload, args=(n,)) for n in ("export_1", "export_2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(table(store, "select pengguna from impor_oleh")["pengguna"]) == ["export_1", "export_2"]
    assert table(store, "select count(*) as n from impor where jenis = 'submisi'")["n"][0] == 2
