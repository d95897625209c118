"""Demo output that leaves the screen says it is simulated: the daily message (page and CLI, both languages),
its chart picture (with the area named and whole axis labels), every chart's toolbar PNG, the priority print."""

import json
import subprocess
import sys

import plotly.graph_objects as go
import pytest

from sensus.analysis import daily_message
from sensus.app.charts import base
from sensus.app.views import planning as sosialisasi
from sensus.core import config, i18n
from sensus.core.paths import ROOT
from tests.apptest import open_dashboard

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

DAY = "2020-03-10"
CFG = config.read()  # the region the demo store is built for and the pages name


def report_text(store, *options: str) -> str:
    """What `python -m sensus --store STORE report --format text OPTIONS` prints, as a data officer runs it."""
    command = [sys.executable, "-m", "sensus", "--store", str(store), "report", "--format", "text", *options]
    return subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True).stdout


@pytest.mark.parametrize("bahasa", ["id", "en"])
def test_the_cli_message_of_a_demo_store_says_simulated_first_and_last(demo_store, bahasa):
    text = report_text(demo_store, "--date", DAY, "--lang", bahasa).strip().splitlines()
    note = i18n.t("wa_simulasi", bahasa)
    assert text[0] == note and text[-1] == note
    assert text[2] == i18n.t("wa_judul", bahasa, wilayah=CFG.nama_kab)


def test_a_real_store_message_carries_no_note(fixture_store):
    assert i18n.t("wa_simulasi", "id") not in report_text(fixture_store[0])


@pytest.mark.parametrize(("bahasa", "judul"), [("id", "Kecamatan Cepu"), ("en", "Cepu District")])
def test_a_camats_message_names_the_kecamatan_not_the_bare_name_of_a_kelurahan(demo_store, bahasa, judul):
    text = report_text(demo_store, "--date", DAY, "--lang", bahasa, "--kecamatan", "33.16.05")
    assert i18n.t("wa_judul", bahasa, wilayah=judul) in text
    assert daily_message.wilayah_pesan(CFG.kode_kab, CFG.nama_kab) == CFG.nama_kab


def chart_specs(app) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]


PAGES = [
    (None, "pimpinan", {}, None),
    ("kecamatan", "pimpinan", {"kec": "33.16.05"}, None),
    ("desa", "pimpinan", {"desa": "33.16.05.2001"}, None),
    # the tabs that draw charts: uplift, forecast, events (the priority list and the message draw none on the page)
    *[("sosialisasi", "perencana", {}, tab) for tab in (1, 2, 3)],
]


@pytest.mark.parametrize(("page", "role", "query", "tab"), PAGES, ids=str)
def test_every_chart_of_a_demo_store_carries_the_simulated_label(monkeypatch, demo_store, page, role, query, tab):
    """Plotly's toolbar PNG is a picture of the chart as shown: the label on the chart is in every such PNG."""
    app = open_dashboard(monkeypatch, demo_store, page, role=role, tanggal=DAY, bahasa="en", **query)
    if tab is not None:
        app.session_state[sosialisasi.OPEN_TAB] = tab
        app.session_state[sosialisasi.TAB] = None
        app.run()
    assert not app.exception
    specs = chart_specs(app)
    assert specs
    for spec in specs:
        labels = [a for a in spec["layout"].get("annotations", []) if a.get("name") == base.SIMULASI]
        # every chart with data, except one of published (real) figures only
        simulated = bool(spec.get("data")) and spec["layout"].get("meta") != base.TERBIT
        assert len(labels) == simulated, spec["layout"].get("title")
        assert all(a["text"] == "SIMULATED DATA" for a in labels)


def test_the_published_figures_chart_of_a_demo_store_is_not_labelled_simulated(monkeypatch, demo_store):
    app = open_dashboard(monkeypatch, demo_store, None, tanggal=DAY)
    (published,) = [s for s in chart_specs(app) if s["layout"].get("meta") == base.TERBIT]
    assert published["data"]
    assert not [a for a in published["layout"].get("annotations", []) if a.get("name") == base.SIMULASI]


def test_a_real_stores_charts_carry_no_label(monkeypatch, fixture_store):
    app = open_dashboard(monkeypatch, fixture_store[0], None)
    assert not app.exception
    for spec in chart_specs(app):
        assert not [a for a in spec["layout"].get("annotations", []) if a.get("name") == base.SIMULASI]


def test_the_message_picture_names_the_area_and_date_keeps_axis_labels_and_says_simulated():
    figure = go.Figure(go.Scatter(x=[1, 2], y=[3, 4]))
    figure.update_yaxes(ticksuffix=" %")
    image = base.untuk_gambar(figure, "Perkiraan · Kecamatan Cepu", "Data per Selasa, 10 Maret 2020", "id", True)
    assert "Kecamatan Cepu" in image.layout.title.text and "10 Maret 2020" in image.layout.title.text
    assert image.layout.yaxis.automargin and image.layout.margin.l >= 60
    assert [a.text for a in image.layout.annotations] == ["DATA SIMULASI"]
    assert not base.untuk_gambar(figure, "x", "y", "id", False).layout.annotations
    assert figure.layout.title.text is None  # the page's figure is left as it was


def test_the_message_tab_png_is_the_labelled_picture(monkeypatch, demo_store):
    pictures = []
    to_image = go.Figure.to_image
    monkeypatch.setattr(go.Figure, "to_image", lambda self, **kw: pictures.append(self) or to_image(self, **kw))
    app = open_dashboard(monkeypatch, demo_store, "sosialisasi", role="perencana", tanggal=DAY)
    app.session_state[sosialisasi.OPEN_TAB] = 4
    app.session_state[sosialisasi.TAB] = None
    app.run()
    message = app.code[0].value
    assert message.splitlines()[0] == i18n.t("wa_simulasi", "id")
    next(button for button in app.button if button.label == i18n.t("buat_png")).click().run()
    assert not app.exception
    (picture,) = pictures
    assert CFG.nama_kab in picture.layout.title.text and "10 Maret 2020" in picture.layout.title.text
    assert any(a.text == "DATA SIMULASI" and a.yanchor == "bottom" for a in picture.layout.annotations)
