"""The overview page under AppTest: its figures equal an independent count of the exports, and bad links get a
clear message."""

from datetime import date

import pytest

from sensus.core import config, i18n
from tests.apptest import Counted, metrics, open_dashboard

CFG = config.read()

pytestmark = pytest.mark.slow  # every test renders pages with AppTest


def test_overview_shows_the_counted_figures(monkeypatch, fixture_store):
    store_path, paths = fixture_store
    app = open_dashboard(monkeypatch, store_path)
    assert not app.exception
    counted = Counted(paths)
    kabupaten = counted.area(counted.last_day())
    shown = metrics(app)
    assert shown["Respon penduduk"] == i18n.persen(kabupaten["persen_penduduk"], "id", 2)
    assert shown["Respon rumah tangga"] == i18n.persen(kabupaten["persen_kk"], "id", 2)
    assert shown["Rumah tangga respon"] == i18n.angka(kabupaten["kk_respon"], "id")
    assert shown["Rumah tangga clean"] == i18n.angka(kabupaten["kk_clean"], "id")


def test_date_and_language_from_the_link(monkeypatch, fixture_store):
    store_path, paths = fixture_store
    app = open_dashboard(monkeypatch, store_path, tanggal="2020-02-29", bahasa="en")
    assert not app.exception
    kabupaten = Counted(paths).area(date(2020, 2, 29))
    shown = metrics(app)
    assert shown["Households responded"] == i18n.persen(kabupaten["persen_kk"], "en", 2)
    assert shown["Days left"] == "31"


@pytest.mark.parametrize("bad", ["2020-13-45", "kemarin", "2019-01-01"])
def test_a_bad_date_in_the_link_gets_a_message_not_a_traceback(monkeypatch, fixture_store, bad):
    app = open_dashboard(monkeypatch, fixture_store[0], tanggal=bad)
    assert not app.exception
    assert any(bad in warning.value or "2019" in warning.value for warning in app.warning)
    assert metrics(app)  # the page still shows, as of the last day with data


def test_a_store_without_targets_says_so(monkeypatch, tmp_path, fixture_store):
    from sensus.ingest import importer

    _, paths = fixture_store
    importer.load_submissions(paths["export_1"], tmp_path / "sensus.duckdb", cfg=CFG)
    app = open_dashboard(monkeypatch, tmp_path / "sensus.duckdb")
    assert not app.exception
    assert metrics(app)["Respon penduduk"] == "–"


@pytest.mark.parametrize(("bahasa", "shown"), [("id", "DD/MM/YYYY"), ("en", "YYYY/MM/DD")])
def test_the_date_picker_writes_the_day_first_in_indonesian(monkeypatch, fixture_store, bahasa, shown):
    app = open_dashboard(monkeypatch, fixture_store[0], tanggal="2020-02-29", bahasa=bahasa)
    picker = next(w for w in app.date_input if w.key == "tanggal")
    assert picker.proto.format == shown and picker.value == date(2020, 2, 29)


@pytest.mark.parametrize(("bahasa", "format_"), [("id", "%d %%"), ("en", "%d%%")])
def test_the_priority_weights_are_whole_percent_and_all_zero_gives_a_message(
    monkeypatch, fixture_store, bahasa, format_
):
    """The weight sliders showed 0.35 in Indonesian (a decimal point); whole percent needs no decimal sign. The
    score still weighs by fractions: every weight at 0 gives the zero-weights message, not a ranking."""
    from sensus.analysis import priority

    app = open_dashboard(monkeypatch, fixture_store[0], page="sosialisasi", tanggal="2020-03-10", bahasa=bahasa)
    sliders = {name: app.slider(key=f"bobot_{name}") for name in priority.BOBOT}
    assert {name: s.value for name, s in sliders.items()} == {n: round(w * 100) for n, w in priority.BOBOT.items()}
    assert {s.proto.format for s in sliders.values()} == {format_}
    for slider in sliders.values():
        slider.set_value(0)
    app.run()
    zero = priority.alasan_kosong(dict.fromkeys(priority.BOBOT, 0.0), bahasa)
    assert zero in [warning.value for warning in app.warning]


def test_the_planning_page_draws_its_open_tab_and_keeps_the_settings_of_the_others(monkeypatch, fixture_store):
    """Only the open tab is drawn, so Streamlit would forget the widgets of the others: the priority weights (which
    the answers at the top use) and a tab's own choices must outlive a visit to another tab (the language switch
    on an open tab: tests/e2e/test_sosialisasi_browser.py)."""
    from sensus.analysis import priority
    from tests.apptest import open_tab

    app = open_dashboard(monkeypatch, fixture_store[0], page="sosialisasi", tanggal="2020-03-10")
    assert app.slider and not app.code  # the priority tab is open, the message's is not drawn
    zero = priority.alasan_kosong(dict.fromkeys(priority.BOBOT, 0.0), "id")
    for name in priority.BOBOT:
        app.slider(key=f"bobot_{name}").set_value(0)
    app.number_input(key="prioritas_n").set_value(10)
    app.run()
    assert zero in [m.value for m in app.markdown]

    open_tab(app, 4)
    assert app.code and not app.number_input  # the message's tab, without the priority tab's widgets
    assert zero in [m.value for m in app.markdown], "the answers at the top lost the weights"

    open_tab(app, 0)
    assert {app.slider(key=f"bobot_{name}").value for name in priority.BOBOT} == {0}
    assert app.number_input(key="prioritas_n").value == 10


def test_the_next_viewer_after_a_sign_out_starts_without_the_last_ones_settings(monkeypatch, fixture_store):
    """The planning page keeps its settings while the viewer stays on it; a sign-out must not hand them (weights,
    row count, open tab) to whoever signs in next at the same browser."""
    from sensus.analysis import priority
    from sensus.app import signin
    from sensus.app.views import planning as sosialisasi
    from tests.apptest import open_tab, token

    app = open_dashboard(monkeypatch, fixture_store[0], page="sosialisasi", tanggal="2020-03-10")
    app.slider(key="bobot_sisa").set_value(0)
    app.number_input(key="prioritas_n").set_value(10)
    app.run()
    open_tab(app, 2)
    next(button for button in app.sidebar.button if button.key == "keluar").click()
    app.run()
    assert [t.value for t in app.title] == ["Masuk ke Pantau SP2020"]
    assert app.session_state["bahasa"] == "id"  # the browser's language stays
    for key in ("bobot_sisa", "prioritas_n", sosialisasi.OPEN_TAB):
        assert key not in app.session_state, key

    app.session_state[signin.TOKEN] = token("perencana")  # the next person signs in
    app.run()
    assert [tab.label for tab in app.tabs] and app.slider  # the first tab is open, not the forecast
    assert app.slider(key="bobot_sisa").value == round(priority.BOBOT["sisa"] * 100)
    assert app.number_input(key="prioritas_n").value == 30
