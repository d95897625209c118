"""The dashboard on a store it did not write: one an older Pantau left (after an upgrade of the code), one that is
damaged, one a newer Pantau wrote. The first is brought to this schema as it opens; the others are named with what
to do, as the whole page, never a traceback."""

import duckdb
import pytest

from sensus.core import config
from sensus.store import database
from tests import fixtures
from tests.apptest import open_dashboard
from tests.fixtures import damage

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

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
    assert len(app.error) == 1 and says in app.error[0].value and store.name in app.error[0].value
    assert str(store.parent) not in app.error[0].value  # the file's name, never the server's path
    assert not app.metric and not app.get("plotly_chart")
    assert store.read_bytes() == spoiled


def test_an_upgrade_that_finds_the_store_current_publishes_nothing(tmp_path, fixture_store):
    """Two servers may both find a store old; the second, behind the writer lock, must not publish a copy (every
    cache of every replica would miss for nothing)."""
    store = fixtures.copy_store(fixture_store[0], tmp_path / "kini")
    published = database.version_key(store)
    cfg = config.read()
    with pytest.raises(database.AlreadyCurrent), database.open_writer(store, cfg, upgrade_only=True):
        pass
    assert database.version_key(store) == published
    database.connect_current(store, cfg).close()
    assert database.version_key(store) == published
    assert not list(store.parent.glob(".*tmp-*")), "the draft is left behind"


def test_a_duckdb_file_that_is_not_a_store_is_named_damaged(tmp_path):
    path = tmp_path / "sensus.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table lain (x integer)")
    con.close()
    with pytest.raises(database.StoreError) as refused:
        database.connect_current(path, config.read())
    assert refused.value.code == "penyimpanan_rusak"


def test_a_store_that_cannot_be_opened_is_tried_once_per_file_not_on_every_rerun(monkeypatch, tmp_path, fixture_store):
    """An older store whose upgrade fails would otherwise be copied and migrated again on every viewer's rerun."""
    store = fixtures.copy_store(fixture_store[0], tmp_path / "rusak")
    damage(store)
    tried = []
    real = database.connect_current
    monkeypatch.setattr(database, "connect_current", lambda path, cfg: tried.append(path) or real(path, cfg))
    app = open_dashboard(monkeypatch, store, "ringkasan")
    app.run()
    app.run()
    assert len(app.error) == 1 and "rusak atau terpotong" in app.error[0].value
    assert len(tried) == 1
