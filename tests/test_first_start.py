"""The first start without a store, with the demo on (PANTAU_DEMO=1): the demo store is built behind one progress
bar in plain words, and the bar is gone once the page draws. (Without the demo on, no demo is built:
tests/test_security_demo.py.)"""

import pytest

from sensus.app import context
from sensus.core import config
from sensus.demo import builder
from tests.apptest import open_dashboard

pytestmark = pytest.mark.slow  # every test renders pages with AppTest


def texts(app) -> str:
    """Every text the run left on the page, main area and sidebar."""
    return repr(app.main) + repr(app.sidebar)


def test_the_build_reports_its_stages_in_order_with_growing_shares(tmp_path):
    seen = []
    builder.build(
        tmp_path / "sensus.duckdb", config.read(), progress=lambda _text: None, stage=lambda *a, **kw: seen.append(a)
    )
    names = [name for name, _ in seen]
    assert [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n] == list(builder.STAGES)
    shares = [done for _, done in seen]
    assert shares == sorted(shares) and shares[0] == 0.0 and shares[-1] == 1.0
    assert names.count("impor") == 7  # one per simulated export


def test_the_first_start_leaves_a_clean_page(monkeypatch, tmp_path):
    monkeypatch.setenv("PANTAU_DEMO", "1")
    store = tmp_path / "baru" / "demo.duckdb"
    app = open_dashboard(monkeypatch, store)
    assert store.exists() and not app.exception
    shown = texts(app)
    # no file names, no build log, no lasting "ready" box: the overview as on any later visit
    assert "export_" not in shown and ".csv" not in shown and "Impor " not in shown
    assert "Data demo siap" not in shown and "membangun data demo" not in shown
    assert not app.get("expandable") and not app.get("progress")
    assert app.title[0].value == context.text("ringkasan_judul", "id", config.read())
