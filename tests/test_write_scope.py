"""Scope on every write as on every read: a user bound to a kecamatan imports, dry-runs, undoes and edits events
only within it (sensus.ingest.batches, sensus.ingest.kegiatan, sensus.ingest.kegiatan_edit), and the refusal
leaves the store as it was."""

import hashlib
from datetime import date

import polars as pl
import pytest

from sensus.auth import audit
from sensus.core import config, i18n
from sensus.core.scope import KABUPATEN, OutOfScope, Scope
from sensus.ingest import batches, importer, kegiatan, kegiatan_edit
from sensus.ingest.kegiatan import Kegiatan
from sensus.ingest.sources import ImportRefused
from sensus.store import database, reports
from tests import fixtures
from tests.fixtures import base_store

CEPU = Scope("33.16.05")
CFG = config.read()
JATI = "33.16.01"


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    return fixtures.write_exports(tmp_path_factory.mktemp("exports"))


def cepu_only(path, folder, name="cepu.csv"):
    """The rows of an export that lie in Cepu, as a file of their own."""
    out = folder / name
    pl.read_csv(path, infer_schema=False).filter(pl.col("kode_desa").str.starts_with("33.16.05")).write_csv(out)
    return out


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_bound_operator_cannot_undo_a_kabupaten_import_and_the_store_is_unchanged(tmp_path, exports):
    store = base_store(tmp_path, exports)
    kabupaten = batches.ingest_submissions(exports["export_1"], store, "operator-kabupaten", cfg=CFG)
    before = digest(store)
    assert kabupaten.impor_id not in batches.undo_choices(store, CEPU)["impor_id"].to_list()
    with pytest.raises(batches.UndoRefused) as refused:
        batches.undo(kabupaten.impor_id, "operator-cepu", store, CEPU, cfg=CFG)
    assert refused.value.code == "batal_luar_cakupan"
    assert digest(store) == before
    # the kabupaten's operator still may
    assert kabupaten.impor_id in batches.undo_choices(store, KABUPATEN)["impor_id"].to_list()
    batches.undo(kabupaten.impor_id, "operator-kabupaten", store, cfg=CFG)


def test_a_bound_operator_sees_and_undoes_only_their_kecamatans_imports(tmp_path, exports):
    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "operator-kabupaten", cfg=CFG)
    own = batches.ingest_submissions(
        cepu_only(exports["export_2"], tmp_path), store, "operator-cepu", scope=CEPU, cfg=CFG
    )
    choices = batches.undo_choices(store, CEPU)
    # the targets and events files and the kabupaten export are not offered, nor their names and who ran them
    assert choices["impor_id"].to_list() == [own.impor_id]
    assert choices["berkas"].to_list() == ["cepu.csv"]
    done = batches.undo(own.impor_id, "operator-cepu", store, CEPU, cfg=CFG)
    assert done.jenis == "submisi" and done.n > 0


def test_a_bound_operator_cannot_import_rows_of_another_kecamatan(tmp_path, exports):
    store = base_store(tmp_path, exports)
    before = digest(store)
    for attempt in (
        lambda: batches.dry_run(exports["export_1"], store, CEPU, cfg=CFG),
        lambda: batches.ingest_submissions(exports["export_1"], store, "operator-cepu", scope=CEPU, cfg=CFG),
    ):
        with pytest.raises(ImportRefused) as refused:
            attempt()
        assert refused.value.code == "impor_luar_cakupan"
        message = i18n.t(refused.value.code, "id", berkas=refused.value.berkas, **refused.value.detail)
        assert "export_2020-03-06.csv" in message and "33.16.05" in message
    assert digest(store) == before


def test_a_bound_operators_dry_run_reports_their_rows(tmp_path, exports):
    store = base_store(tmp_path, exports)
    trial = batches.dry_run(cepu_only(exports["export_1"], tmp_path), store, CEPU, cfg=CFG)
    cepu_rows = pl.read_csv(exports["export_1"], infer_schema=False).filter(
        pl.col("kode_desa").str.starts_with("33.16.05")
    )
    assert trial.summary.baris_dibaca == cepu_rows.height


def test_a_bound_operator_cannot_import_targets(tmp_path, exports):
    store = base_store(tmp_path, exports)
    before = digest(store)
    with pytest.raises(ImportRefused) as refused:
        batches.ingest("target", exports["targets"], store, "operator-cepu", scope=CEPU, cfg=CFG)
    assert refused.value.code == "impor_target_luar_cakupan"
    assert digest(store) == before


def test_an_events_file_with_a_kabupaten_event_is_refused_for_a_bound_operator(tmp_path, exports):
    store = base_store(tmp_path, exports)
    events = tmp_path / "kegiatan_cepu.csv"
    pl.DataFrame(
        {
            "tanggal": ["2020-03-02", "2020-03-03"],
            "jenis": ["rakor", "rakor"],
            "kode": ["33.16.05", "33.16"],
            "keterangan": ["Rakor Cepu", "Rakor kabupaten"],
        }
    ).write_csv(events)
    with pytest.raises(ImportRefused) as refused:
        batches.ingest("kegiatan", events, store, "operator-cepu", scope=CEPU, cfg=CFG)
    assert refused.value.code == "impor_luar_cakupan"
    con = database.connect_reader(store)
    assert con.sql("select count(*) from kegiatan where keterangan like 'Rakor %'").fetchall() == [(1,)]
    con.close()


@pytest.fixture
def events_store(tmp_path, exports):
    """The fixture events: a rakor of Jati (33.16.01) and a sosialisasi in a kelurahan of Cepu."""
    path = tmp_path / "sensus.duckdb"
    importer.ingest_events(exports["events"], path, cfg=CFG)
    return path


def stored_events(path) -> list[tuple]:
    con = database.connect_reader(path)
    try:
        return con.sql("select kegiatan_id, tanggal, jenis, kode, keterangan from kegiatan order by 1").fetchall()
    finally:
        con.close()


def event_of(path, kode_prefix: str) -> int:
    return next(row[0] for row in stored_events(path) if row[3].startswith(kode_prefix))


@pytest.mark.parametrize("kode", ["33.16", JATI, "33.16.01.2001"])
def test_a_bound_planner_cannot_add_an_event_outside_their_kecamatan(events_store, kode):
    before = stored_events(events_store)
    with pytest.raises(OutOfScope):
        kegiatan.tambah(
            Kegiatan(date(2020, 3, 2), "rakor", kode, "Di luar"), events_store, "rencana-cepu", scope=CEPU, cfg=CFG
        )
    assert stored_events(events_store) == before


def test_a_bound_planner_adds_an_event_of_their_kecamatan_audited(events_store):
    summary = kegiatan.tambah(
        Kegiatan(date(2020, 3, 2), "rakor", "33.16.05", "Rakor Cepu"), events_store, "rencana-cepu", scope=CEPU, cfg=CFG
    )
    assert summary.submisi_baru == 1
    log = audit.read(events_store).row(0, named=True)
    assert (log["pengguna"], log["aksi"]) == ("rencana-cepu", "kegiatan_tambah") and "33.16.05" in log["rincian"]


def test_a_bound_planner_cannot_change_or_delete_another_kecamatans_event(events_store):
    before = stored_events(events_store)
    jati = event_of(events_store, JATI)
    with pytest.raises(OutOfScope):
        kegiatan_edit.update_kegiatan(
            jati,
            Kegiatan(date(2020, 3, 2), "rakor", "33.16.05", "Diambil alih"),
            "rencana-cepu",
            events_store,
            scope=CEPU,
            cfg=CFG,
        )
    with pytest.raises(OutOfScope):
        kegiatan_edit.delete_kegiatan(jati, "rencana-cepu", events_store, scope=CEPU, cfg=CFG)
    # nor move their own event out of their kecamatan
    cepu = event_of(events_store, "33.16.05")
    with pytest.raises(OutOfScope):
        kegiatan_edit.update_kegiatan(
            cepu,
            Kegiatan(date(2020, 3, 2), "rakor", "33.16", "Ke kabupaten"),
            "rencana-cepu",
            events_store,
            scope=CEPU,
            cfg=CFG,
        )
    assert stored_events(events_store) == before
    kegiatan_edit.delete_kegiatan(cepu, "rencana-cepu", events_store, scope=CEPU, cfg=CFG)
    assert [row[0] for row in stored_events(events_store)] == [jati]


def test_imports_refusals_and_undos_are_in_the_audit_log(tmp_path, exports):
    store = base_store(tmp_path, exports)
    summary = batches.ingest_submissions(exports["export_1"], store, "operator-kabupaten", cfg=CFG)
    with pytest.raises(ImportRefused):
        batches.ingest_submissions(exports["export_2"], store, "operator-cepu", scope=CEPU, cfg=CFG)
    batches.undo(summary.impor_id, "operator-kabupaten", store, cfg=CFG)
    log = audit.read(store).sort("waktu")
    assert log.select("pengguna", "aksi").rows() == [
        ("operator-kabupaten", "impor"),
        ("operator-cepu", "impor_ditolak"),
        ("operator-kabupaten", "batal_impor"),
    ]
    assert log["rincian"][1] == "export_2020-04-03.csv: impor_luar_cakupan"


def test_a_kecamatan_sees_in_the_import_history_only_the_imports_that_carried_its_rows(tmp_path, exports):
    store = base_store(tmp_path, exports)
    kabupaten = batches.ingest_submissions(exports["export_1"], store, "operator-kabupaten", cfg=CFG)
    jati = tmp_path / "jati.csv"
    pl.read_csv(exports["export_2"], infer_schema=False).filter(pl.col("kode_desa").str.starts_with(JATI)).write_csv(
        jati
    )
    batches.ingest_submissions(jati, store, "operator-jati", scope=Scope(JATI), cfg=CFG)
    con = database.connect_reader(store)
    try:
        assert reports.impor(con, scope=CEPU)["impor_id"].to_list() == [kabupaten.impor_id]
        assert reports.impor(con, scope=KABUPATEN).height == 4  # targets, events and both exports
    finally:
        con.close()


def test_a_bound_operators_file_is_refused_for_an_unreadable_code_or_a_submission_moved_from_elsewhere(
    tmp_path, exports
):
    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "operator-kabupaten", cfg=CFG)
    cepu = pl.read_csv(cepu_only(exports["export_2"], tmp_path), infer_schema=False)
    unreadable = tmp_path / "kode_rusak.csv"
    pl.concat([cepu, cepu.head(1).with_columns(id_submisi=pl.lit("Z1"), kode_desa=pl.lit("kemarin"))]).write_csv(
        unreadable
    )
    # a Jati submission already stored, sent again as if it were Cepu's: storing it would take it from Jati
    jati_id = pl.read_csv(exports["export_1"], infer_schema=False).filter(pl.col("kode_desa").str.starts_with(JATI))
    moved = tmp_path / "pindah.csv"
    pl.concat([cepu, cepu.head(1).with_columns(id_submisi=pl.lit(jati_id["id_submisi"][0]))]).write_csv(moved)
    before = digest(store)
    for path in (unreadable, moved):
        with pytest.raises(ImportRefused) as refused:
            batches.ingest_submissions(path, store, "operator-cepu", scope=CEPU, cfg=CFG)
        assert refused.value.code == "impor_luar_cakupan", path.name
    assert digest(store) == before
