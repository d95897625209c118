"""The Data page (AppTest): every download audited, rows shown bounded whatever the store holds, the villages
without submissions as of the page's day, the import history's download readable."""

import threading

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from sensus.auth import audit
from tests import apptest, fixtures
from tests.apptest import open_dashboard


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
