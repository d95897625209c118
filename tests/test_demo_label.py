"""A demo store says it is simulated in the main area of every page (on a phone the sidebar is folded away)."""

import pytest

from sensus.core import i18n
from tests.apptest import open_dashboard

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

PAGES = ("ringkasan", "kecamatan", "desa", "sosialisasi", "data")


@pytest.mark.parametrize("page", PAGES)
def test_every_page_of_a_demo_store_says_simulated_in_the_main_area(monkeypatch, demo_store, page):
    app = open_dashboard(monkeypatch, demo_store, page)
    assert not app.exception
    assert i18n.t("label_demo_singkat", "id") in [caption.value for caption in app.main.caption]


def test_a_real_store_carries_no_demo_label(monkeypatch, fixture_store):
    app = open_dashboard(monkeypatch, fixture_store[0], "ringkasan")
    assert not app.exception
    assert i18n.t("label_demo_singkat", "id") not in [caption.value for caption in app.main.caption]
