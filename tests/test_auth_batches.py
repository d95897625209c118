"""Dry run, import with its record, and undo of one batch (sensus.ingest.batches), on the tiny fixture exports."""

import hashlib
import threading

import polars as pl
import pytest

from sensus.core import config, i18n
from sensus.core.scope import KABUPATEN
from sensus.ingest import batches
from sensus.ingest.sources import ImportRefused
from sensus.store import database
from tests import fixtures
from tests.fixtures import base_store

pytestmark = pytest.mark.slow  # imports and undos on a dozen stores: about 13 s in all

CFG = config.read()
ROWS = "select * exclude (impor_pertama, impor_terakhir) from submisi order by id_submisi"


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    return fixtures.write_exports(tmp_path_factory.mktemp("exports"))


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
    batches.ingest_submissions(exports["export_1"], store, "uji", cfg=CFG)
    before, version = digest(store), database.version_key(store)
    trial = batches.dry_run(exports["export_2"], store, cfg=CFG)
    assert digest(store) == before and database.version_key(store) == version
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [], "no scratch left behind"
    real = batches.ingest_submissions(exports["export_2"], store, "uji", cfg=CFG)
    for field in ("baris_dibaca", "submisi_baru", "rumah_tangga_baru", "diperbarui", "sama", "ditolak", "luar_jendela"):
        assert getattr(trial.summary, field) == getattr(real, field), field
    assert trial.summary.diperbarui > 0  # the second export updates rows of the first


def test_a_dry_run_lists_rejected_lines_with_reasons(tmp_path, exports):
    store = base_store(tmp_path, exports)
    trial = batches.dry_run(exports["export_1"], store, cfg=CFG)
    assert trial.summary.ditolak == 3
    assert trial.ditolak.rows() == [
        (97, "kode_desa_tidak_dikenal", "33.16.99.9999"),
        (98, "waktu_submit_tidak_terbaca", "kemarin"),
        (99, "jumlah_art_bukan_angka", "3 orang"),
    ]
    assert table(store, "select count(*) as n from submisi")["n"][0] == 0


def test_the_history_says_who_imported(tmp_path, exports):
    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "operator-blora", cfg=CFG)
    oleh = table(
        store, "select pengguna, is_bisa_batal from impor_oleh join impor using (impor_id) where jenis = 'submisi'"
    )
    assert oleh.rows() == [("operator-blora", True)]


def test_undoing_the_first_of_two_batches_leaves_what_the_second_alone_would(tmp_path, exports):
    (tmp_path / "both").mkdir()
    (tmp_path / "only").mkdir()
    both = base_store(tmp_path / "both", exports)
    batches.ingest_submissions(exports["export_1"], both, "uji", cfg=CFG)
    batches.ingest_submissions(exports["export_2"], both, "uji", cfg=CFG)
    only_second = base_store(tmp_path / "only", exports)
    batches.ingest_submissions(exports["export_2"], only_second, "uji", cfg=CFG)
    assert table(both).height != table(only_second).height  # the first batch added rows of its own

    first = table(both, "select min(impor_id) as i from impor where jenis = 'submisi'")["i"][0]
    batches.undo(first, "uji", both, cfg=CFG)

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
    batches.ingest_submissions(exports["export_1"], store, "uji", cfg=CFG)
    rows_before = table(store, "select * from submisi order by id_submisi")
    second = batches.ingest_submissions(exports["export_2"], store, "uji", cfg=CFG)
    assert second.diperbarui > 0
    last = table(store, "select max(impor_id) as i from impor")["i"][0]
    batches.undo(last, "uji", store, cfg=CFG)
    assert table(store, "select * from submisi order by id_submisi").equals(rows_before)


def test_both_undone_in_either_order_leave_no_submission(tmp_path, exports):
    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "uji", cfg=CFG)
    batches.ingest_submissions(exports["export_2"], store, "uji", cfg=CFG)
    first, second = table(store, "select impor_id from impor where jenis = 'submisi' order by 1")["impor_id"]
    batches.undo(first, "uji", store, cfg=CFG)
    batches.undo(second, "uji", store, cfg=CFG)
    assert table(store).is_empty()


def test_an_undone_file_can_be_imported_again(tmp_path, exports):
    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "uji", cfg=CFG)
    rows = table(store)
    batch = table(store, "select max(impor_id) as i from impor")["i"][0]
    batches.undo(batch, "uji", store, cfg=CFG)
    again = batches.ingest_submissions(exports["export_1"], store, "uji", cfg=CFG)
    assert not again.sudah_diimpor
    assert table(store).equals(rows)


def test_undo_is_refused_for_a_batch_already_undone_or_unknown(tmp_path, exports):
    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "uji", cfg=CFG)
    second = table(store, "select max(impor_id) as i from impor")["i"][0]
    batches.undo(second, "uji", store, cfg=CFG)
    with pytest.raises(batches.UndoRefused) as unknown:
        batches.undo(second + 1, "uji", store, cfg=CFG)
    assert unknown.value.code == "batal_tidak_ada"
    with pytest.raises(batches.UndoRefused) as again:
        batches.undo(second, "uji", store, cfg=CFG)
    assert again.value.code == "batal_sudah"


def test_a_refused_file_changes_nothing(tmp_path, exports):
    store = base_store(tmp_path, exports)
    bad = tmp_path / "tanpa_kolom.csv"
    bad.write_text("id_submisi,kode_desa\nA1,3316012001\n")
    before = digest(store)
    with pytest.raises(ImportRefused):
        batches.dry_run(bad, store, cfg=CFG)
    with pytest.raises(ImportRefused):
        batches.ingest_submissions(bad, store, "uji", cfg=CFG)
    assert digest(store) == before


def test_two_uploads_at_once_queue_and_both_land(tmp_path, exports):
    store = base_store(tmp_path, exports)
    errors = []

    def upload(name):
        try:
            batches.ingest_submissions(exports[name], store, name, cfg=CFG)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=upload, args=(n,)) for n in ("export_1", "export_2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    oleh = table(store, "select pengguna from impor_oleh join impor using (impor_id) where jenis = 'submisi'")
    assert sorted(oleh["pengguna"]) == ["export_1", "export_2"]
    assert table(store, "select count(*) as n from impor where jenis = 'submisi'")["n"][0] == 2


# ---- one bookkeeping, written by the import itself (issue 10) ----------------------------------------------------


def versi(path) -> int:
    return int(table(path, "select nilai from meta where kunci = 'versi'")["nilai"][0])


def test_one_upload_is_one_publish_that_holds_its_undo_record(tmp_path, exports):
    """No scratch import and no second write: the upload's single publish carries who and what undo needs."""
    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "uji", cfg=CFG)
    before = versi(store)
    second = batches.ingest_submissions(exports["export_2"], store, "uji", cfg=CFG)
    assert versi(store) == before + 1
    recorded = table(
        store,
        f"""select (select count(*) from batch_submisi where impor_id = {second.impor_id}) as dibawa,
            (select count(*) from batch_sebelum where impor_id = {second.impor_id}) as sebelum,
            (select pengguna from impor_oleh where impor_id = {second.impor_id}) as pengguna""",
    ).row(0, named=True)
    assert recorded == {
        "dibawa": second.submisi_baru + second.diperbarui + second.sama,
        "sebelum": second.diperbarui + second.sama,
        "pengguna": "uji",
    }


def test_a_command_line_import_is_recorded_and_undone_from_the_command_line(tmp_path, exports, capsys):
    from sensus.__main__ import cli_user, main

    store = base_store(tmp_path, exports)
    assert main(["--store", str(store), "ingest", str(exports["export_1"])]) == 0
    rows = table(store)
    assert main(["--store", str(store), "ingest", str(exports["export_2"])]) == 0
    out = capsys.readouterr().out
    batch = table(store, "select max(impor_id) as i from impor")["i"][0]
    assert f"python -m sensus undo {batch}" in out
    oleh = table(store, f"select pengguna, is_bisa_batal from impor_oleh where impor_id = {batch}")
    assert oleh.rows() == [(cli_user(), True)] and cli_user().startswith("cli")
    assert main(["--store", str(store), "--lang", "en", "undo", str(batch)]) == 0
    assert f"Import #{batch} undone" in capsys.readouterr().out
    assert table(store).equals(rows)
    assert main(["--store", str(store), "undo", str(batch)]) == 1
    assert "sudah dibatalkan" in capsys.readouterr().err
    assert table(store, "select pengguna from impor_batal").rows() == [(cli_user(),)]


def events_file(path, *rows) -> object:
    lines = ["tanggal,jenis,kode,keterangan", *(",".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


KEGIATAN = "select tanggal::varchar as tanggal, keterangan, impor_id from kegiatan order by tanggal, keterangan"


def test_undoing_an_events_file_removes_its_events_and_keeps_those_a_later_file_carried(tmp_path, exports):
    from datetime import date

    from sensus.ingest import kegiatan

    store = base_store(tmp_path, exports)
    fixture_events = table(store, KEGIATAN)
    a = batches.ingest(
        "kegiatan",
        events_file(
            tmp_path / "a.csv",
            ("2020-03-02", "rakor", "33.16.01", "A satu"),
            ("2020-03-03", "rakor", "33.16.01", "A dua"),
        ),
        store,
        "uji",
        cfg=CFG,
    )
    b = batches.ingest(
        "kegiatan",
        events_file(
            tmp_path / "b.csv", ("2020-03-02", "rakor", "33.16.01", "A satu"), ("2020-03-04", "rakor", "33.16.01", "B")
        ),
        store,
        "uji",
        cfg=CFG,
    )
    assert (a.submisi_baru, b.submisi_baru, b.sama) == (2, 1, 1)
    page = kegiatan.tambah(
        kegiatan.Kegiatan(date(2020, 3, 6), "rakor", "33.16.01", "Dari halaman"), store, "uji", scope=KABUPATEN, cfg=CFG
    )
    assert page.submisi_baru == 1

    assert batches.undo(a.impor_id, "uji", store, cfg=CFG) == batches.Batal("kegiatan", 1)
    left = table(store, KEGIATAN).filter(~pl.col("keterangan").is_in(fixture_events["keterangan"].to_list())).rows()
    # A's first event stays, now B's (B carried it); the page's event carries no batch
    assert left == [
        ("2020-03-02", "A satu", b.impor_id),
        ("2020-03-04", "B", b.impor_id),
        ("2020-03-06", "Dari halaman", None),
    ]
    assert batches.undo(b.impor_id, "uji", store, cfg=CFG) == batches.Batal("kegiatan", 2)
    assert table(store, KEGIATAN).filter(
        ~pl.col("keterangan").is_in(fixture_events["keterangan"].to_list())
    ).rows() == [("2020-03-06", "Dari halaman", None)]
    assert (
        table(store, KEGIATAN)
        .filter(pl.col("keterangan").is_in(fixture_events["keterangan"].to_list()))
        .equals(fixture_events)
    )

    page_batch = table(store, "select max(impor_id) as i from impor")["i"][0]
    with pytest.raises(batches.UndoRefused) as refused:
        batches.undo(page_batch, "uji", store, cfg=CFG)
    assert refused.value.code == "batal_kegiatan_halaman"
    choices = batches.undo_choices(store)
    assert choices.filter(pl.col("impor_id") == page_batch)["alasan"].to_list() == ["batal_kegiatan_halaman"]


TARGET = "select kode_desa, penduduk, kk, sumber from target order by kode_desa"


def test_undoing_a_targets_file_restores_the_targets_it_replaced(tmp_path, exports):
    store = base_store(tmp_path, exports)
    first = table(store, TARGET)

    def targets(name: str, penduduk: int):
        path = tmp_path / name
        first.with_columns(penduduk=pl.lit(penduduk), sumber=pl.lit(name)).write_csv(path)
        return batches.ingest("target", path, store, "uji", cfg=CFG)

    second = targets("t2.csv", 1000)
    assert table(store, TARGET)["penduduk"].to_list() == [1000] * first.height
    assert batches.undo(second.impor_id, "uji", store, cfg=CFG) == batches.Batal("target", first.height)
    assert table(store, TARGET).equals(first)
    # an earlier file undone leaves the later file's targets; undoing the later one then goes back before both
    again, third = targets("t2.csv", 1000), targets("t3.csv", 3000)
    batches.undo(again.impor_id, "uji", store, cfg=CFG)
    assert table(store, TARGET)["sumber"].unique().to_list() == ["t3.csv"]
    batches.undo(third.impor_id, "uji", store, cfg=CFG)
    assert table(store, TARGET).equals(first)


def test_an_older_store_keeps_undo_for_recorded_uploads_and_says_why_not_for_the_rest(tmp_path, exports):
    (tmp_path / "old").mkdir()
    (tmp_path / "only").mkdir()
    store = base_store(tmp_path / "old", exports)
    batches.ingest_submissions(exports["export_1"], store, "uji", cfg=CFG)  # the command line's, before schema 4
    batches.ingest_submissions(exports["export_2"], store, "operator", cfg=CFG)  # the dashboard's
    fixtures.schema_3(store)
    cli, upload = 3, 4
    events = events_file(tmp_path / "k.csv", ("2020-03-09", "rakor", "33.16.01", "Sesudah migrasi"))
    batches.ingest("kegiatan", events, store, "uji", cfg=CFG)  # any write migrates
    assert table(store, "select nilai from meta where kunci = 'skema'")["nilai"][0] == str(database.SCHEMA_VERSION)
    assert table(store, "select count(*) as n from duckdb_tables() where table_name = 'submisi_diganti'")["n"][0] == 0

    choices = {r["impor_id"]: r for r in batches.undo_choices(store).iter_rows(named=True)}
    assert choices[cli]["alasan"] == "batal_tidak_tercatat" and choices[cli]["pengguna"] is None
    assert choices[upload]["alasan"] is None and choices[upload]["pengguna"] == "operator"
    with pytest.raises(batches.UndoRefused) as refused:
        batches.undo(cli, "uji", store, cfg=CFG)
    assert refused.value.code == "batal_tidak_tercatat"
    from sensus.core import i18n

    assert "schema 4" in i18n.t(refused.value.code, "en", **refused.value.detail)

    only = base_store(tmp_path / "only", exports)
    batches.ingest_submissions(exports["export_1"], only, "uji", cfg=CFG)
    batches.undo(upload, "uji", store, cfg=CFG)
    assert table(store).equals(table(only))


def test_the_upload_page_offers_every_kind_and_says_which_cannot_be_undone_and_why(monkeypatch, tmp_path, exports):
    from tests.apptest import open_dashboard

    store = base_store(tmp_path, exports)
    batches.ingest_submissions(exports["export_1"], store, "uji", cfg=CFG)
    batches.ingest_submissions(exports["export_2"], store, "uji", cfg=CFG)
    fixtures.schema_3(store)  # the first submissions batch: a command-line import of an older Pantau
    batches.ingest(
        "kegiatan", events_file(tmp_path / "k.csv", ("2020-03-09", "rakor", "33.16.01", "K")), store, "uji", cfg=CFG
    )
    app = open_dashboard(monkeypatch, store, page="unggah", role="operator")
    assert not app.exception
    picker = next(s for s in app.selectbox if s.label == "Impor")
    labels = {option.split(" · ")[0]: option for option in picker.options}
    assert labels["#3"].endswith("tidak dapat dibatalkan")
    assert not labels["#4"].endswith("tidak dapat dibatalkan")
    assert labels["#5"].startswith("#5 · ") and "k.csv · uji" in labels["#5"]
    picker.set_value(3)
    next(c for c in app.checkbox if c.label == "Saya yakin ingin membatalkan impor ini").check()
    next(b for b in app.button if b.label == "Batalkan impor").click()
    app.run()
    (error,) = [e.value for e in app.error]
    reason = i18n.t("batal_tidak_tercatat", "id", impor_id=3, berkas="-").split(": ", 1)[1]
    assert reason in error and exports["export_1"].name in error
    # the events file is undone from the same list (a new visit of the page)
    app = open_dashboard(monkeypatch, store, page="unggah", role="operator")
    picker = next(s for s in app.selectbox if s.label == "Impor")
    picker.set_value(5)
    next(c for c in app.checkbox if c.label == "Saya yakin ingin membatalkan impor ini").check()
    next(b for b in app.button if b.label == "Batalkan impor").click()
    app.run()
    assert [s.value for s in app.success] == [i18n.t("batal_selesai_kegiatan", "id", impor_id=5, n="1")]
    assert table(store, "select count(*) as n from kegiatan where keterangan = 'K'")["n"][0] == 0


def test_undoing_an_update_of_every_value_restores_each_stored_value(tmp_path, exports):
    """A batch that changes every value of a stored submission (village, instant, persons, household, status),
    undone: each value is the stored one again, and so are the marts."""
    from tests.helpers.imports import row, write_csv

    store = base_store(tmp_path, exports)
    first = write_csv(
        tmp_path / "pertama.csv",
        [row("U1", no_kk="3316050101010001", jumlah_art="3"), row("U2", kode_desa="3316012001")],
    )
    changed = write_csv(
        tmp_path / "kedua.csv",
        [
            row(
                "U1",
                kode_desa="3316012002",
                waktu_submit="2020-03-09 10:30:00",
                jumlah_art="7",
                no_kk="3316050101010009",
                status="clean",
            )
        ],
    )
    batches.ingest_submissions(first, store, "uji", cfg=CFG)
    rows_before = table(store, "select * from submisi order by id_submisi")
    marts_before = table(store, "select * from capaian_harian_desa order by all")
    assert batches.ingest_submissions(changed, store, "uji", cfg=CFG).diperbarui == 1
    last = table(store, "select max(impor_id) as i from impor")["i"][0]
    batches.undo(last, "uji", store, cfg=CFG)
    assert table(store, "select * from submisi order by id_submisi").equals(rows_before)
    assert table(store, "select * from capaian_harian_desa order by all").equals(marts_before)
