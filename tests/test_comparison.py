"""Published comparison points: the right areas and days, faithful figures, drawn as markers with a source."""

import json
from datetime import date

import plotly.graph_objects as go
import polars as pl
import pytest

from sensus.analysis import comparison
from sensus.app.charts import comparison as comparison_chart
from sensus.core import i18n, wilayah_indonesia
from tests.apptest import open_dashboard

pytestmark = pytest.mark.slow  # every test renders pages with AppTest
BLORA = wilayah_indonesia.kabupaten("33.16")


def test_the_kabupaten_is_compared_with_indonesia_and_jawa_tengah():
    points = comparison.titik_banding("33.16", None, "penduduk", wilayah=BLORA)
    assert set(points["wilayah"]) == {"Indonesia", "Jawa Tengah", "Kabupaten Blora"}
    assert points["tanggal"].is_sorted()
    # no kecamatan's own points on the kabupaten's chart
    assert not points["wilayah"].str.starts_with("Kec.").any()


def test_only_points_published_by_the_as_of_day_are_shown():
    """The page set to 31 Mar cannot know May's figures; at 16 Feb it knows none."""
    points = comparison.titik_banding("33.16", date(2020, 3, 31), "penduduk", wilayah=BLORA)
    assert points.select("tanggal", "wilayah", "persen").rows() == [
        (date(2020, 2, 17), "Indonesia", 0.11),
        (date(2020, 3, 31), "Indonesia", 12.5),
    ]
    assert comparison.titik_banding("33.16", date(2020, 2, 16), wilayah=BLORA).is_empty()


def test_a_kecamatan_gets_its_own_published_count_and_no_other():
    points = comparison.titik_banding("33.16.05", date(2020, 3, 31), "kk", wilayah=BLORA)
    assert points.select("wilayah", "nilai").rows() == [("Kec. Cepu", 2769)]
    # a kecamatan the source did not show has nothing of its own
    assert comparison.titik_banding("33.16.03", date(2020, 3, 31), "kk", wilayah=BLORA).is_empty()


def test_every_point_names_its_source_and_derived_percentages_recompute():
    points = comparison.load_perbandingan()
    assert points["sumber"].str.starts_with("https://").all()
    assert points.filter(pl.col("persen").is_not_null())["jenis_persen"].is_in(["terbit", "turunan"]).all()
    derived = {(r["wilayah"], r["tanggal"]): r for r in points.filter(pl.col("jenis_persen") == "turunan").to_dicts()}
    # bases named in the notes: SP2020 population 270.20 million; Dukcapil 2019 Blora 925,642
    assert derived["Indonesia", date(2020, 2, 17)]["persen"] == pytest.approx(100 * 288_433 / 270_200_000, abs=0.005)
    assert derived["Kabupaten Blora", date(2020, 5, 20)]["persen"] == pytest.approx(100 * 95_600 / 925_642, abs=0.005)
    # the rush factor the forecast uses comes from these figures (see test_forecast)
    national = dict(
        points.filter((pl.col("wilayah") == "Indonesia") & (pl.col("ukuran") == "penduduk"))
        .select("tanggal", "nilai")
        .rows()
    )
    assert national[date(2020, 5, 29)] == 51_400_000 and national[date(2020, 3, 31)] == 32_400_000


def test_points_are_drawn_as_markers_with_the_source_in_the_hover():
    figure = go.Figure(go.Scatter(x=[date(2020, 2, 15), date(2020, 3, 31)], y=[0, 6], mode="lines", name="Blora"))
    points = comparison.titik_banding("33.16", None, "penduduk", wilayah=BLORA)
    drawn = comparison_chart.tambah_titik_banding(figure, points, "id")
    added = figure.data[1:]
    assert drawn == points.height
    assert [t.name for t in added] == ["Indonesia", "Jawa Tengah", "Kabupaten Blora"]
    assert all(t.mode == "markers" for t in added)  # points, never an invented line
    indonesia = added[0]
    assert list(indonesia.y) == [0.11, 12.5, 15.0, 16.63, 19.0]
    assert "Sumber: %{customdata[3]}" in indonesia.hovertemplate
    assert indonesia.customdata[1][3] == "ceposonline.com"
    assert indonesia.customdata[0][2] == "dihitung dari angka terbit"
    assert indonesia.customdata[1][1] == "12,50 %"


def test_counts_go_on_a_count_axis_and_points_without_a_value_are_left_out():
    figure = go.Figure()
    points = comparison.titik_banding("33.16.05", None, "kk", wilayah=BLORA)
    assert comparison_chart.tambah_titik_banding(figure, points, "en", kolom="nilai") == 2
    assert [(t.name, list(t.y)) for t in figure.data] == [("Kabupaten Blora", [33556]), ("Kec. Cepu", [2769])]
    assert "Source" in figure.data[1].hovertemplate and figure.data[1].customdata[0][1] == "2,769"
    # families have no published percentage: nothing to draw on a percent axis
    assert comparison_chart.tambah_titik_banding(go.Figure(), points, "en", kolom="persen") == 0


# ---- what is published is drawn, and the caption names only what is drawn ------------------------------------


def test_the_published_chart_draws_every_area_including_the_points_after_the_window():
    points = comparison.titik_terbit(wilayah=BLORA)
    assert {"Indonesia", "Jawa Tengah", "Kabupaten Blora"} == set(points["wilayah"])
    figure = comparison_chart.grafik_terbit(points, date(2020, 2, 15), date(2020, 3, 31), "id")
    drawn = {t.name: list(t.x) for t in figure.data}
    assert set(drawn) == {"Indonesia", "Jawa Tengah", "Kabupaten Blora"}
    # the axis reaches the last published day, so the May points of Jawa Tengah and Blora are on it
    low, high = figure.layout.xaxis.range
    assert all(low <= day <= high for days in drawn.values() for day in days)
    assert date(2020, 5, 29) in drawn["Jawa Tengah"]
    # each point says its value; the window's end is marked
    blora = next(t for t in figure.data if t.name == "Kabupaten Blora")
    assert list(blora.text) == ["10,33 %", "13,00 %"] and "text" in blora.mode
    assert any("31 Mar" in (a.text or "") for a in figure.layout.annotations)


def test_the_curve_caption_names_only_the_areas_drawn_on_it():
    on_31_march = comparison.titik_banding("33.16", date(2020, 3, 31), "penduduk", wilayah=BLORA)
    assert comparison_chart.wilayah_digambar(on_31_march) == ["Indonesia"]
    assert comparison_chart.wilayah_digambar(comparison.titik_banding("33.16", None, wilayah=BLORA)) == [
        "Indonesia",
        "Jawa Tengah",
        "Kabupaten Blora",
    ]


def test_the_seven_published_kecamatan_counts_are_drawn_beside_the_dashboards():
    published = comparison.kecamatan_terbit(wilayah=BLORA)
    assert published.height == 7 and published["tanggal"].unique().to_list() == [date(2020, 3, 31)]
    assert comparison.kecamatan_terbit("33.16.05", wilayah=BLORA)["nilai"].to_list() == [2769]
    dashboard = pl.DataFrame({"kode": published["kode"], "kk_respon": [10] * 7})
    figure = comparison_chart.grafik_kecamatan_terbit(published, dashboard, date(2020, 3, 10), "en")
    bars, marks = figure.data
    assert dict(zip(bars.y, bars.x, strict=True))["Kec. Cepu"] == 2769 and len(bars.y) == 7
    assert list(marks.x) == [10] * 7 and "10 Mar" in marks.name and "31 Mar 2020" in bars.name


# ---- on the pages ----------------------------------------------------------------------------------------------


def charts(app) -> dict[str, dict]:
    return {
        json.loads(c.proto.spec)["layout"].get("title", {}).get("text", ""): json.loads(c.proto.spec)
        for c in app.get("plotly_chart")
    }


def test_the_overview_names_only_the_drawn_areas_and_shows_what_was_published(monkeypatch, demo_store):
    app = open_dashboard(monkeypatch, demo_store, None, tanggal="2020-03-31")
    assert not app.exception
    captions = [c.value for c in app.main.caption]
    assert i18n.t("banding_keterangan", wilayah="Indonesia") in captions
    assert not any("Jawa Tengah" in c and "Titik" in c for c in captions)
    shown = charts(app)
    published = next(spec for title, spec in shown.items() if i18n.t("terbit_grafik_judul") in title)
    assert {t["name"] for t in published["data"]} >= {"Indonesia", "Jawa Tengah", "Kabupaten Blora"}
    kecamatan = next(spec for title, spec in shown.items() if "Keluarga respon per kecamatan" in title)
    assert len(kecamatan["data"][0]["y"]) == 7


def test_a_camat_sees_their_published_figure_and_the_public_points(monkeypatch, demo_store):
    app = open_dashboard(monkeypatch, demo_store, "kecamatan", role="camat", tanggal="2020-03-10")
    assert not app.exception
    text = " ".join(m.value for m in app.main.markdown)
    assert "Kec. Jati" in text and "**847**" in text
    published = next(spec for title, spec in charts(app).items() if i18n.t("terbit_grafik_judul") in title)
    assert {t["name"] for t in published["data"]} == {"Indonesia", "Jawa Tengah", "Kabupaten Blora"}
    # no other kecamatan's name reaches the camat through it
    assert "Cepu" not in json.dumps(published)


def test_a_kecamatan_the_source_does_not_show_says_so(monkeypatch, demo_store):
    app = open_dashboard(monkeypatch, demo_store, "kecamatan", kec="33.16.03", bahasa="en")
    assert not app.exception
    assert i18n.t("terbit_kecamatan_tidak_ada", "en", nama="Kradenan", n=7, total=16) in [
        c.value for c in app.main.caption
    ]


# ---- any kabupaten/kota: its province's points where published, Indonesia's always -----------------------------


def test_a_kota_of_jawa_tengah_is_compared_with_indonesia_and_its_province_but_never_with_blora():
    semarang = wilayah_indonesia.kabupaten("33.74")
    points = comparison.titik_banding(semarang.kode, None, "penduduk", wilayah=semarang)
    assert set(points["wilayah"]) == {"Indonesia", "Jawa Tengah"}
    assert set(comparison.titik_terbit(wilayah=semarang)["wilayah"]) == {"Indonesia", "Jawa Tengah"}
    # Blora's kecamatan counts are Blora's: a kecamatan of Semarang has none
    assert comparison.kecamatan_terbit(wilayah=semarang).is_empty()
    assert comparison.cakupan_kecamatan_terbit(wilayah=semarang) == {"sumber": "", "n": 0, "total": 16}


def test_a_region_of_a_province_without_published_points_gets_indonesia_alone_and_no_error():
    banda_aceh = wilayah_indonesia.kabupaten("11.71")
    points = comparison.titik_banding(banda_aceh.kode, date(2020, 5, 31), "penduduk", wilayah=banda_aceh)
    assert set(points["wilayah"]) == {"Indonesia"} and points.height == 5
    assert comparison.titik_banding(banda_aceh.kode, None, "kk", wilayah=banda_aceh).is_empty()
    assert set(comparison.titik_terbit(wilayah=banda_aceh)["wilayah"]) == {"Indonesia"}
