"""The dashboard on a store it did not write: one an older Pantau left (after an upgrade of the code), one that is
damaged, one a newer Pantau wrote. The first is brought to this schema as it opens; the others are named with what
to do, as the whole page, never a traceback."""

import os

import duckdb
import pytest

from sensus.store import database
from tests import fixtures
from tests.apptest import open_dashboard

PAGES = ("ringkasan", "kecamatan", "desa", "sosialisasi", "data")


def schema(store) -> str:
    con = database.connect_reader(store)
    try:
        return database.read_meta(con)["skema"]
    finally:
        con.close()


def report(store) -> list[tuple]:
    con = database.connect_reader(store)
    try:
        return con.sql("select * from rumah_tangga order by all").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("page", PAGES)
def test_an_older_store_opens_on_every_page_and_is_brought_to_this_schema(monkeypatch, tmp_path, fixture_store, page):
    store = fixtures.copy_store(fixture_store[0], tmp_path / "lama")
    fixtures.schema_3(store)
    counted = report(store)
    app = open_dashboard(monkeypatch, store, page)
    # the data page read impor_oleh's column `alasan`, which schema 3 does not have: it failed with a CatalogException
    assert [e.value for e in app.exception] == []
    assert [e.value for e in app.error] == []
    assert app.title, "the page drew nothing"
    assert schema(store) == str(database.SCHEMA_VERSION)
    assert report(store) == counted


def damage(store) -> None:
    data = bytearray(store.read_bytes())
    data[4096:12288] = os.urandom(8192)
    store.write_bytes(bytes(data))


def newer(store) -> None:
    con = duckdb.connect(str(store))
    con.execute("update meta set nilai = '99' where kunci = 'skema'")
    con.close()


@pytest.mark.parametrize(
    ("spoil", "says"),
    [(damage, "rusak atau terpotong"), (newer, "perbarui Pantau")],
    ids=["damaged", "newer_schema"],
)
def test_a_store_the_dashboard_cannot_read_is_the_whole_page_with_its_remedy(
    monkeypatch, tmp_path, fixture_store, spoil, says
):
    store = fixtures.copy_store(fixture_store[0], tmp_path / "rusak")
    spoil(store)
    spoiled = store.read_bytes()
    app = open_dashboard(monkeypatch, store, "ringkasan")
    assert [e.value for e in app.exception] == []
    assert len(app.error) == 1 and says in app.error[0].value and str(store) in app.error[0].value
    assert not app.metric and not app.get("plotly_chart")
    assert store.read_bytes() == spoiled
