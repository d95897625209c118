"""Published comparison points: the right areas and days, faithful figures, drawn as markers with a source."""

from datetime import date

import plotly.graph_objects as go
import polars as pl
import pytest

from sensus.analysis import comparison
from sensus.app.charts import comparison as comparison_chart


def test_the_kabupaten_is_compared_with_indonesia_and_jawa_tengah():
    points = comparison.titik_banding("33.16", None, "penduduk")
    assert set(points["wilayah"]) == {"Indonesia", "Jawa Tengah", "Kabupaten Blora"}
    assert points["tanggal"].is_sorted()
    # no kecamatan's own points on the kabupaten's chart
    assert not points["wilayah"].str.starts_with("Kec.").any()


def test_only_points_published_by_the_as_of_day_are_shown():
    """The page set to 31 Mar cannot know May's figures; at 16 Feb it knows none."""
    points = comparison.titik_banding("33.16", date(2020, 3, 31), "penduduk")
    assert points.select("tanggal", "wilayah", "persen").rows() == [
        (date(2020, 2, 17), "Indonesia", 0.11),
        (date(2020, 3, 31), "Indonesia", 12.5),
    ]
    assert comparison.titik_banding("33.16", date(2020, 2, 16)).is_empty()


def test_a_kecamatan_gets_its_own_published_count_and_no_other():
    points = comparison.titik_banding("33.16.05", date(2020, 3, 31), "kk")
    assert points.select("wilayah", "nilai").rows() == [("Kec. Cepu", 2769)]
    # a kecamatan the source did not show has nothing of its own
    assert comparison.titik_banding("33.16.03", date(2020, 3, 31), "kk").is_empty()


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
    points = comparison.titik_banding("33.16", None, "penduduk")
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
    points = comparison.titik_banding("33.16.05", None, "kk")
    assert comparison_chart.tambah_titik_banding(figure, points, "en", kolom="nilai") == 2
    assert [(t.name, list(t.y)) for t in figure.data] == [("Kabupaten Blora", [33556]), ("Kec. Cepu", [2769])]
    assert "Source" in figure.data[1].hovertemplate and figure.data[1].customdata[0][1] == "2,769"
    # families have no published percentage: nothing to draw on a percent axis
    assert comparison_chart.tambah_titik_banding(go.Figure(), points, "en", kolom="persen") == 0
