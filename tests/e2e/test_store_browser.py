"""A forwarded link on a store the dashboard cannot read (tests/test_store_upgrade.py has the AppTest side)."""

from harness import browser as harness
from tests import fixtures
from tests.e2e.helpers import ROOT, session_cookie
from tests.fixtures import damage


def test_the_message_is_the_page_at_any_page_path(browser, users_file, fixture_store, tmp_path):
    """A link to /data on a damaged store: the reason and remedy, not Streamlit's English "page not found" pop-up,
    and the link stays as sent."""
    store = fixtures.copy_store(fixture_store[0], tmp_path / "rusak")
    damage(store)
    with harness.serving(ROOT, store) as url:
        context = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
        context.add_cookies([session_cookie(url, "e2e-pimpinan")])
        page = context.new_page()
        page.goto(url + "/data?tanggal=2020-03-10")
        harness.wait_until_settled(page)
        assert "rusak atau terpotong" in page.get_by_test_id("stAlert").inner_text()
        assert page.get_by_text("Page not found").count() == 0
        assert page.url.endswith("/data?tanggal=2020-03-10")
        context.close()
