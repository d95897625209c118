"""The province deployment's pages: the province overview read from the published marts, the drill into a
kabupaten, and the kabupaten each run serves (?kab=), checked on DI Yogyakarta's five demo stores."""

import dataclasses
import json
import shutil
from datetime import date

import polars as pl
import pytest

from sensus.analysis import comparison
from sensus.app.charts import comparison as comparison_charts
from sensus.app.charts import maps as maps_charts
from sensus.app.charts import monitoring as monitoring_charts
from sensus.app.views import provinsi
from sensus.auth import roles, users
from sensus.core import i18n, wilayah_indonesia
from sensus.core.scope import Scope
from sensus.province import publish
from sensus.store import database, reports
from tests.province import BELUM_TERBIT, KABUPATEN, open_province

HARI = date(2020, 3, 10)
KEPALA = users.User("uji-kepala-provinsi", ("kepala_provinsi",))
# a kabupaten head bound to Bantul (34.02)
KEPALA_BANTUL = users.User("uji-pimpinan-3402", ("pimpinan",), kabupaten="34.02")


def store_report(demo, kode: str, tanggal: date) -> dict:
    """The kabupaten store's own whole-region figures (sensus.store.reports.capaian) on `tanggal`."""
    con = database.connect_reader(demo.store(kode))
    try:
        frame = reports.capaian(con, tanggal, "kabupaten", scope=Scope(), region=wilayah_indonesia.kabupaten(kode))
    finally:
        con.close()
    return frame.row(0, named=True)


def shown_text(app) -> str:
    """Every text the run drew where a viewer reads it: titles, captions, markdown, alerts, metrics, tables, widgets."""
    parts = [
        element.value
        for kind in ("title", "header", "subheader", "caption", "markdown", "text")
        for element in getattr(app, kind)
    ]
    parts += [element.value for kind in ("warning", "info", "error", "success") for element in getattr(app, kind)]
    parts += [f"{metric.label} {metric.value}" for metric in app.metric]
    parts += [frame.value.to_csv() for frame in app.dataframe]
    parts += [" ".join(map(str, box.options)) for box in app.selectbox]
    return "\n".join(map(str, parts))


def kabupaten_table(app) -> pl.DataFrame:
    return pl.from_pandas(next(frame.value for frame in app.dataframe if "peringkat" in frame.value.columns))


def test_the_province_page_ranks_every_kabupaten_with_its_own_stores_rates(monkeypatch, province_demo):
    app = open_province(monkeypatch, province_demo, KEPALA, tanggal=HARI.isoformat(), ukuran="kk")
    assert not app.exception
    assert app.title[0].value == "SP2020 Online · Provinsi Daerah Istimewa Yogyakarta"
    table = kabupaten_table(app)
    assert sorted(table["kode"]) == list(KABUPATEN)
    expected = {kode: store_report(province_demo, kode, HARI) for kode in KABUPATEN}
    for row in table.iter_rows(named=True):
        own = expected[row["kode"]]
        assert row["persen_kk"] == pytest.approx(own["persen_kk"], abs=1e-9), row["kode"]
        assert row["kk_respon"] == own["kk_respon"]
        assert row["kk_target"] == own["kk_target"]
    # best first, numbered 1..5
    assert table["persen_kk"].to_list() == sorted(table["persen_kk"].to_list(), reverse=True)
    assert table["peringkat"].to_list() == [1, 2, 3, 4, 5]
    # the headline: the province's households as the five stores sum them
    respon = sum(own["kk_respon"] for own in expected.values())
    target = sum(own["kk_target"] for own in expected.values())
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Respon rumah tangga"] == i18n.persen(100 * respon / target, "id", 2)
    assert metrics["Rumah tangga respon"] == i18n.angka(respon, "id")
    assert metrics["Kabupaten/kota terbit"] == "5 dari 5"
    # until when the published data run: each store's last day with a new household
    last_days = set()
    for kode in KABUPATEN:
        con = database.connect_reader(province_demo.store(kode))
        try:
            last_days.add(reports.status_data(con, scope=Scope())["hari_data_terakhir"])
        finally:
            con.close()
    assert len(last_days) == 1, "the demo's stores all run to one day; the sentence for one day is checked"
    assert last_days.pop() >= HARI, "the demo's stores all run past the day shown; the sentence for that is checked"
    assert f"Data semua kabupaten/kota yang terbit mencakup {i18n.tanggal(HARI, 'id')}." in [
        caption.value for caption in app.caption
    ]


@pytest.mark.parametrize("bahasa", ["id", "en"])
def test_on_an_early_day_the_page_speaks_of_that_day_not_of_the_last_data_day(monkeypatch, province_demo, bahasa):
    """On 20 February every kabupaten's data cover the day: the page says so, and names no later day as if the
    figures were those of the end of the window."""
    early = date(2020, 2, 20)
    app = open_province(monkeypatch, province_demo, KEPALA, tanggal=early.isoformat(), bahasa=bahasa)
    assert not app.exception
    covered = {
        "id": "Data semua kabupaten/kota yang terbit mencakup 20 Feb 2020.",
        "en": "Every published regency's and city's data cover 20 Feb 2020.",
    }
    assert covered[bahasa] in [caption.value for caption in app.caption]


def test_kabupaten_whose_data_stop_before_the_day_are_counted_with_the_earliest():
    stops = pl.Series([date(2020, 3, 31), date(2020, 3, 5), date(2020, 3, 1)])
    said = provinsi._data_until(stops, date(2020, 3, 10), "id")
    assert said.startswith("Data 2 kabupaten/kota berhenti sebelum 10 Mar 2020 (yang paling awal 1 Mar 2020)")
    assert provinsi._data_until(stops, date(2020, 3, 1), "id") == (
        "Data semua kabupaten/kota yang terbit mencakup 1 Mar 2020."
    )


def test_the_province_page_speaks_english(monkeypatch, province_demo):
    app = open_province(monkeypatch, province_demo, KEPALA, tanggal=HARI.isoformat(), bahasa="en")
    assert not app.exception
    assert app.title[0].value == "SP2020 Online · Daerah Istimewa Yogyakarta province"
    assert {metric.label: metric.value for metric in app.metric}["Regencies/cities published"] == "5 of 5"
    # each card says what it holds: the households' rate and their number are told apart
    labels = [metric.label for metric in app.metric]
    assert len(set(labels)) == len(labels), labels


def test_a_kabupaten_without_a_published_version_is_listed_as_not_published(monkeypatch, province_demo):
    app = open_province(monkeypatch, province_demo, KEPALA, terbit=province_demo.terbit_partial)
    assert not app.exception
    table = kabupaten_table(app)
    missing = table.filter(pl.col("kode") == BELUM_TERBIT).row(0, named=True)
    assert missing["status"] == "Belum terbit"
    assert missing["persen_penduduk"] is None and missing["peringkat"] is None
    # listed last, the others ranked before it
    assert table["kode"][-1] == BELUM_TERBIT
    assert table.filter(pl.col("kode") != BELUM_TERBIT)["status"].unique().to_list() == ["Terbit"]
    assert {metric.label: metric.value for metric in app.metric}["Kabupaten/kota terbit"] == "4 dari 5"
    assert "Peringkat 4 kabupaten/kota (dari 5)" in [header.value for header in app.subheader]


def test_selecting_a_kabupaten_lands_on_its_overview_with_its_figures(monkeypatch, province_demo):
    app = open_province(monkeypatch, province_demo, KEPALA, tanggal=HARI.isoformat())
    table = kabupaten_table(app)
    row = next(i for i, kode in enumerate(table["kode"]) if kode == "34.03")
    app.session_state["tabel_kabupaten"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    app.run()
    assert not app.exception
    assert app.query_params["kab"] == "34.03"
    assert app.title[0].value == "SP2020 Online · Kabupaten Gunungkidul"
    own = store_report(province_demo, "34.03", HARI)
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Respon penduduk"] == i18n.persen(own["persen_penduduk"], "id", 2)
    assert metrics["Respon rumah tangga"] == i18n.persen(own["persen_kk"], "id", 2)
    # a click on one of its kecamatan names the kabupaten in the link, as it names the day
    app.session_state["tabel_kecamatan"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    assert not app.exception
    assert app.query_params["kab"] == "34.03" and app.query_params["kec"].startswith("34.03.")
    assert app.query_params["tanggal"] == HARI.isoformat()
    # the kabupaten stays across a page switch without ?kab= in the link
    app.switch_page("pages/desa.py").run()
    assert not app.exception
    assert app.query_params["kab"] == "34.03"
    assert "Gunungkidul" in shown_text(app)


def test_a_kecamatan_of_a_chosen_kabupaten_opens_its_page_in_that_kabupaten(monkeypatch, province_demo):
    app = open_province(monkeypatch, province_demo, KEPALA, tanggal=HARI.isoformat())
    box = next(box for box in app.selectbox if box.key == "provinsi_kecamatan_dari_id")
    assert box.label == "Lihat kecamatan di"
    box.set_value("34.04").run()
    grid = next(frame for frame in app.dataframe if frame.value["kode"].str.startswith("34.04.").all())
    assert grid.proto.column_order[0] == "nama" and "kode" not in grid.proto.column_order
    kecamatan = grid.value
    first = kecamatan["kode"].iloc[0]
    app.session_state["tabel_kecamatan_34.04"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    app.run()
    assert not app.exception
    assert app.query_params["kab"] == "34.04" and app.query_params["kec"] == first
    assert kecamatan["nama"].iloc[0] in shown_text(app)


def test_a_head_bound_to_one_kabupaten_never_sees_anothers(monkeypatch, province_demo):
    other = wilayah_indonesia.kabupaten("34.01")
    app = open_province(monkeypatch, province_demo, KEPALA_BANTUL, kab="34.01", tanggal=HARI.isoformat())
    assert not app.exception
    assert app.query_params["kab"] == "34.02"
    text = shown_text(app)
    assert "Bantul" in text
    assert other.nama not in text and "Kulon Progo" not in text
    # a warning says the link asked for what they may not open
    assert any("34.01" in warning.value for warning in app.warning)
    # none of the other kabupaten's figures: its rate is not on any card
    own = store_report(province_demo, "34.02", HARI)
    theirs = store_report(province_demo, "34.01", HARI)
    cards = {metric.value for metric in app.metric}
    assert i18n.persen(own["persen_penduduk"], "id", 2) in cards
    assert i18n.persen(theirs["persen_penduduk"], "id", 2) not in cards
    # no switcher, and no province page among theirs
    assert not any(box.key == "kab_pilihan" for box in app.selectbox)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/provinsi.py")


@pytest.mark.parametrize("asked", ["99.99", "garbage", "33.16"])
def test_a_kab_the_deployment_does_not_serve_opens_the_viewers_first(monkeypatch, province_demo, asked):
    app = open_province(monkeypatch, province_demo, KEPALA, page="ringkasan", kab=asked, bahasa="en")
    assert not app.exception
    assert app.query_params["kab"] == "34.01"
    assert app.warning and "which you cannot open" in app.warning[0].value
    assert app.title[0].value == "SP2020 Online · Kabupaten Kulon Progo"


def test_the_sidebar_switches_the_kabupaten(monkeypatch, province_demo):
    app = open_province(monkeypatch, province_demo, KEPALA, page="ringkasan", tanggal=HARI.isoformat())
    assert app.title[0].value == "SP2020 Online · Kabupaten Kulon Progo"
    switcher = next(box for box in app.selectbox if box.label == "Kabupaten/kota" and box.key == "kab_pilihan")
    assert list(switcher.options) == [wilayah_indonesia.nama_wilayah(kode) for kode in KABUPATEN]
    switcher.set_value("34.71").run()
    assert not app.exception
    assert app.query_params["kab"] == "34.71"
    assert app.title[0].value == "SP2020 Online · Kota Yogyakarta"
    own = store_report(province_demo, "34.71", HARI)
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["Respon penduduk"] == i18n.persen(own["persen_penduduk"], "id", 2)


def test_the_ranking_lists_every_served_kabupaten_published_or_not():
    peringkat = pl.DataFrame(
        {
            "kode_kab": ["34.02", "34.01"],
            "nama_kab": ["Kabupaten Kulon Progo", "Kabupaten Bantul"],
            "kk_target": [100, 100],
            "penduduk_target": [300, 300],
            "kk_respon": [30, 50],
            "penduduk_respon": [90, 120],
            "kk_clean": [20, 40],
            "persen_kk": [30.0, 50.0],
            "persen_penduduk": [30.0, 40.0],
            "versi": [1, 2],
        }
    )
    terakhir = pl.DataFrame({"kode_kab": ["34.01", "34.02"], "hari_data_terakhir": [HARI, date(2020, 3, 5)]})
    ranked = provinsi.ranked_kabupaten(("34.01", "34.02", "34.71"), peringkat, terakhir, "kk", 45.0, HARI)
    assert ranked["kode"].to_list() == ["34.01", "34.02", "34.71"]
    assert ranked["hari_data_terakhir"].to_list() == [HARI, date(2020, 3, 5), None]
    # on an earlier day, the figures shown run until that day: no row says its data run until a later one
    earlier = provinsi.ranked_kabupaten(("34.01", "34.02"), peringkat, terakhir, "kk", 45.0, date(2020, 2, 20))
    assert earlier["hari_data_terakhir"].to_list() == [date(2020, 2, 20), date(2020, 2, 20)]
    assert ranked["peringkat"].to_list() == [1, 2, None]
    assert ranked["selisih_jalur"].to_list() == [5.0, -15.0, None]
    assert ranked["is_terbit"].to_list() == [True, True, False]
    totals = provinsi.province_totals(ranked)
    assert totals["kk_respon"] == 80 and totals["persen_kk"] == pytest.approx(40.0)


def test_a_province_with_boundaries_maps_its_kabupaten(monkeypatch, province_demo, tmp_path):
    # two DI Yogyakarta stores published as Blora and Rembang: Jawa Tengah's page, whose other 33 kabupaten have
    # published nothing (and have no store), draws its map from data/batas/33
    terbit = tmp_path / "terbit"
    publish.publish(province_demo.store("34.01"), "33.16", terbit, is_region_checked=False)
    publish.publish(province_demo.store("34.02"), "33.17", terbit, is_region_checked=False)
    demo = dataclasses.replace(province_demo, provinsi="33")
    app = open_province(monkeypatch, demo, KEPALA, terbit=terbit, tanggal=HARI.isoformat())
    assert not app.exception
    assert app.title[0].value == "SP2020 Online · Provinsi Jawa Tengah"
    assert "Peta kabupaten/kota" in [header.value for header in app.subheader]
    maps = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    choropleth = next(trace for spec in maps for trace in spec["data"] if trace["type"] == "choroplethmap")
    assert sorted(choropleth["locations"]) == ["33.16", "33.17"]
    table = kabupaten_table(app)
    assert table.height == 35
    assert table.filter(pl.col("status") == "Terbit")["kode"].sort().to_list() == ["33.16", "33.17"]
    assert {metric.label: metric.value for metric in app.metric}["Kabupaten/kota terbit"] == "2 dari 35"


@pytest.mark.slow
def test_no_page_of_a_bound_head_names_another_kabupaten(monkeypatch, province_demo):
    app = open_province(monkeypatch, province_demo, KEPALA_BANTUL, kab="34.01", tanggal=HARI.isoformat())
    others = [wilayah_indonesia.nama_wilayah(kode) for kode in KABUPATEN if kode != "34.02"]
    for page in roles.pages(KEPALA_BANTUL.roles, province=True):
        app.switch_page(f"pages/{page}.py").run()
        assert not app.exception, page
        assert app.query_params["kab"] == "34.02", page
        text = shown_text(app)
        assert not [name for name in others if name in text], page


def test_a_published_folder_that_cannot_be_read_is_said_not_shown_as_a_traceback(monkeypatch, province_demo, tmp_path):
    terbit = tmp_path / "terbit"
    shutil.copytree(province_demo.terbit, terbit)
    (terbit / "34.01" / "CURRENT").write_text("rusak\n", encoding="ascii")
    app = open_province(monkeypatch, province_demo, KEPALA, terbit=terbit)
    assert not app.exception
    assert app.error[0].value.startswith("Data yang diterbitkan kabupaten/kota tidak dapat dibaca")
    assert str(tmp_path) not in shown_text(app)
    assert not app.metric and not app.dataframe


def _rates(values: list[float]) -> pl.DataFrame:
    """Areas named as the ranking charts name them, with the given household rates."""
    codes = [f"34.0{n}" for n in range(1, len(values) + 1)]
    return pl.DataFrame(
        {
            "kode": codes,
            "nama": [f"Kabupaten {n}" for n in range(1, len(values) + 1)],
            "kk_respon": [int(v * 10) for v in values],
            "kk_target": [1000] * len(values),
            "persen_kk": values,
        }
    )


def test_the_ranking_leaves_room_for_the_rate_written_beside_the_longest_bar():
    # the best kabupaten beyond the target path's line: the axis used to end at its bar, cutting "62,50 %" off (a
    # phone's plot needs about a third of the span for it)
    figure = monitoring_charts.ranking(_rates([62.5, 40.0, 10.0]), "kk", "id", 45.0, desimal=2)
    low, high = figure.layout.xaxis.range
    assert low == 0 and high >= 62.5 * 1.3
    assert list(figure.data[0].text) == ["10,00 %", "40,00 %", "62,50 %"]
    # the target line beyond every bar still fits, with the room after it
    low, high = monitoring_charts.ranking(_rates([0.79, 0.71]), "kk", "id", 1.0).layout.xaxis.range
    assert high >= 1.0 * 1.3


def test_the_bars_drawn_for_a_province_without_maps_leave_room_for_their_values_on_both_sides():
    rates = _rates([0.79, 0.72, 0.70])
    high = maps_charts.batang_tanpa_peta(rates, "kk", "id", "persen").layout.xaxis.range[1]
    assert high >= 0.79 * 1.3
    # the gap to the target path is negative for all: the room is on the left
    low, high = maps_charts.batang_tanpa_peta(rates, "kk", "id", "jalur", 1.0).layout.xaxis.range
    assert low <= -0.30 * 1.3 and high == 0


def test_the_published_figures_name_indonesia_even_when_its_points_are_the_only_ones():
    points = comparison.titik_terbit(wilayah=wilayah_indonesia.kabupaten("34.01"))
    points = points.filter(pl.col("kode").fill_null("") == "")
    figure = comparison_charts.grafik_terbit(points, date(2020, 2, 15), date(2020, 3, 31), "id")
    assert len(figure.data) == 1 and figure.layout.showlegend is True
    assert figure.data[0].name == "Indonesia"


def test_the_province_ranking_and_table_read_as_the_cards_do(monkeypatch, province_demo):
    app = open_province(monkeypatch, province_demo, KEPALA, tanggal="2020-02-16", ukuran="kk")
    assert not app.exception
    table = kabupaten_table(app)
    # the ranking chart writes each rate with two decimals, as the table and the cards: on the first day the
    # rates lie within a tenth of a point of each other
    specs = [json.loads(chart.proto.spec) for chart in app.get("plotly_chart")]
    bars = next(
        trace
        for spec in specs
        for trace in spec["data"]
        if trace.get("type") == "bar" and "meta" not in trace and trace.get("customdata")
    )
    written = dict(zip((row[-1] for row in bars["customdata"]), bars["text"], strict=True))
    assert written == {row["kode"]: i18n.persen(row["persen_kk"], "id", 2) for row in table.iter_rows(named=True)}
    # on screen the rank and the name lead, pinned; the code is left to the downloads
    grid = next(frame for frame in app.dataframe if "peringkat" in frame.value.columns)
    order = list(grid.proto.column_order)
    assert order[:2] == ["peringkat", "nama"] and "kode" not in order
    settings = json.loads(grid.proto.columns)
    assert {name for name, setting in settings.items() if setting.get("pinned")} == {"peringkat", "nama"}
    assert "Peringkat 5 kabupaten/kota" in [header.value for header in app.subheader]
    # every heading in words: the published state's column too
    assert settings["status"]["label"] == "Status"
    # no sidebar choice of one kabupaten on the page of them all (it changed nothing there)
    assert not any(box.key == "kab_pilihan" for box in app.selectbox)


def test_the_province_head_reads_the_audit_log_the_navigation_offers(monkeypatch, province_demo):
    app = open_province(monkeypatch, province_demo, KEPALA, page="audit", kab="34.02")
    assert not app.exception
    assert not app.error, [error.value for error in app.error]
    assert app.title[0].value == "Log audit"


@pytest.mark.parametrize(
    ("bahasa", "expected"),
    [
        ("id", "Provinsi Daerah Istimewa Yogyakarta · hanya untuk pengguna terdaftar."),
        ("en", "Daerah Istimewa Yogyakarta province · registered users only."),
    ],
)
def test_the_sign_in_page_of_a_province_names_the_province_not_one_kabupaten(
    monkeypatch, province_demo, bahasa, expected
):
    app = open_province(monkeypatch, province_demo, KEPALA, bahasa=bahasa)
    app.button(key="keluar").click().run()
    assert not app.exception
    captions = [caption.value for caption in app.caption]
    assert expected in captions, captions
    assert not [caption for caption in captions if "Kulon Progo ·" in caption]
