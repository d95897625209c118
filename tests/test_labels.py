"""Issue 12, what the pictures mean: an area is told apart from its namesakes, a planned event is drawn and listed
as planned, and the events chart follows the measure. Units of analysis.labels, then the outreach and kecamatan
pages under AppTest on a copy of the tiny store with a kecamatan and a kelurahan of one name (Cepu)."""

from datetime import date

import pytest

from sensus.analysis import labels
from sensus.core import config, i18n
from sensus.core.scope import Scope
from sensus.ingest import kegiatan
from sensus.store import database, reports
from tests import fixtures
from tests.apptest import open_dashboard, open_tab
from tests.helpers.elements import dataframe, plotly_spec

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

# the fixture's events: Kec. Jati on 20 Feb, Kelurahan Cepu on 5 Mar; this module adds Kec. Cepu on 26 Feb
AS_OF = date(2020, 3, 1)  # Kelurahan Cepu's event of 5 Mar is still a plan on this day


def test_a_kecamatan_and_a_village_of_one_name_get_different_labels():
    assert labels.wilayah_label("33.16.05", "Cepu") == "Kec. Cepu"
    assert labels.wilayah_label("33.16.05.1014", "Cepu", "id", "Cepu", "kelurahan") == "Kelurahan Cepu, Kec. Cepu"
    assert labels.wilayah_label("33.16.12.2001", "Ngawen", "id", "Ngawen", "desa") == "Desa Ngawen, Kec. Ngawen"
    assert labels.wilayah_label("33.16.05", "Cepu", "en") == "Cepu district"
    assert (
        labels.wilayah_label("33.16.05.1014", "Cepu", "en", "Cepu", "kelurahan") == "Cepu urban village, Cepu district"
    )
    assert labels.wilayah_label("33.16", "Kabupaten Blora") == "Kabupaten Blora"


@pytest.fixture(scope="module")
def cepu_store(fixture_store, tmp_path_factory):
    path = fixtures.copy_store(fixture_store[0], tmp_path_factory.mktemp("cepu"))
    kegiatan.tambah(
        kegiatan.Kegiatan(date(2020, 2, 26), "rakor", "33.16.05", "Rakor Kec. Cepu"),
        path,
        scope=Scope(),
        cfg=config.read(),
    )
    return path


def test_the_events_report_carries_what_the_label_needs(cepu_store):
    events = reports.kegiatan(database.connect_reader(cepu_store), scope=Scope(), region=config.read().wilayah)
    shown = labels.with_wilayah_label(events, "id").select("kode", "nama_wilayah", "label_wilayah").rows()
    assert ("33.16.05", "Cepu", "Kec. Cepu") in shown
    assert ("33.16.05.1014", "Cepu", "Kelurahan Cepu, Kec. Cepu") in shown


def _timeline_areas(app) -> set[str]:
    return {y for trace in plotly_spec(app, "grafik_linimasa")["data"] for y in trace["y"]}


def test_outreach_page_tells_kec_cepu_from_kelurahan_cepu(monkeypatch, cepu_store):
    app = open_tab(open_dashboard(monkeypatch, cepu_store, page="sosialisasi", tanggal="2020-03-20"), 3)
    assert not app.exception, app.exception
    assert {"Kec. Cepu", "Kelurahan Cepu, Kec. Cepu", "Kec. Jati"} <= _timeline_areas(app)
    listed = dataframe(app, "keterangan", "label_wilayah")
    assert sorted(listed["label_wilayah"]) == ["Kec. Cepu", "Kec. Jati", "Kelurahan Cepu, Kec. Cepu"]
    open_tab(app, 1)
    # the uplift chart's rows name the area the same way (a bare "Cepu" would be two events on one row)
    uplift_rows = {y for trace in plotly_spec(app, "grafik_dampak")["data"] for y in trace.get("y", [])}
    areas = {row.split("<br>")[0] for row in uplift_rows}
    assert areas and areas <= {"Kec. Jati", "Kec. Cepu", "Kelurahan Cepu, Kec. Cepu"}, areas
    verdicts = dataframe(app, "vonis", "label_wilayah")
    assert "Kec. Cepu" in set(verdicts["label_wilayah"])

    english = open_dashboard(monkeypatch, cepu_store, page="sosialisasi", tanggal="2020-03-20", bahasa="en")
    open_tab(english, 3)
    assert {"Cepu district", "Cepu urban village, Cepu district"} <= _timeline_areas(english)


def test_an_event_after_the_as_of_day_is_drawn_and_listed_as_planned(monkeypatch, cepu_store):
    app = open_tab(open_dashboard(monkeypatch, cepu_store, page="sosialisasi", tanggal=AS_OF.isoformat()), 3)
    assert not app.exception, app.exception
    planned = [trace for trace in plotly_spec(app, "grafik_linimasa")["data"] if "direncanakan" in trace["name"]]
    assert [y for trace in planned for y in trace["y"]] == ["Kelurahan Cepu, Kec. Cepu"]
    assert all(trace["opacity"] < 1 for trace in planned)
    held = [trace for trace in plotly_spec(app, "grafik_linimasa")["data"] if "direncanakan" not in trace["name"]]
    assert sorted(y for trace in held for y in trace["y"]) == ["Kec. Cepu", "Kec. Jati"]

    listed = dataframe(app, "keterangan", "pelaksanaan")
    status = dict(zip(listed["keterangan"], listed["pelaksanaan"], strict=True))
    assert status == {
        "Rakor camat Jati": "terlaksana",
        "Rakor Kec. Cepu": "terlaksana",
        "Sosialisasi kelurahan": "direncanakan",
    }
    # the daily chart marks it apart, and the uplift does not judge a plan
    bars = plotly_spec(app, "grafik_harian_kegiatan")["data"]
    planned_marks = [trace for trace in bars if trace.get("name") == i18n.t("kegiatan_direncanakan")]
    assert [x[:10] for trace in planned_marks for x in trace["x"]] == ["2020-03-05"]
    open_tab(app, 1)
    verdicts = dataframe(app, "vonis", "label_wilayah")
    assert "Kelurahan Cepu, Kec. Cepu" not in set(verdicts["label_wilayah"])


def test_the_kecamatan_page_lists_a_planned_event_as_planned(monkeypatch, cepu_store):
    app = open_dashboard(monkeypatch, cepu_store, "kecamatan", kec="33.16.05", tanggal=AS_OF.isoformat())
    assert not app.exception, app.exception
    listed = dataframe(app, "keterangan", "pelaksanaan")
    assert dict(zip(listed["label_wilayah"], listed["pelaksanaan"], strict=True)) == {
        "Kec. Cepu": "terlaksana",
        "Kelurahan Cepu, Kec. Cepu": "direncanakan",
    }


@pytest.mark.parametrize(("ukuran", "key"), [("penduduk", "baru_penduduk"), ("kk", "baru_kk")])
def test_the_events_tab_chart_follows_the_measure(monkeypatch, cepu_store, ukuran, key):
    app = open_dashboard(monkeypatch, cepu_store, page="sosialisasi", tanggal="2020-03-20", ukuran=ukuran)
    open_tab(app, 3)
    assert not app.exception, app.exception
    bars = [trace for trace in plotly_spec(app, "grafik_harian_kegiatan")["data"] if trace["type"] == "bar"]
    assert [trace["name"] for trace in bars] == [i18n.t(key)]
