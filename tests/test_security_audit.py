"""The audit page stays bounded whatever the journal holds: the newest events on the page, all of them in a download
made on click; the journal is read from its end."""

import json
from datetime import UTC, datetime, timedelta

import polars as pl
import pytest

from sensus.app.views import audit as audit_view
from sensus.auth import audit
from sensus.core import i18n
from tests import fixtures
from tests.apptest import open_dashboard

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

EVENTS = 70_000


def write_journal(store, n: int) -> None:
    start = datetime(2020, 3, 1, tzinfo=UTC)
    with open(audit.journal_path(store), "w", encoding="utf-8") as journal:
        for i in range(n):
            event = {
                "waktu": (start + timedelta(seconds=i)).isoformat(),
                "pengguna": f"u{i % 7}",
                "aksi": "masuk_gagal",
            }
            journal.write(json.dumps({**event, "rincian": f"#{i}"}) + "\n")


@pytest.fixture
def busy_store(fixture_store, tmp_path):
    store = fixtures.copy_store(fixture_store[0], tmp_path / "sibuk")
    write_journal(store, EVENTS)
    return store


def test_the_newest_events_are_read_from_the_end_of_the_journal(busy_store):
    newest = audit.read(busy_store, newest=5)
    assert newest["rincian"].to_list() == [f"#{i}" for i in range(EVENTS - 1, EVENTS - 6, -1)]
    assert audit.count(busy_store) == EVENTS
    assert audit.read(busy_store).height == EVENTS


def test_70000_audit_events_render_a_bounded_page(monkeypatch, busy_store):
    app = open_dashboard(monkeypatch, busy_store, "audit", role="operator")
    assert not app.exception
    (table,) = app.dataframe
    assert len(table.value) == audit_view.SHOWN < EVENTS
    assert table.value.iloc[0].tolist()[-1] == f"#{EVENTS - 1}"
    shown = i18n.t("audit_ditampilkan", "id", n=audit_view.SHOWN, total=EVENTS)
    assert shown in [caption.value for caption in app.caption]
    labels = [button.proto.label for button in app.get("download_button")]
    assert labels.count(i18n.t("audit_unduh_semua", "id")) == 1


def test_the_full_log_downloads_every_event(busy_store):
    from sensus.app import exports

    full = pl.read_csv(exports.csv_bytes(audit.read(busy_store), None, None))
    assert full.height == EVENTS
