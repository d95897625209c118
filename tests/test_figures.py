"""Figures served from Streamlit's cache (sensus.app.figures): the same figure as the builder draws, built once
per set of arguments, and only figure builders go through the cache."""

import json
from datetime import date, timedelta

import plotly.graph_objects as go
import plotly.io as pio
import polars as pl
import pytest
import streamlit as st

from sensus.app import figures
from sensus.app.charts import maps, monitoring
from sensus.app.charts.base import ChartContext
from sensus.core import config

CFG = config.read()
DAY = date(2020, 3, 10)
CALLS: list[int] = []


def counted_bars(values: pl.DataFrame, bahasa: str = "id") -> go.Figure:
    """A builder that counts its calls."""
    CALLS.append(1)
    return go.Figure(go.Bar(x=values["x"], y=values["y"]), layout={"separators": ",." if bahasa == "id" else ".,"})


@pytest.fixture(autouse=True)
def fresh_cache():
    st.cache_data.clear()
    CALLS.clear()


def harian(days: int = 25) -> pl.DataFrame:
    tanggal = [CFG.mulai + timedelta(days=d) for d in range(days)]
    return pl.DataFrame(
        {
            "tanggal": tanggal,
            "kk_baru": [10 + d for d in range(days)],
            "penduduk_baru": [35 + 3 * d for d in range(days)],
            "kk_respon": [sum(10 + x for x in range(d + 1)) for d in range(days)],
            "penduduk_respon": [sum(35 + 3 * x for x in range(d + 1)) for d in range(days)],
            "kk_target": [5_000] * days,
            "penduduk_target": [18_000] * days,
        }
    )


def kecamatan() -> pl.DataFrame:
    features = maps.load_batas(CFG.peta_kecamatan)["features"]
    return pl.DataFrame(
        {
            "kode": [f["id"] for f in features],
            "nama": [f["properties"]["nama"] for f in features],
            "penduduk_target": [10_000] * len(features),
            "penduduk_respon": [100 * i for i in range(len(features))],
            "persen_penduduk": [float(i) for i in range(len(features))],
        }
    )


def spec(figure: go.Figure) -> dict:
    """What st.plotly_chart sends, as data (the cached dict keeps plotly's keys in another order)."""
    return json.loads(pio.to_json(figure, validate=False))


def test_a_cached_figure_is_the_figure_the_builder_draws():
    ctx = ChartContext.of(DAY, "penduduk", "id", CFG)
    kegiatan = pl.DataFrame({"tanggal": [CFG.mulai + timedelta(days=5)], "jenis": ["rakor"], "keterangan": ["<b>x"]})
    geojson = maps.load_batas_tampil(CFG.peta_kecamatan)
    cases = [
        (monitoring.cumulative_curve, (harian(), ctx), {}),
        (monitoring.daily_bars, (harian(), ctx, kegiatan), {}),
        (maps.peta, (kecamatan(), geojson, "penduduk", "en"), {"mode": "jalur", "jalur_persen": 9.5}),
    ]
    for builder, args, kwargs in cases:
        direct = spec(builder(*args, **kwargs))
        assert spec(figures.figure(builder, *args, **kwargs)) == direct  # built
        assert spec(figures.figure(builder, *args, **kwargs)) == direct  # from the cache


def test_the_same_arguments_are_drawn_once_and_other_arguments_again():
    values = pl.DataFrame({"x": ["a", "b"], "y": [1, 2]})
    first = spec(figures.figure(counted_bars, values))
    again = spec(figures.figure(counted_bars, values.clone()))
    assert len(CALLS) == 1 and again == first
    changed = spec(figures.figure(counted_bars, values.with_columns(y=pl.Series([1, 3]))))
    english = spec(figures.figure(counted_bars, values, bahasa="en"))
    assert len(CALLS) == 3
    assert changed == spec(counted_bars(values.with_columns(y=pl.Series([1, 3])))) != first
    assert english["layout"]["separators"] == ".," and first["layout"]["separators"] == ",."


def test_a_view_may_add_to_the_figure_it_gets_without_changing_the_cached_one():
    values = pl.DataFrame({"x": ["a"], "y": [1]})
    figures.figure(counted_bars, values).add_annotation(text="added by a view")
    assert not figures.figure(counted_bars, values).layout.annotations


def test_a_map_drawn_through_the_cache_is_the_map_drawn_directly():
    geojson = maps.load_batas_tampil(CFG.peta_kecamatan)
    drawn = figures.figure(maps.peta, kecamatan(), geojson, "penduduk")
    assert isinstance(drawn, go.Figure)
    assert spec(drawn) == spec(maps.peta(kecamatan(), geojson, "penduduk"))


def counted_sum(values: pl.DataFrame, extra: int) -> pl.DataFrame:
    CALLS.append(1)
    return values.select(pl.col("y").sum() + extra)


def test_a_derived_frame_is_computed_once_per_arguments():
    from sensus.app import cache

    values = pl.DataFrame({"y": [1, 2]})
    assert cache.derived(counted_sum, values, 1).item() == 4
    assert cache.derived(counted_sum, values.clone(), 1).item() == 4 and len(CALLS) == 1
    assert cache.derived(counted_sum, values, 2).item() == 5
    assert cache.derived(counted_sum, values.with_columns(y=pl.Series([1, 5])), 1).item() == 7 and len(CALLS) == 3


def test_frames_that_differ_only_in_their_middle_rows_are_not_served_each_other():
    """Streamlit hashes a polars frame by its first and last ten rows; a corrected day in the middle of a month's
    curve must draw (and derive) anew."""
    from sensus.app import cache

    before = pl.DataFrame({"x": [str(i) for i in range(30)], "y": list(range(30))})
    after = before.with_columns(pl.when(pl.col("y") == 15).then(999).otherwise(pl.col("y")).alias("y"))
    figures.figure(counted_bars, before)
    assert spec(figures.figure(counted_bars, after)) == spec(counted_bars(after)) and len(CALLS) == 3
    assert cache.derived(counted_sum, before, 0).item() != cache.derived(counted_sum, after, 0).item()
