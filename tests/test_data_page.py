"""The Data page (AppTest): every download audited, rows shown bounded whatever the store holds, the villages
without submissions as of the page's day, the import history's download readable."""

import dataclasses
import io
import re
import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import duckdb
import openpyxl
import polars as pl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from sensus.app import context, tables
from sensus.auth import audit
from sensus.core import config, i18n
from sensus.core.config import Limits
from sensus.ingest import batches
from sensus.store import reports
from tests import apptest, fixtures
from tests.apptest import Counted, open_dashboard
from tests.fixtures import CFG

pytestmark = pytest.mark.slow  # every test renders pages with AppTest


@pytest.fixture
def deferred(monkeypatch) -> dict[str, object]:
    """The files the run offers, by file name, as the functions that build them on click (not called yet)."""
    offered = {}
    original = MediaFileManager.add_deferred

    def keeping(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        offered[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keeping)
    return offered


def click_outside_the_script(build) -> bytes:
    """Build a file as the server does on a click: on another thread, without the session's script context."""
    built = []
    worker = threading.Thread(target=lambda: built.append(build()))
    worker.start()
    worker.join()
    assert built, "the file was not built"
    return built[0]


def test_every_download_is_written_to_the_audit_log_when_it_is_made(monkeypatch, fixture_store, tmp_path, deferred):
    store = fixtures.copy_store(fixture_store[0], tmp_path / "store")
    app = open_dashboard(monkeypatch, store, "data", role="camat")
    assert not app.exception
    assert {"riwayat_impor.csv", "riwayat_impor.xlsx", "baris_ditolak.csv"} <= set(deferred)
    assert audit.read(store).filter(aksi="unduh").is_empty(), "offering a file is not downloading it"
    click_outside_the_script(deferred["riwayat_impor.xlsx"])
    click_outside_the_script(deferred["baris_ditolak.csv"])
    log = audit.read(store).filter(aksi="unduh")
    camat = apptest.test_user("camat").name
    assert sorted(log["rincian"].to_list()) == ["baris_ditolak.csv (33.16.01)", "riwayat_impor.xlsx (33.16.01)"]
    assert set(log["pengguna"]) == {camat}


def with_rejected_rows(store, n: int, imports: int = 1) -> None:
    """Add `n` rejected rows spread over the store's submissions imports, as hostile files would leave them (the
    importer caps what one import keeps: many imports together still add up); their lines follow the fixture's
    own rejected lines (97–99), so every import's lines stay distinct."""
    con = duckdb.connect(str(store))
    ids = [row[0] for row in con.sql("select impor_id from impor where jenis = 'submisi' order by 1").fetchall()]
    con.execute(
        """
        insert into baris_ditolak
        select $ids[1 + (i % len($ids))], 'ekspor_' || (i % $imports) || '.csv', i + 1000, 'kode_desa_tidak_dikenal',
            '33.16.01.9' || lpad((i % 999)::varchar, 3, '0'), 'R' || i, '33.16.01.9999', '2020-03-01 10:00', '2',
            'respon'
        from range($n) as r(i)
        """,
        {"ids": ids, "n": n, "imports": imports},
    )
    con.close()


def rejected_table(app):
    return next(frame for frame in app.dataframe if {"baris", "alasan", "nilai"} <= set(frame.value.columns))


def test_the_data_page_shows_30000_rejected_rows_a_page_at_a_time(monkeypatch, fixture_store, tmp_path, deferred):
    store = fixtures.copy_store(fixture_store[0], tmp_path / "store")
    with_rejected_rows(store, 35_000, imports=40)

    def every_row(*args, **kwargs):
        raise AssertionError("the page fetched every rejected row of the store")

    # the page asks DuckDB for counts and one page, never for the whole table (bench/data_page_memory.py: memory)
    monkeypatch.setattr(reports, "baris_ditolak", every_row)
    app = open_dashboard(monkeypatch, store, "data", role="operator")
    assert not app.exception
    rejected = next(
        frame for frame in app.dataframe if "Alasan" in frame.value.columns or "alasan" in frame.value.columns
    )
    assert len(rejected.value) == tables.ROWS_PER_PAGE
    # the last page holds the rest, the download every row
    page = next(n for n in app.number_input if n.key.startswith("tabel_ditolak_halaman"))
    page.set_value(page.max).run()
    assert not app.exception
    rejected = next(
        frame for frame in app.dataframe if "Alasan" in frame.value.columns or "alasan" in frame.value.columns
    )
    total = 35_000 + 3  # and the fixture's own three
    assert len(rejected.value) == total - (page.max - 1) * tables.ROWS_PER_PAGE
    csv = click_outside_the_script(deferred["baris_ditolak.csv"])
    assert csv.decode("utf-8-sig").count("\n") == total + 1


def villages_without(app) -> pl.DataFrame:
    return next(
        f.value
        for f in app.dataframe
        if {"kode", "kk_target"} <= set(f.value.columns) and "jumlah_submisi" not in f.value.columns
    )


@pytest.mark.parametrize("tanggal", ["2020-02-16", "2020-02-20", "2020-03-31"])
def test_villages_without_submissions_follow_the_as_of_day(monkeypatch, fixture_store, tanggal):
    counted = Counted(fixture_store[1])
    expected = counted.desa(date.fromisoformat(tanggal)).filter(pl.col("kk_respon") == 0)["kode"].to_list()
    app = open_dashboard(monkeypatch, fixture_store[0], "data", role="operator", tanggal=tanggal)
    assert not app.exception
    assert sorted(villages_without(app)["kode"].to_list()) == sorted(expected)
    hari = i18n.tanggal(date.fromisoformat(tanggal), "id")
    said = context.text("desa_tanpa_submisi_bantuan", "id", config.read(), n=len(expected), tanggal=hari)
    assert said in [c.value for c in app.caption]


@pytest.mark.parametrize(("bahasa", "ya", "tidak"), [("id", "ya", "tidak"), ("en", "yes", "no")])
def test_the_import_history_download_reads_as_the_page(
    monkeypatch, fixture_store, tmp_path, deferred, bahasa, ya, tidak
):
    """Yes/no in the words every table and download of the dashboard uses (sensus.app.exports)."""
    store = fixtures.copy_store(fixture_store[0], tmp_path / "store")
    last = max(batches.undo_choices(store)["impor_id"])
    batches.undo(last, "uji", store, cfg=CFG)
    app = open_dashboard(monkeypatch, store, "data", role="operator", bahasa=bahasa)
    assert not app.exception
    sheet = openpyxl.load_workbook(io.BytesIO(click_outside_the_script(deferred["riwayat_impor.xlsx"]))).active
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[0]
    # every header in the viewer's words: none is a column name of the store
    assert not [h for h in headers if re.fullmatch(r"[a-z_]+", h)], headers
    undone = [row[headers.index(i18n.t("kolom_is_dibatalkan", bahasa))] for row in rows[1:]]
    assert sorted(set(undone)) == sorted({ya, tidak}) and undone.count(ya) == 1
    waktu = [row[headers.index(i18n.t("kolom_waktu_impor", bahasa))] for row in rows[1:]]
    assert all(isinstance(value, datetime) for value in waktu), waktu
    # in WIB: the store's clock time of the last import, seven hours ahead of UTC
    stored = duckdb.connect(str(store), read_only=True).sql("select max(waktu_impor) from impor").fetchall()[0][0]
    # (a spreadsheet cell keeps milliseconds)
    wib = stored.astimezone(ZoneInfo("Asia/Jakarta")).replace(tzinfo=None)
    assert abs(max(waktu) - wib) < timedelta(milliseconds=1)


def test_a_page_of_rejected_rows_is_that_slice_of_them_all_across_imports(fixture_store, tmp_path):
    from sensus.core.scope import KABUPATEN
    from sensus.store import database

    store = fixtures.copy_store(fixture_store[0], tmp_path / "store")
    with_rejected_rows(store, 2_501)
    con = database.connect_reader(store)
    try:
        counts = reports.ringkasan_ditolak(con, scope=KABUPATEN)
        impor = tuple(counts["impor_id"].unique())
        assert len(impor) == 2  # the fixture's two exports: pages below cross from one to the other
        everything = reports.halaman_ditolak(con, impor, scope=KABUPATEN)
        assert everything.height == counts["n"].sum() == 2_504
        first_import = counts.filter(pl.col("impor_id") == max(impor))["n"].sum()
        for mulai in (0, 500, first_import - 7, first_import, 2_500):
            page = reports.halaman_ditolak(con, impor, (), mulai, 500, scope=KABUPATEN)
            assert page.equals(everything.slice(mulai, 500)), mulai
        reason = reports.halaman_ditolak(con, impor, ("jumlah_art_bukan_angka",), 0, 500, scope=KABUPATEN)
        assert reason["baris"].to_list() == [99]
    finally:
        con.close()


def test_taking_the_whole_audit_log_is_itself_in_the_audit_log(monkeypatch, fixture_store, tmp_path, deferred):
    store = fixtures.copy_store(fixture_store[0], tmp_path / "store")
    audit.record("bu-kepala", "masuk_ok", "pimpinan", store)  # a log with one event: the page offers the whole of it
    app = open_dashboard(monkeypatch, store, "audit", role="operator")
    assert not app.exception
    before = audit.read(store).filter(aksi="unduh").height
    click_outside_the_script(deferred["log_audit.csv"])
    log = audit.read(store).filter(aksi="unduh")
    assert log.height == before + 1
    assert log["rincian"].to_list()[-1] == "log_audit.csv"


def test_an_import_that_kept_only_its_first_rejected_lines_says_how_many_it_rejected(
    monkeypatch, fixture_store, tmp_path
):
    """The cap on kept lines (pantau.toml [impor] baris_ditolak_maks) is said on the page, not hidden: the data
    officer reads how many lines the file rejected, not only the ones kept; an undo takes the counts with it."""
    store = fixtures.copy_store(fixture_store[0], tmp_path / "store")
    kept_three = dataclasses.replace(CFG, impor=Limits(baris_ditolak_maks=3))
    path = tmp_path / "banyak_salah.csv"
    path.write_text(
        "id_submisi,kode_desa,waktu_submit,jumlah_art\n"
        + "".join(f"X{i},3316999999,2020-03-02 08:00:00,2\n" for i in range(40))
    )
    done = batches.ingest_submissions(path, store, "operator-uji", cfg=kept_three)
    app = open_dashboard(monkeypatch, store, "data", role="operator")
    assert not app.exception
    said = [c.value for c in app.caption if "banyak_salah.csv" in c.value]
    assert said == [
        "banyak_salah.csv: 40 baris ditolak; 3 baris pertama disimpan dan ditampilkan (hitungan per alasan "
        "mencakup semuanya)."
    ]
    # a camat is not told a file's counts: a file holds every kecamatan
    camat = open_dashboard(monkeypatch, store, "data", role="camat")
    assert not camat.exception
    assert not [c.value for c in camat.caption if "banyak_salah.csv" in c.value]
    batches.undo(done.impor_id, "operator-uji", store, cfg=CFG)
    con = duckdb.connect(str(store), read_only=True)
    left = con.sql("select count(*) from ditolak_alasan where impor_id = $id", params={"id": done.impor_id}).fetchall()
    con.close()
    assert left == [(0,)]


def test_the_events_list_shows_a_page_at_a_time_whatever_the_events_files_held(monkeypatch, fixture_store, tmp_path):
    """Events come from files too: 1,200 of them show a page at a time, as rejected rows do (issue 18)."""
    store = fixtures.copy_store(fixture_store[0], tmp_path / "store")
    con = duckdb.connect(str(store))
    con.execute(
        """
        insert into kegiatan
        select 10000 + i, date '2020-02-16' + (i % 40)::integer, 'sosialisasi', '33.16.01', 'acara ' || i, false, null
        from range(1200) as r(i)
        """
    )
    con.close()
    app = apptest.open_tab(open_dashboard(monkeypatch, store, "sosialisasi", role="perencana"), 3)
    assert not app.exception
    events = next(frame for frame in app.dataframe if "keterangan" in frame.value.columns)
    assert len(events.value) == tables.ROWS_PER_PAGE
    assert any(n.key.startswith("tabel_kegiatan_halaman") for n in app.number_input)
