"""Issue 12: the data page follows the as-of day. On the tiny store export_2020-03-06.csv carries data up to
6 March (and the three rejected rows), export_2020-04-03.csv up to 3 April."""

from datetime import date

import pytest

from sensus.core import i18n
from sensus.store import database
from tests.apptest import metrics, open_dashboard
from tests.helpers.elements import dataframe

pytestmark = pytest.mark.slow  # every test renders pages with AppTest


@pytest.fixture(scope="module")
def con(fixture_store):
    return database.connect_reader(fixture_store[0])


def captions(app) -> str:
    return " ".join(caption.value for caption in app.caption)


def test_imports_after_the_as_of_day_are_marked_later_and_the_freshness_is_of_that_day(monkeypatch, fixture_store, con):
    day = date(2020, 3, 10)
    app = open_dashboard(monkeypatch, fixture_store[0], "data", tanggal=day.isoformat())
    assert not app.exception, app.exception
    history = dataframe(app, "berkas", "waktu_impor")
    marked = dict(zip(history["berkas"], history["per_tanggal"], strict=True))
    assert marked == {
        "export_2020-04-03.csv": "sesudahnya",
        "export_2020-03-06.csv": "sudah ada",
        "kegiatan.csv": "sudah ada",
        "target.csv": "sudah ada",
    }
    assert "1 impor membawa data sesudah 10 Mar 2020" in captions(app)
    # the rejected rows of the import already there are shown
    assert len(dataframe(app, "berkas", "baris", "alasan")) == 3

    last_submission, submissions = con.sql(
        "select max(waktu_submit), count(*) from submisi where tanggal <= $d", params={"d": day}
    ).fetchall()[0]
    last_day = con.sql(
        "select max(tanggal) from capaian_harian_desa where kk_baru > 0 and tanggal <= $d", params={"d": day}
    ).fetchall()[0][0]
    shown = metrics(app)
    assert shown["Submisi terakhir"] == i18n.tanggal(last_submission)
    assert shown["Hari terakhir ada respon"] == i18n.tanggal(last_day)
    assert f"Sampai 10 Mar 2020: {i18n.angka(submissions)} submisi tersimpan" in captions(app)


def test_rejected_rows_of_a_later_import_are_left_out_and_said_so(monkeypatch, fixture_store):
    app = open_dashboard(monkeypatch, fixture_store[0], "data", tanggal="2020-03-05", bahasa="en")
    assert not app.exception, app.exception
    assert dataframe(app, "berkas", "baris", "alasan") is None
    assert "3 rejected rows from imports after 5 Mar 2020 are not shown" in captions(app)
    history = dataframe(app, "berkas", "waktu_impor")
    assert set(history.loc[history["jenis"] == "submissions", "per_tanggal"]) == {"later"}
