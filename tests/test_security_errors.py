"""No traceback or server path ever reaches a viewer: Streamlit shows none of an exception's details, and a store
truncated in place is the sign-in form for a visitor and a message naming no path for the signed-in."""

import subprocess
import sys
from pathlib import Path

import pytest

from sensus.core import i18n
from tests import fixtures
from tests.apptest import open_dashboard

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

ROOT = Path(__file__).resolve().parents[1]


def test_streamlit_shows_no_exception_details_to_a_viewer():
    shown = subprocess.run(
        [sys.executable, "-m", "streamlit", "config", "show"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    # the effective value, as the server started in this folder reads .streamlit/config.toml
    assert [line for line in shown.splitlines() if line.startswith("showErrorDetails")] == ['showErrorDetails = "none"']


@pytest.mark.parametrize("keep", [0, 4096, 0.5])
def test_a_store_truncated_in_place_shows_no_traceback_and_no_path(monkeypatch, fixture_store, tmp_path, keep):
    store = fixtures.copy_store(fixture_store[0], tmp_path / "terpotong")
    with open(store, "r+b") as handle:
        handle.truncate(int(store.stat().st_size * keep) if isinstance(keep, float) else keep)
    visitor = open_dashboard(monkeypatch, store, role=None)
    assert not visitor.exception and [t.value for t in visitor.title] == [i18n.t("masuk_judul")]
    viewer = open_dashboard(monkeypatch, store, role="pimpinan")
    assert not viewer.exception
    (error,) = viewer.error
    assert error.value == i18n.t("penyimpanan_rusak_baca", penyimpanan=store.name)
    assert str(tmp_path) not in repr(viewer.main) + repr(viewer.sidebar)
